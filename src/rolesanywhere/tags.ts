/**
 * rolesanywhere TagResource / UntagResource / ListTagsForResource, on a resource named by its ARN
 * (trust anchors today), and the request-context keys tagging calls carry (aws:RequestTag/KEY,
 * aws:TagKeys). At most 50 tags per resource ("Tags per resource: 50", IAM Roles Anywhere quotas);
 * more is TooManyTagsException. Keys are compared as given (case-sensitive), as in most services
 * outside IAM. https://docs.aws.amazon.com/rolesanywhere/latest/userguide/load-balancer-limits.html
 */
import { type ActionContext, action } from '../core/action.js';
import { NoSuchEntity, TooManyTags, ValidationError } from '../core/errors.js';
import { TRUST_ANCHOR_KIND, type RaTag, type TrustAnchorData, trustAnchorKey } from './model.js';
import { amazonResourceName, tagKeyList, tagList } from './shapes.js';

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

const ARN = /^arn:aws:rolesanywhere:([a-z0-9-]+):(\d{12}):trust-anchor\/([a-f0-9-]{36})$/;

const notFound = () => NoSuchEntity('Resource not found');

/** The store key of the trust anchor an ARN names in the caller's account and this Region. */
function located(ctx: ActionContext, arn: string): string {
  const m = ARN.exec(arn);
  if (m === null || m[1] !== ctx.region || m[2] !== ctx.caller.account) throw notFound();
  return trustAnchorKey(ctx.region, m[3]!);
}

export const tagResource = action({
  service: 'rolesanywhere',
  name: 'TagResource',
  params: { resourceArn: { ...amazonResourceName, required: true }, tags: { ...tagList, required: true } },
  resource: (input) => input.resourceArn,
  context: (input) => requestTagContext(input.tags),
  handler: (ctx, input) =>
    ctx.store.write(async (tx) => {
      const item = await tx.get<TrustAnchorData>(ctx.caller.account, TRUST_ANCHOR_KIND, located(ctx, input.resourceArn));
      if (item === undefined) throw notFound();
      const tags = checkTags(input.tags, item.data.tags);
      await tx.put({ account: ctx.caller.account, kind: TRUST_ANCHOR_KIND, key: item.key, data: { ...item.data, tags } }, item.version);
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
      const item = await tx.get<TrustAnchorData>(ctx.caller.account, TRUST_ANCHOR_KIND, located(ctx, input.resourceArn));
      if (item === undefined) throw notFound();
      const drop = new Set(input.tagKeys);
      await tx.put({ account: ctx.caller.account, kind: TRUST_ANCHOR_KIND, key: item.key, data: { ...item.data, tags: item.data.tags.filter((t) => !drop.has(t.key)) } }, item.version);
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
      const item = await tx.get<TrustAnchorData>(ctx.caller.account, TRUST_ANCHOR_KIND, located(ctx, input.resourceArn));
      if (item === undefined) throw notFound();
      return { tags: item.data.tags.map((t) => ({ key: t.key, value: t.value })) };
    }),
});

export const tagActions = [tagResource, untagResource, listTagsForResource];
