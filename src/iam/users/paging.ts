/**
 * Pagination for the List actions of the user, access-key and group families (docs/HANDLERS.md):
 * `Marker` is the last store key returned, base64url-encoded (policies/paging.ts's codec);
 * `MaxItems` 1–1000, default 100; `IsTruncated` always, `Marker` only when truncated.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/Welcome.html ("Using pagination")
 */
import type { Item, ReadTx } from '../../store/types.js';
import { type Page, type PageInput, decodeMarker, encodeMarker } from '../policies/paging.js';

export { type PageInput, decodeMarker, encodeMarker };

const DEFAULT_MAX_ITEMS = 100;
const BATCH = 1000;

/**
 * One page of the items of `kind` under `prefix` in key order, keeping those `filter` accepts
 * (e.g. a PathPrefix). Scans in batches, so a sparse filter still answers a full page.
 */
export async function listPage<T>(
  tx: ReadTx,
  account: string,
  kind: string,
  input: PageInput & { readonly prefix?: string; readonly filter?: (item: Item<T>) => boolean },
): Promise<Page<Item<T>>> {
  const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const out: Item<T>[] = [];
  let after = decodeMarker(input.Marker);
  // One extra match tells whether the list goes on.
  for (;;) {
    const batch = await tx.list<T>(account, kind, {
      ...(input.prefix === undefined ? {} : { prefix: input.prefix }),
      ...(after === undefined ? {} : { after }),
      limit: input.filter === undefined ? max + 1 : BATCH,
    });
    for (const item of batch) {
      if (input.filter === undefined || input.filter(item)) out.push(item);
      if (out.length > max) break;
    }
    const last = batch[batch.length - 1];
    if (out.length > max || last === undefined || input.filter === undefined || batch.length < BATCH) break;
    after = last.key;
  }
  const items = out.slice(0, max);
  const truncated = out.length > max;
  const tail = items[items.length - 1];
  return { items, IsTruncated: truncated, Marker: truncated && tail !== undefined ? encodeMarker(tail.key) : undefined };
}
