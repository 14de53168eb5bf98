/**
 * iam:DeletePolicy — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html
 * "Before you can delete a managed policy, you must first detach the policy from all users,
 * groups, and roles that it is attached to. In addition, you must delete all the policy's versions."
 * Messages as AWS returns them (DeleteConflict, 409):
 *   attached or used as a boundary: "Cannot delete a policy attached to entities."
 *   more than the default version:  "This policy has more than one version. Before you delete a
 *                                    policy, you must delete the policy's versions. The default
 *                                    version is deleted with the policy."
 */
import { DeleteConflict } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { KIND, nameKey } from '../model.js';
import { arn } from '../shapes.js';
import { OUTSIDE_ACCOUNT, outsideAccount, policyNotFound } from './errors.js';
import { findPolicy } from './policy-ref.js';
import { boundaryEntities } from './usage.js';

export const ATTACHED_MESSAGE = 'Cannot delete a policy attached to entities.';
export const VERSIONS_MESSAGE =
  "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.";

export const deletePolicy = action({
  service: 'iam',
  name: 'DeletePolicy',
  params: { PolicyArn: { ...arn, required: true } },
  resource: (input) => input.PolicyArn,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const ref = await findPolicy(tx, account, input.PolicyArn);
      if (ref === undefined) throw policyNotFound(input.PolicyArn);
      if (ref.scope === 'aws') throw outsideAccount(OUTSIDE_ACCOUNT.delete);
      if (ref.policy.attachmentCount > 0 || ref.policy.boundaryUsageCount > 0) throw DeleteConflict(ATTACHED_MESSAGE);
      if ((await boundaryEntities(tx, account, ref.arn)).length > 0) throw DeleteConflict(ATTACHED_MESSAGE);
      if (ref.policy.versions.length > 1) throw DeleteConflict(VERSIONS_MESSAGE);
      await tx.delete(account, KIND.policy, nameKey(ref.policy.name), ref.version);
    });
    return undefined;
  },
});
