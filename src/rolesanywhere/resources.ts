/**
 * What every Roles Anywhere resource (trust anchor, profile, CRL, subject) does alike: items keyed
 * `<Region>/<id>` in the caller's account, found or ResourceNotFoundException ("Resource not
 * found"), changed in one read-modify-write transaction guarded by the item's version (with
 * `updatedAt` set), deleted, enabled or disabled, and listed a Region at a time with `pageSize`
 * (1–1000, default 50) and an opaque `nextToken`. Each action file declares its own actions and
 * calls these.
 */
import type { ActionContext, Output } from '../core/action.js';
import { NoSuchEntity, ValidationError } from '../core/errors.js';
import { pageAfter, pageToken } from '../core/page-token.js';
import { uuidFrom } from '../credentials/random.js';
import type { Item, ReadTx, WriteTx } from '../store/types.js';

export interface ResourceType<D> {
  readonly kind: string;
  /** The member of the answers that carries one (`trustAnchor`, `profile`, `crl`, `subject`). */
  readonly member: string;
  readonly view: (data: D) => Output;
}

/** A random (version 4) UUID from the server's random source. */
export const newUuid = (ctx: Pick<ActionContext, 'services'>): string => uuidFrom(ctx.services.random);

export const itemKey = (region: string, id: string): string => `${region}/${id}`;

/** The item an id names in the caller's account and Region, or ResourceNotFoundException. */
export async function itemIn<D>(tx: Pick<ReadTx, 'get'>, ctx: ActionContext, type: ResourceType<D>, id: string): Promise<Item<D>> {
  const item = await tx.get<D>(ctx.caller.account, type.kind, itemKey(ctx.region, id));
  if (item === undefined) throw NoSuchEntity('Resource not found');
  return item;
}

/** `{ <member>: view }` of the item an id names. */
export function getItem<D>(ctx: ActionContext, type: ResourceType<D>, id: string): Promise<Output> {
  return ctx.store.read(async (tx) => ({ [type.member]: type.view((await itemIn(tx, ctx, type, id)).data) }));
}

/** One read-modify-write in a single transaction (the item's version guards it); answers `{ <member>: view }`. */
export function updateItem<D extends { readonly updatedAt: string }>(ctx: ActionContext, type: ResourceType<D>, id: string, change: (data: D, tx: WriteTx) => D | Promise<D>): Promise<Output> {
  return ctx.store.write(async (tx) => {
    const item = await itemIn(tx, ctx, type, id);
    const data = { ...(await change(item.data, tx)), updatedAt: ctx.now.toISOString() };
    await tx.put({ account: ctx.caller.account, kind: type.kind, key: item.key, data }, item.version);
    return { [type.member]: type.view(data) };
  });
}

/** Enable/Disable: the `enabled` flag set. */
export const setEnabled = <D extends { readonly updatedAt: string; readonly enabled: boolean }>(ctx: ActionContext, type: ResourceType<D>, id: string, enabled: boolean): Promise<Output> =>
  updateItem(ctx, type, id, (d) => ({ ...d, enabled }));

/** Deletes the item (and whatever `alsoIn` deletes with it, in the same transaction); answers what was deleted. */
export function deleteItem<D>(ctx: ActionContext, type: ResourceType<D>, id: string, alsoIn?: (tx: WriteTx, item: Item<D>) => Promise<void>): Promise<Output> {
  return ctx.store.write(async (tx) => {
    const item = await itemIn(tx, ctx, type, id);
    await alsoIn?.(tx, item);
    await tx.delete(ctx.caller.account, type.kind, item.key, item.version);
    return { [type.member]: type.view(item.data) };
  });
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;

function pageSizeOf(pageSize: number | undefined): number {
  if (pageSize === undefined) return DEFAULT_PAGE;
  if (pageSize < 1 || pageSize > MAX_PAGE) throw ValidationError(`1 validation error detected: Value '${pageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and ${MAX_PAGE}`);
  return pageSize;
}

/** One page of the Region's items: `{ <listMember>: views, nextToken }`. */
export function listItems<D>(ctx: ActionContext, kind: string, input: { readonly pageSize?: number; readonly nextToken?: string }, listMember: string, view: (data: D) => Output): Promise<Output> {
  return ctx.store.read(async (tx) => {
    const prefix = `${ctx.region}/`;
    const size = pageSizeOf(input.pageSize);
    const after = pageAfter(input.nextToken, prefix);
    const items = await tx.list<D>(ctx.caller.account, kind, { prefix, ...(after === undefined ? {} : { after }), limit: size + 1 });
    const page = items.slice(0, size);
    return { nextToken: items.length > size ? pageToken(page[page.length - 1]!.key) : undefined, [listMember]: page.map((i) => view(i.data)) };
  });
}
