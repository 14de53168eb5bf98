/**
 * organizations:ListPolicies, ListPoliciesForTarget, ListTargetsForPolicy.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPolicies.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html
 * Authorization: ListPolicies `*`; the target, or the policy, named.
 */
import { action } from '../core/action.js';
import { attachmentsOf, findPolicy, targetsOf } from './attachments.js';
import { PolicyNotFound, TargetNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { ORG_KIND, type OrgAccountData } from './model.js';
import { paginate } from './paginate.js';
import { AWS_MANAGED, type OrgPolicyData, POLICY_KIND } from './policy-model.js';
import { policySummaryOutput } from './present.js';
import { memberArn, orgResource, policyResource } from './resource.js';
import { maxResults, nextToken, policyId, policyType, targetId } from './shapes.js';
import { targetTypeOf } from './tree.js';
import { type OuData, TREE_KIND } from './tree-model.js';

const byId = (p: { readonly id: string }): string => p.id;
const pageParams = { NextToken: nextToken, MaxResults: maxResults };

export const listPolicies = action({
  service: 'organizations',
  name: 'ListPolicies',
  params: { Filter: { ...policyType, required: true }, ...pageParams },
  resource: () => '*',
  handler: async (ctx, input) => {
    const { org, all } = await ctx.store.read(async (tx) => {
      const o = await managedOrganization(tx, ctx.caller.account);
      const stored = await tx.list<OrgPolicyData>(o.managementAccountId, POLICY_KIND.policy, { limit: 10_000 });
      return { org: o, all: [...AWS_MANAGED, ...stored.map((i) => i.data)] };
    });
    const mine = all.filter((p) => p.type === input.Filter).sort((a, b) => (a.id < b.id ? -1 : 1));
    const page = paginate(mine, byId, input.NextToken, input.MaxResults);
    return { Policies: page.items.map((p) => policySummaryOutput(org, p)), NextToken: page.nextToken };
  },
});

export const listPoliciesForTarget = action({
  service: 'organizations',
  name: 'ListPoliciesForTarget',
  params: { TargetId: { ...targetId, required: true }, Filter: { ...policyType, required: true }, ...pageParams },
  resource: (input, caller, ctx) => orgResource(caller, ctx, (org) => memberArn(org, input.TargetId)),
  handler: async (ctx, input) => {
    const { org, policies } = await ctx.store.read(async (tx) => {
      const o = await managedOrganization(tx, ctx.caller.account);
      if ((await targetTypeOf(tx, o, input.TargetId)) === undefined) throw TargetNotFound();
      const out: OrgPolicyData[] = [];
      for (const a of await attachmentsOf(tx, o.managementAccountId, input.TargetId, input.Filter)) {
        const p = await findPolicy(tx, o.managementAccountId, a.policyId);
        if (p !== undefined) out.push(p);
      }
      return { org: o, policies: out };
    });
    const page = paginate(policies, byId, input.NextToken, input.MaxResults);
    return { Policies: page.items.map((p) => policySummaryOutput(org, p)), NextToken: page.nextToken };
  },
});

export const listTargetsForPolicy = action({
  service: 'organizations',
  name: 'ListTargetsForPolicy',
  params: { PolicyId: { ...policyId, required: true }, ...pageParams },
  resource: (input, caller, ctx) => policyResource(caller, ctx, input.PolicyId),
  handler: async (ctx, input) => {
    const targets = await ctx.store.read(async (tx) => {
      const o = await managedOrganization(tx, ctx.caller.account);
      const mgmt = o.managementAccountId;
      if ((await findPolicy(tx, mgmt, input.PolicyId)) === undefined) throw PolicyNotFound();
      const out = [];
      for (const t of await targetsOf(tx, mgmt, input.PolicyId)) {
        let name = 'Root';
        if (t.targetType === 'ORGANIZATIONAL_UNIT') name = (await tx.get<OuData>(mgmt, TREE_KIND.ou, t.targetId))?.data.name ?? '';
        if (t.targetType === 'ACCOUNT') name = (await tx.get<OrgAccountData>(mgmt, ORG_KIND.account, t.targetId))?.data.name ?? '';
        out.push({ id: t.targetId, TargetId: t.targetId, Arn: memberArn(o, t.targetId), Name: name, Type: t.targetType });
      }
      return out;
    });
    const page = paginate(targets, byId, input.NextToken, input.MaxResults);
    return { Targets: page.items.map(({ id: _id, ...t }) => t), NextToken: page.nextToken };
  },
});
