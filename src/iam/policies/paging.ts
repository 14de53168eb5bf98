/**
 * IAM pagination (docs/HANDLERS.md): `Marker` is the last key returned (tagged), base64url-encoded;
 * `MaxItems` 1–1000, default 100; `IsTruncated` and `Marker` in the result.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/Welcome.html ("Using pagination")
 */
import { ValidationError } from '../../core/errors.js';
import type { ReadTx } from '../../store/types.js';

export interface PageInput {
  readonly Marker?: string;
  readonly MaxItems?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly IsTruncated: boolean;
  readonly Marker: string | undefined;
}

const DEFAULT_MAX_ITEMS = 100;

/** Every marker handed out starts (before encoding) with this, so one from elsewhere is told apart. */
const MARK = 'k:';

export const encodeMarker = (key: string): string => Buffer.from(MARK + key, 'utf8').toString('base64url');

/**
 * The key a Marker stands for. A marker no List action here handed out is AWS's 400
 * ValidationError "Invalid Marker." (LocalStack test_iam_mfa.py::test_list_virtual_mfa_devices
 * "list-invalid-marker-error", recorded against AWS) — for every List action, all of which page
 * through this function.
 */
export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (!text.startsWith(MARK) || Buffer.from(text, 'utf8').toString('base64url') !== marker) throw ValidationError('Invalid Marker.');
  return text.slice(MARK.length);
}

const limitOf = (input: PageInput): number => input.MaxItems ?? DEFAULT_MAX_ITEMS;

/** One page of an in-memory list already sorted by `keyOf` (byte order). */
export function pageOf<T>(sorted: readonly T[], keyOf: (t: T) => string, input: PageInput): Page<T> {
  const after = decodeMarker(input.Marker);
  const limit = limitOf(input);
  const rest = after === undefined ? sorted : sorted.filter((t) => keyOf(t) > after);
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  const truncated = rest.length > limit && last !== undefined;
  return { items, IsTruncated: truncated, Marker: truncated ? encodeMarker(keyOf(last)) : undefined };
}

/** One page of items of one kind under `prefix`, straight from a key-range scan. */
export async function pageOfStore<T>(tx: ReadTx, account: string, kind: string, prefix: string, input: PageInput): Promise<Page<{ key: string; data: T }>> {
  const after = decodeMarker(input.Marker);
  const limit = limitOf(input);
  const rows = await tx.list<T>(account, kind, { prefix, ...(after === undefined ? {} : { after: prefix + after }), limit: limit + 1 });
  const items = rows.slice(0, limit).map((r) => ({ key: r.key.slice(prefix.length), data: r.data }));
  const last = items[items.length - 1];
  const truncated = rows.length > limit && last !== undefined;
  return { items, IsTruncated: truncated, Marker: truncated ? encodeMarker(last.key) : undefined };
}

/** The result members every List action ends with. */
export function pageTail(p: Page<unknown>): { IsTruncated: boolean; Marker: string | undefined } {
  return { IsTruncated: p.IsTruncated, Marker: p.Marker };
}
