/**
 * rolesanywhere TagResource / UntagResource / ListTagsForResource, on a resource named by its ARN
 * (trust anchors and profiles), and the request-context keys tagging calls carry (aws:RequestTag/KEY,
 * aws:TagKeys). At most 50 tags per resource ("Tags per resource: 50", IAM Roles Anywhere quotas);
 * more is TooManyTagsException. Keys are compared as given (case-sensitive), as in most services
 * outside IAM. https://docs.aws.amazon.com/rolesanywhere/latest/userguide/load-balancer-limits.html
 */
import { type ActionContext, action } from '../core/action.js';
import { NoSuchEntity, TooManyTags, ValidationError } from '../core/errors.js';
import { TAGGABLE, TAGGABLE_ARN, type RaTag, trustAnchorKey } from './model.js';
import { amazonResourceName, tagKeyList, tagList } from './shapes.js';
import type { WriteTx } from '../store/types.js';

export const MAX_TAGS = 50;

/** `existing` with `added` laid over it (a key given again takes the new value); at most MAX_TAGS. */
export function checkTags(added: readonly RaTag[], existing: readonly RaTag[]): RaTag[] {
  const seen = new Set<string>();
  for (const t of added) {
    if (seen.has(t.key)) throw ValidationError('Duplicate tag keys are not allowed.');
    seen.add(t.key);
  }
  const out = existing.filter((t) => !seen.has(t.key)).map((t) => ({ key: t.key, value: t.value }));
  for (const t of added) out.push({ key: t.key, value: t.value });
  if (out.length > MAX_TAGS) throw TooManyTags(`A resource can have at most ${MAX_TAGS} tags.`);
  return out;
}

/** aws:RequestTag/KEY for each tag and aws:TagKeys (reference_policies_condition-keys.html). */
export function requestTagContext(tags: readonly RaTag[] | undefined): Record<string, string | readonly string[]> {
  if (tags === undefined || tags.length === 0) return {};
  const ctx: Record<string, string | readonly string[]> = {};
  for (const t of tags) ctx[`aws:RequestTag/${t.key}`] = t.value;
  ctx['aws:TagKeys'] = tags.map((t) => t.key);
  return ctx;
}

const notFound = () => NoSuchEntity('Resource not found');

interface Tagged {
  readonly tags: readonly RaTag[];
}

/** The item a taggable ARN names in the caller's account and this Region (trust anchor or profile), or ResourceNotFoundException. */
async function located(tx: Pick<WriteTx, 'get'>, ctx: ActionContext, arn: string) {
  const m = TAGGABLE_ARN.exec(arn);
  const type = m === null ? undefined : TAGGABLE.get(m[3]!);
  if (m === null || type === undefined || m[1] !== ctx.region || m[2] !== ctx.caller.account) throw notFound();
  const item = await tx.get<Tagged>(ctx.caller.account, type.kind, trustAnchorKey(ctx.region, m[4]!));
  if (item === undefined || type.arnOf(item.data) !== arn) throw notFound();
  return { item, kind: type.kind };
}

export const tagResource = action({
  service: 'rolesanywhere',
  name: 'TagResource',
  params: { resourceArn: { ...amazonResourceName, required: true }, tags: { ...tagList, required: true } },
  resource: (input) => input.resourceArn,
  context: (input) => requestTagContext(input.tags),
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const { item, kind } = await located(tx, ctx, input.resourceArn);
      const tags = checkTags(input.tags, item.data.tags);
      await tx.put({ account: ctx.caller.account, kind, key: item.key, data: { ...item.data, tags } }, item.version);
      return {};
    }),
});

export const untagResource = action({
  service: 'rolesanywhere',
  name: 'UntagResource',
  params: { resourceArn: { ...amazonResourceName, required: true }, tagKeys: { ...tagKeyList, required: true } },
  resource: (input) => input.resourceArn,
  context: (input) => ({ 'aws:TagKeys': input.tagKeys }),
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const { item, kind } = await located(tx, ctx, input.resourceArn);
      const drop = new Set(input.tagKeys);
      await tx.put({ account: ctx.caller.account, kind, key: item.key, data: { ...item.data, tags: item.data.tags.filter((t) => !drop.has(t.key)) } }, item.version);
      return {};
    }),
});

export const listTagsForResource = action({
  service: 'rolesanywhere',
  name: 'ListTagsForResource',
  params: { resourceArn: { ...amazonResourceName, required: true } },
  resource: (input) => input.resourceArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const { item } = await located(tx, ctx, input.resourceArn);
      return { tags: item.data.tags.map((t) => ({ key: t.key, value: t.value })) };
    }),
});

export const tagActions = [tagResource, untagResource, listTagsForResource];
