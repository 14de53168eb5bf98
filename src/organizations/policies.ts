/**
 * organizations:CreatePolicy, DescribePolicy, UpdatePolicy, DeletePolicy (SCPs and RCPs).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DeletePolicy.html
 * Authorization: CreatePolicy `*`; the others the policy resource type.
 */
import { action } from '../core/action.js';
import type { ReadTx } from '../store/types.js';
import { findPolicy, targetsOf } from './attachments.js';
import { DuplicatePolicy, PolicyInUse, PolicyNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { checkContent, checkMutable } from './policy-content.js';
import { AWS_MANAGED, type OrgPolicyData, POLICY_KIND, newPolicyId } from './policy-model.js';
import { policyOutput } from './present.js';
import { policyResource } from './resource.js';
import { policyContent, policyDescription, policyId, policyName, policyType } from './shapes.js';

/** AWS: "A policy with the same name already exists." */
async function nameTaken(tx: ReadTx, mgmt: string, name: string, except?: string): Promise<boolean> {
  if (AWS_MANAGED.some((p) => p.name === name)) return true;
  const all = await tx.list<OrgPolicyData>(mgmt, POLICY_KIND.policy, { limit: 10_000 });
  return all.some((p) => p.data.name === name && p.key !== except);
}

export const createPolicy = action({
  service: 'organizations',
  name: 'CreatePolicy',
  params: {
    Content: { ...policyContent, required: true },
    Description: { ...policyDescription, required: true },
    Name: { ...policyName, required: true },
    Type: { ...policyType, required: true },
  },
  resource: () => '*',
  handler: async (ctx, input) => {
    checkContent(input.Type, input.Content);
    const out = await ctx.store.write(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const mgmt = org.managementAccountId;
      if (await nameTaken(tx, mgmt, input.Name)) throw DuplicatePolicy();
      const p: OrgPolicyData = { id: newPolicyId(ctx.services.random), name: input.Name, description: input.Description, type: input.Type, content: input.Content, awsManaged: false };
      await tx.put<OrgPolicyData>({ account: mgmt, kind: POLICY_KIND.policy, key: p.id, data: p }, 0);
      return policyOutput(org, p);
    });
    return { Policy: out };
  },
});

export const describePolicy = action({
  service: 'organizations',
  name: 'DescribePolicy',
  params: { PolicyId: { ...policyId, required: true } },
  resource: (input, caller, ctx) => policyResource(caller, ctx, input.PolicyId),
  handler: async (ctx, input) => {
    const out = await ctx.store.read(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const p = await findPolicy(tx, org.managementAccountId, input.PolicyId);
      if (p === undefined) throw PolicyNotFound();
      return policyOutput(org, p);
    });
    return { Policy: out };
  },
});

export const updatePolicy = action({
  service: 'organizations',
  name: 'UpdatePolicy',
  params: { PolicyId: { ...policyId, required: true }, Name: policyName, Description: policyDescription, Content: policyContent },
  resource: (input, caller, ctx) => policyResource(caller, ctx, input.PolicyId),
  handler: async (ctx, input) => {
    const out = await ctx.store.write(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const mgmt = org.managementAccountId;
      const p = await findPolicy(tx, mgmt, input.PolicyId);
      if (p === undefined) throw PolicyNotFound();
      checkMutable(p);
      if (input.Content !== undefined) checkContent(p.type, input.Content);
      if (input.Name !== undefined && input.Name !== p.name && (await nameTaken(tx, mgmt, input.Name, p.id))) throw DuplicatePolicy();
      const item = await tx.get<OrgPolicyData>(mgmt, POLICY_KIND.policy, p.id);
      const next: OrgPolicyData = { ...p, name: input.Name ?? p.name, description: input.Description ?? p.description, content: input.Content ?? p.content };
      await tx.put<OrgPolicyData>({ account: mgmt, kind: POLICY_KIND.policy, key: p.id, data: next }, item?.version);
      return policyOutput(org, next);
    });
    return { Policy: out };
  },
});

export const deletePolicy = action({
  service: 'organizations',
  name: 'DeletePolicy',
  params: { PolicyId: { ...policyId, required: true } },
  resource: (input, caller, ctx) => policyResource(caller, ctx, input.PolicyId),
  handler: async (ctx, input) => {
    await ctx.store.write(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const mgmt = org.managementAccountId;
      const p = await findPolicy(tx, mgmt, input.PolicyId);
      if (p === undefined) throw PolicyNotFound();
      checkMutable(p);
      if ((await targetsOf(tx, mgmt, p.id)).length > 0) throw PolicyInUse();
      await tx.delete(mgmt, POLICY_KIND.policy, p.id);
    });
    return {};
  },
});
