/**
 * organizations:EnablePolicyType / DisablePolicyType on the root. Enabling SCPs attaches the AWS
 * managed FullAWSAccess to the root, every OU and every account (RCPs: RCPFullAWSAccess);
 * disabling detaches every policy of the type from every target.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisablePolicyType.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * Authorization: the root resource type.
 */
import { action } from '../core/action.js';
import type { WriteTx } from '../store/types.js';
import { attach, detach } from './attachments.js';
import { PolicyTypeAlreadyEnabled, PolicyTypeNotAvailable, PolicyTypeNotEnabled, RootNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { ORGANIZATION_KEY, ORG_KIND, type OrganizationData } from './model.js';
import { type AttachmentData, POLICY_KIND, type PolicyTypeName, defaultPolicyOf } from './policy-model.js';
import { rootOutput } from './present.js';
import { memberArn, orgResource } from './resource.js';
import { policyType, rootId } from './shapes.js';
import { TREE_KIND } from './tree-model.js';

interface Input {
  readonly RootId: string;
  readonly PolicyType: PolicyTypeName;
}

const params = { RootId: { ...rootId, required: true }, PolicyType: { ...policyType, required: true } } as const;

async function change(tx: WriteTx, account: string, input: Input, enable: boolean): Promise<OrganizationData> {
  const org = await managedOrganization(tx, account);
  if (input.RootId !== org.rootId) throw RootNotFound();
  // AWS: organization policies need the ALL feature set, not consolidated billing only.
  if (org.featureSet !== 'ALL') throw PolicyTypeNotAvailable();
  const types = org.policyTypes ?? [];
  const on = types.includes(input.PolicyType);
  if (enable && on) throw PolicyTypeAlreadyEnabled();
  if (!enable && !on) throw PolicyTypeNotEnabled();
  const mgmt = org.managementAccountId;
  const item = await tx.get<OrganizationData>(mgmt, ORG_KIND.organization, ORGANIZATION_KEY);
  const next: OrganizationData = { ...org, policyTypes: enable ? [...types, input.PolicyType] : types.filter((t) => t !== input.PolicyType) };
  await tx.put<OrganizationData>({ account: mgmt, kind: ORG_KIND.organization, key: ORGANIZATION_KEY, id: org.id, data: next }, item?.version);
  if (enable) {
    const p = defaultPolicyOf(input.PolicyType);
    await attach(tx, mgmt, p, org.rootId, 'ROOT');
    for (const ou of await tx.list(mgmt, TREE_KIND.ou, { limit: 10_000 })) await attach(tx, mgmt, p, ou.key, 'ORGANIZATIONAL_UNIT');
    for (const a of await tx.list(mgmt, ORG_KIND.account, { limit: 10_000 })) await attach(tx, mgmt, p, a.key, 'ACCOUNT');
  } else {
    for (const a of await tx.list<AttachmentData>(mgmt, POLICY_KIND.attachment, { limit: 10_000 })) {
      if (a.data.policyType === input.PolicyType) await detach(tx, mgmt, a.data.policyId, a.data.targetId);
    }
  }
  return next;
}

export const enablePolicyType = action({
  service: 'organizations',
  name: 'EnablePolicyType',
  params,
  resource: (input, caller, ctx) => orgResource(caller, ctx, (org) => memberArn(org, input.RootId)),
  handler: async (ctx, input) => ({ Root: rootOutput(await ctx.store.write((tx) => change(tx, ctx.caller.account, input, true))) }),
});

export const disablePolicyType = action({
  service: 'organizations',
  name: 'DisablePolicyType',
  params,
  resource: (input, caller, ctx) => orgResource(caller, ctx, (org) => memberArn(org, input.RootId)),
  handler: async (ctx, input) => ({ Root: rootOutput(await ctx.store.write((tx) => change(tx, ctx.caller.account, input, false))) }),
});
