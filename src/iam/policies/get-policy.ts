/**
 * iam:GetPolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html
 * AWS managed policies (arn:aws:iam::aws:policy/…) too, with this account's usage counts.
 */
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { arn } from '../shapes.js';
import { policyNotFound } from './errors.js';
import { type PolicyRef, findPolicy } from './policy-ref.js';
import { attachedEntities, boundaryEntities } from './usage.js';
import { type Counts, awsPolicyView, localPolicyView } from './views.js';

/** This account's attachment and boundary counts for one policy. */
export async function countsOf(tx: ReadTx, account: string, ref: PolicyRef): Promise<Counts> {
  const boundaries = (await boundaryEntities(tx, account, ref.arn)).length;
  const attachments = ref.scope === 'local' ? ref.policy.attachmentCount : (await attachedEntities(tx, account, ref.arn)).length;
  return { attachments, boundaries };
}

export const getPolicy = action({
  service: 'iam',
  name: 'GetPolicy',
  params: { PolicyArn: { ...arn, required: true } },
  resource: (input) => input.PolicyArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const account = ctx.caller.account;
      const ref = await findPolicy(tx, account, input.PolicyArn);
      if (ref === undefined) throw policyNotFound(input.PolicyArn);
      const counts = await countsOf(tx, account, ref);
      return { Policy: ref.scope === 'aws' ? awsPolicyView(ref.policy, counts, 'get') : localPolicyView(ref.policy, counts, 'get') };
    }),
});
