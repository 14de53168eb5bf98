/**
 * sso-admin TagResource / UntagResource / ListTagsForResource on an instance or a permission set
 * of the caller's account, and the checks of tags given at creation. Keys are compared as given
 * (case-sensitive); at most 50 tags per resource; the `aws:` prefix is AWS's.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/tagging.html
 */
import { type ActionContext, action } from '../../core/action.js';
import { LimitExceeded, NoSuchEntity, ValidationError } from '../../core/errors.js';
import { requestTagContext } from '../../iam/tags.js';
import type { ReadTx } from '../../store/types.js';
import { INSTANCE_KEY, INSTANCE_KIND, type InstanceData } from '../model.js';
import { PERMISSION_SET_KIND, permissionSetOf } from './model.js';
import { instanceArn, nextToken, tagKeyList, tagList, taggableResourceArn } from './shapes.js';

export const MAX_TAGS = 50;

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

function checkAdded(added: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of added) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw ValidationError(`Tag key ${t.Key} uses the reserved prefix aws:.`);
    if (seen.has(t.Key)) throw ValidationError('Duplicate tag keys are not allowed.');
    seen.add(t.Key);
  }
}

const tooMany = () => LimitExceeded(`A resource can have at most ${MAX_TAGS} tags.`);

/** The tags of a resource being created. */
export function checkNewTags(tags: readonly Tag[]): Tag[] {
  checkAdded(tags);
  if (tags.length > MAX_TAGS) throw tooMany();
  return tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}

/** `existing` with `added` laid over it (a key given again takes the new value). */
function merged(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkAdded(added);
  const keys = new Set(added.map((t) => t.Key));
  const out = existing.filter((t) => !keys.has(t.Key)).map((t) => ({ Key: t.Key, Value: t.Value }));
  for (const t of added) out.push({ Key: t.Key, Value: t.Value });
  if (out.length > MAX_TAGS) throw tooMany();
  return out;
}

const notFound = (arn: string) => NoSuchEntity(`Resource ${arn} does not exist.`);

/** The instance or permission set `arn` names in the caller's account, or ResourceNotFoundException. */
async function located(tx: ReadTx, ctx: ActionContext, arn: string) {
  const account = ctx.caller.account;
  const instance = await tx.get<InstanceData>(account, INSTANCE_KIND, INSTANCE_KEY);
  if (instance !== undefined && instance.data.instanceArn === arn) return { item: instance, kind: INSTANCE_KIND };
  const set = await permissionSetOf(tx, account, arn);
  if (set !== undefined && set.data.instanceId === instance?.data.instanceId) return { item: set, kind: PERMISSION_SET_KIND };
  throw notFound(arn);
}

const params = { InstanceArn: instanceArn, ResourceArn: { ...taggableResourceArn, required: true } } as const;

export const tagResource = action({
  service: 'sso',
  name: 'TagResource',
  params: { ...params, Tags: { ...tagList, required: true } },
  resource: (input) => input.ResourceArn,
  context: (input) => requestTagContext(input.Tags),
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const { item, kind } = await located(tx, ctx, input.ResourceArn);
      await tx.put({ account: ctx.caller.account, kind, key: item.key, data: { ...item.data, tags: merged(item.data.tags, input.Tags) } }, item.version);
      return {};
    }),
});

export const untagResource = action({
  service: 'sso',
  name: 'UntagResource',
  params: { ...params, TagKeys: { ...tagKeyList, required: true } },
  resource: (input) => input.ResourceArn,
  context: (input) => ({ 'aws:TagKeys': input.TagKeys }),
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const { item, kind } = await located(tx, ctx, input.ResourceArn);
      const drop = new Set(input.TagKeys);
      await tx.put({ account: ctx.caller.account, kind, key: item.key, data: { ...item.data, tags: item.data.tags.filter((t) => !drop.has(t.Key)) } }, item.version);
      return {};
    }),
});

/** At most 50 tags: one page, and no NextToken is ever handed out (one sent is not ours). */
export const listTagsForResource = action({
  service: 'sso',
  name: 'ListTagsForResource',
  params: { ...params, NextToken: nextToken },
  resource: (input) => input.ResourceArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const { item } = await located(tx, ctx, input.ResourceArn);
      if (input.NextToken !== undefined && input.NextToken !== '') throw ValidationError('The NextToken is not valid.');
      return { Tags: item.data.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
    }),
});

export const tagActions = [tagResource, untagResource, listTagsForResource];
