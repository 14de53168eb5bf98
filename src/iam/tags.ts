/**
 * Tags on IAM resources (users, roles, policies, instance profiles, identity providers): keys
 * unique ignoring case, at most 50 per resource, and the request-context keys AWS sets for
 * tagging calls (aws:RequestTag/KEY, aws:TagKeys).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
 */
import { memberOf } from '../core/input.js';
import { InvalidInput, LimitExceeded } from '../core/errors.js';
import type { StringSpec } from '../core/input.js';
import { type ActionContext, type AnyAction, action } from '../core/action.js';
import type { Item, ReadTx, WriteTx } from '../store/types.js';
import { type Tag, paging, tagKeys, tags } from './shapes.js';
import { encodeQueryTagPage } from './users/tag-page.js';

export const MAX_TAGS = 50;

/** AWS: "Tag keys are case insensitive" — two keys differing only in case are duplicates. */
export function checkDuplicateTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw InvalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
}

/** AWS's LimitExceeded message past MAX_TAGS for most resources (TagsPerUser, TagsPerPolicy, …). */
const quotaMessage = (quotaName: string): string => `Cannot exceed quota for ${quotaName}: ${MAX_TAGS}`;

/**
 * Tag*: "If a tag with the same key name already exists, then that tag is overwritten with the
 * new value" (API_TagUser) — matched ignoring case; the request's spelling of the key wins.
 * `added` has been checked for duplicates; `tooMany` is AWS's LimitExceeded message.
 */
function overlayTags(existing: readonly Tag[], added: readonly Tag[], tooMany: string): Tag[] {
  const out = existing.map((t) => ({ Key: t.Key, Value: t.Value }));
  for (const t of added) {
    const i = out.findIndex((o) => o.Key.toLowerCase() === t.Key.toLowerCase());
    if (i >= 0) out[i] = { Key: t.Key, Value: t.Value };
    else out.push({ Key: t.Key, Value: t.Value });
  }
  if (out.length > MAX_TAGS) throw LimitExceeded(tooMany);
  return out;
}

/** overlayTags after the duplicate check; `quotaName` names the quota in AWS's LimitExceeded message. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[], quotaName: string): Tag[] {
  checkDuplicateTags(added);
  return overlayTags(existing, added, quotaMessage(quotaName));
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** aws:RequestTag/KEY for each tag and aws:TagKeys (reference_policies_condition-keys.html). */
export function requestTagContext(tags: readonly Tag[] | undefined): Record<string, string | readonly string[]> {
  if (tags === undefined || tags.length === 0) return {};
  const ctx: Record<string, string | readonly string[]> = {};
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  ctx['aws:TagKeys'] = tags.map((t) => t.Key);
  return ctx;
}

/** A resource whose tags live in its own item (`data.tags`), named by one request parameter. */
export interface TagTarget<P extends string, D extends { readonly tags: readonly Tag[] }> {
  /** AWS's noun in the action names: Tag<noun>, Untag<noun>, List<noun>Tags. */
  readonly noun: string;
  /** The parameter naming the resource (RoleName, SAMLProviderArn, …) and its shape. */
  readonly param: P;
  readonly spec: StringSpec;
  /** The ARN the calls are authorized against. */
  readonly resource: (ctx: ActionContext, name: string) => string | Promise<string>;
  /** The resource as a denial names it when the ARN holds what only the store knows (../denied-as.ts). */
  readonly deniedAs?: (name: string) => string;
  /** The resource's item, or its NoSuchEntity in AWS's words. */
  readonly get: (tx: ReadTx, account: string, name: string) => Promise<Item<D>>;
  /** `{ quota: 'TagsPerRole' }` for "Cannot exceed quota for TagsPerRole: 50", or AWS's whole message. */
  readonly tooMany: { readonly quota: string } | { readonly message: string };
}


/** Rewrites an item at its version with new data, keeping its key and secondary id. */
function rewrite<D>(tx: WriteTx, item: Item<D>, data: D): Promise<Item<D>> {
  const { account, kind, key, id } = item;
  return tx.put<D>(id === undefined ? { account, kind, key, data } : { account, kind, key, id, data }, item.version);
}

/**
 * Tag<noun>, Untag<noun>, List<noun>Tags for one resource type, written once (as attachments.ts
 * does for the policy attachments of users, groups and roles). Duplicate keys are refused before
 * the resource is looked up; an Untag that removes nothing writes nothing.
 */
export function tagActions<P extends string, D extends { readonly tags: readonly Tag[] }>(
  t: TagTarget<P, D>,
): { tag: AnyAction; untag: AnyAction; list: AnyAction } {
  const nameOf = (input: object): string => memberOf(input, t.param);
  const nameParam = { [t.param]: { ...t.spec, required: true } } as const;
  const resource = (input: object, _caller: unknown, ctx: ActionContext): string | Promise<string> => t.resource(ctx, nameOf(input));
  const shown = t.deniedAs;
  const deniedAs = shown === undefined ? undefined : (input: object): string => shown(nameOf(input));
  const tooMany = 'quota' in t.tooMany ? quotaMessage(t.tooMany.quota) : t.tooMany.message;

  const tag = action({
    service: 'iam',
    name: `Tag${t.noun}`,
    params: { ...nameParam, Tags: { ...tags, required: true } },
    resource,
    ...(deniedAs === undefined ? {} : { deniedAs }),
    context: (input) => requestTagContext(input.Tags),
    handler: async (ctx, input) => {
      checkDuplicateTags(input.Tags);
      await ctx.store.write(async (tx) => {
        const item = await t.get(tx, ctx.caller.account, nameOf(input));
        await rewrite(tx, item, { ...item.data, tags: overlayTags(item.data.tags, input.Tags, tooMany) });
      });
      return undefined;
    },
  });

  const untag = action({
    service: 'iam',
    name: `Untag${t.noun}`,
    params: { ...nameParam, TagKeys: { ...tagKeys, required: true } },
    resource,
    ...(deniedAs === undefined ? {} : { deniedAs }),
    context: (input) => ({ 'aws:TagKeys': input.TagKeys }),
    handler: async (ctx, input) => {
      await ctx.store.write(async (tx) => {
        const item = await t.get(tx, ctx.caller.account, nameOf(input));
        const remaining = removeTags(item.data.tags, input.TagKeys);
        if (remaining.length !== item.data.tags.length) await rewrite(tx, item, { ...item.data, tags: remaining });
      });
      return undefined;
    },
  });

  const list = action({
    service: 'iam',
    name: `List${t.noun}Tags`,
    params: { ...nameParam, ...paging },
    resource,
    ...(deniedAs === undefined ? {} : { deniedAs }),
    handler: async (ctx, input) => {
      const item = await ctx.store.read((tx) => t.get(tx, ctx.caller.account, nameOf(input)));
      return encodeQueryTagPage(item.data.tags, input);
    },
  });

  return { tag, untag, list };
}
