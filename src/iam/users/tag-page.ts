/**
 * ListUserTags pages through the tags of one item: tags in key order (ignoring case), the marker
 * being the last key returned, as in every other List action here.
 */
import type { Tag } from '../shapes.js';
import { decodeMarker, encodeMarker, type PageInput } from './paging.js';

export function encodeQueryTagPage(tags: readonly Tag[], input: PageInput): { Tags: { Key: string; Value: string }[]; IsTruncated: boolean; Marker: string | undefined } {
  const sorted = [...tags].sort((a, b) => cmp(a.Key.toLowerCase(), b.Key.toLowerCase()));
  const after = decodeMarker(input.Marker)?.toLowerCase();
  const rest = after === undefined ? sorted : sorted.filter((t) => t.Key.toLowerCase() > after);
  const max = input.MaxItems ?? 100;
  const page = rest.slice(0, max).map((t) => ({ Key: t.Key, Value: t.Value }));
  const last = page[page.length - 1];
  const truncated = rest.length > max && last !== undefined;
  return { Tags: page, IsTruncated: truncated, Marker: truncated ? encodeMarker(last.Key) : undefined };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
