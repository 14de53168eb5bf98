/**
 * Tags on customer managed policies:
 * iam:TagPolicy      https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html
 * iam:UntagPolicy    https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagPolicy.html
 * iam:ListPolicyTags https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyTags.html
 *
 * Unlike the other IAM resources, a policy's tag keys are case-sensitive ("a" and "A" are two
 * tags), its duplicate message is plain "Duplicate tag keys found.", and ListPolicyTags lists
 * shorter keys first, then in code-unit order ([abc, b, z, a] lists a, b, z, abc): LocalStack
 * test_iam_policies.py::TestPolicyTags (test_policy_tag_lifecycle, test_policy_tag_operations,
 * test_policy_tag_order, test_policy_tag_create_errors), recorded against AWS.
 */
import { InvalidInput, LimitExceeded, UnmodifiableEntity } from '../../core/errors.js';
import { action } from '../../core/action.js';
import type { WriteTx } from '../../store/types.js';
import { KIND, type ManagedPolicyData, nameKey } from '../model.js';
import { type Tag, arn, paging, tagKeys, tags } from '../shapes.js';
import { policyNotFound } from './errors.js';
import { findPolicy } from './policy-ref.js';
import { pageOf, pageTail } from './paging.js';
import { MAX_TAGS, requestTagContext } from '../tags.js';
import { tagsView } from './views.js';

/** CreatePolicy, TagPolicy: the same key twice (case-sensitively) is AWS's InvalidInput. */
export function checkDuplicatePolicyTags(tags: readonly Tag[]): void {
  if (new Set(tags.map((t) => t.Key)).size !== tags.length) throw InvalidInput('Duplicate tag keys found.');
}

/** TagPolicy: a tag with the same key (case-sensitively) is overwritten, a new one appended. */
function mergePolicyTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkDuplicatePolicyTags(added);
  const out = existing.map((t) => ({ Key: t.Key, Value: t.Value }));
  for (const t of added) {
    const i = out.findIndex((o) => o.Key === t.Key);
    if (i >= 0) out[i] = { Key: t.Key, Value: t.Value };
    else out.push({ Key: t.Key, Value: t.Value });
  }
  if (out.length > MAX_TAGS) throw LimitExceeded(`Cannot exceed quota for TagsPerPolicy: ${MAX_TAGS}`);
  return out;
}

/** ListPolicyTags' order and marker key: length first, then the key itself. */
const orderKey = (t: Tag): string => `${String(t.Key.length).padStart(3, '0')}/${t.Key}`;

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
    await ctx.store.write((tx) => retag(tx, ctx.caller.account, input.PolicyArn, (t) => mergePolicyTags(t, input.Tags)));
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
    await ctx.store.write((tx) => retag(tx, ctx.caller.account, input.PolicyArn, (t) => t.filter((x) => !input.TagKeys.includes(x.Key))));
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
      const page = pageOf([...all].sort((a, b) => (orderKey(a) < orderKey(b) ? -1 : 1)), orderKey, input);
      return { Tags: tagsView(page.items), ...pageTail(page) };
    }),
});
