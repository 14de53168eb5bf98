/**
 * Tags on customer managed policies:
 * iam:TagPolicy      https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html
 * iam:UntagPolicy    https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagPolicy.html
 * iam:ListPolicyTags https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyTags.html
 */
import { UnmodifiableEntity } from '../../core/errors.js';
import { action } from '../../core/action.js';
import type { WriteTx } from '../../store/types.js';
import { KIND, type ManagedPolicyData, nameKey } from '../model.js';
import { type Tag, arn, paging, tagKeys, tags } from '../shapes.js';
import { policyNotFound } from './errors.js';
import { findPolicy } from './policy-ref.js';
import { pageOf, pageTail } from './paging.js';
import { mergeTags, removeTags, requestTagContext } from '../tags.js';
import { tagsView } from './views.js';

async function retag(tx: WriteTx, account: string, policyArn: string, change: (tags: readonly Tag[]) => Tag[]): Promise<void> {
  const ref = await findPolicy(tx, account, policyArn);
  if (ref === undefined) throw policyNotFound(policyArn);
  if (ref.scope === 'aws') throw UnmodifiableEntity(`Cannot modify AWS managed policy ${ref.arn}.`);
  const p = ref.policy;
  await tx.put<ManagedPolicyData>({ account, kind: KIND.policy, key: nameKey(p.name), id: p.id, data: { ...p, tags: change(p.tags) } }, ref.version);
}

export const tagPolicy = action({
  service: 'iam',
  name: 'TagPolicy',
  params: { PolicyArn: { ...arn, required: true }, Tags: { ...tags, required: true } },
  resource: (input) => input.PolicyArn,
  context: (input) => requestTagContext(input.Tags),
  handler: async (ctx, input) => {
    await ctx.store.write((tx) => retag(tx, ctx.caller.account, input.PolicyArn, (t) => mergeTags(t, input.Tags, 'TagsPerPolicy')));
    return undefined;
  },
});

export const untagPolicy = action({
  service: 'iam',
  name: 'UntagPolicy',
  params: { PolicyArn: { ...arn, required: true }, TagKeys: { ...tagKeys, required: true } },
  resource: (input) => input.PolicyArn,
  context: (input) => ({ 'aws:TagKeys': input.TagKeys }),
  handler: async (ctx, input) => {
    await ctx.store.write((tx) => retag(tx, ctx.caller.account, input.PolicyArn, (t) => removeTags(t, input.TagKeys)));
    return undefined;
  },
});

export const listPolicyTags = action({
  service: 'iam',
  name: 'ListPolicyTags',
  params: { PolicyArn: { ...arn, required: true }, ...paging },
  resource: (input) => input.PolicyArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const ref = await findPolicy(tx, ctx.caller.account, input.PolicyArn);
      if (ref === undefined) throw policyNotFound(input.PolicyArn);
      const all = ref.scope === 'local' ? ref.policy.tags : [];
      const keyOf = (t: Tag): string => t.Key.toLowerCase();
      const page = pageOf([...all].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1)), keyOf, input);
      return { Tags: tagsView(page.items), ...pageTail(page) };
    }),
});
