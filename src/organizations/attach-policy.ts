/**
 * organizations:AttachPolicy / DetachPolicy on a root, OU or account. AWS keeps at least one SCP
 * on every target (FullAWSAccess unless replaced) and at most five of a type; RCPFullAWSAccess
 * cannot be detached.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * Authorization: the policy, then the target (root, OU or account), as AWS names both.
 */
import { action } from '../core/action.js';
import type { WriteTx } from '../store/types.js';
import { attach, attachmentsOf, detach, findPolicy } from './attachments.js';
import { ConstraintViolation, DuplicatePolicyAttachment, InvalidInput, PolicyNotAttached, PolicyNotFound, PolicyTypeNotEnabled, TargetNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { type OrgPolicyData, type TargetType, attachmentKey, POLICY_KIND } from './policy-model.js';
import { authorizeMembers, policyResource } from './resource.js';
import { policyId, targetId } from './shapes.js';
import { targetTypeOf } from './tree.js';

interface Input {
  readonly PolicyId: string;
  readonly TargetId: string;
}

const MAX_PER_TARGET = 5;

async function resolve(tx: WriteTx, account: string, input: Input): Promise<{ mgmt: string; policy: OrgPolicyData; type: TargetType; enabled: boolean }> {
  const org = await managedOrganization(tx, account);
  const mgmt = org.managementAccountId;
  const policy = await findPolicy(tx, mgmt, input.PolicyId);
  if (policy === undefined) throw PolicyNotFound();
  const type = await targetTypeOf(tx, org, input.TargetId);
  if (type === undefined) throw TargetNotFound();
  return { mgmt, policy, type, enabled: (org.policyTypes ?? []).includes(policy.type) };
}

const params = { PolicyId: { ...policyId, required: true }, TargetId: { ...targetId, required: true } } as const;

export const attachPolicy = action({
  service: 'organizations',
  name: 'AttachPolicy',
  params,
  resource: (input, caller, ctx) => policyResource(caller, ctx, input.PolicyId),
  handler: async (ctx, input) => {
    await authorizeMembers(ctx, 'AttachPolicy', [input.TargetId]);
    await ctx.store.write(async (tx) => {
      const { mgmt, policy, type, enabled } = await resolve(tx, ctx.caller.account, input);
      if (!enabled) throw PolicyTypeNotEnabled();
      if ((await tx.get(mgmt, POLICY_KIND.attachment, attachmentKey(input.TargetId, policy.id))) !== undefined) throw DuplicatePolicyAttachment();
      if ((await attachmentsOf(tx, mgmt, input.TargetId, policy.type)).length >= MAX_PER_TARGET) {
        throw ConstraintViolation(
          'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          'You attempted to attach a policy to an entity that would cause the entity to have more than the maximum number of policies of a certain type.',
        );
      }
      await attach(tx, mgmt, policy, input.TargetId, type);
    });
    return {};
  },
});

export const detachPolicy = action({
  service: 'organizations',
  name: 'DetachPolicy',
  params,
  resource: (input, caller, ctx) => policyResource(caller, ctx, input.PolicyId),
  handler: async (ctx, input) => {
    await authorizeMembers(ctx, 'DetachPolicy', [input.TargetId]);
    await ctx.store.write(async (tx) => {
      const { mgmt, policy } = await resolve(tx, ctx.caller.account, input);
      if ((await tx.get(mgmt, POLICY_KIND.attachment, attachmentKey(input.TargetId, policy.id))) === undefined) throw PolicyNotAttached();
      // AWS: "you can't detach the RCPFullAWSAccess policy" (orgs_manage_policies_rcps.html).
      if (policy.awsManaged && policy.type === 'RESOURCE_CONTROL_POLICY') throw InvalidInput('NON_DETACHABLE_POLICY', "You can't detach this AWS Managed Policy.");
      if (policy.type === 'SERVICE_CONTROL_POLICY' && (await attachmentsOf(tx, mgmt, input.TargetId, policy.type)).length <= 1) {
        throw ConstraintViolation(
          'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
        );
      }
      await detach(tx, mgmt, policy.id, input.TargetId);
    });
    return {};
  },
});
