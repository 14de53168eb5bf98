/**
 * Attaching Organizations policies to roots, OUs and accounts: two items per attachment (by
 * target, by policy). Enabling a policy type attaches its AWS managed default everywhere; new
 * OUs and accounts get the defaults of every enabled type, as AWS does.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 */
import type { ReadTx, WriteTx } from '../store/types.js';
import type { OrganizationData } from './model.js';
import { AWS_MANAGED, type AttachmentData, type OrgPolicyData, POLICY_KIND, type TargetType, attachmentKey, defaultPolicyOf, targetKey } from './policy-model.js';

export async function attach(tx: WriteTx, mgmt: string, p: OrgPolicyData, targetId: string, targetType: TargetType): Promise<void> {
  const data: AttachmentData = { policyId: p.id, policyType: p.type, targetId, targetType };
  await tx.put<AttachmentData>({ account: mgmt, kind: POLICY_KIND.attachment, key: attachmentKey(targetId, p.id), data });
  await tx.put<AttachmentData>({ account: mgmt, kind: POLICY_KIND.target, key: targetKey(p.id, targetId), data });
}

export async function detach(tx: WriteTx, mgmt: string, policyId: string, targetId: string): Promise<void> {
  await tx.delete(mgmt, POLICY_KIND.attachment, attachmentKey(targetId, policyId));
  await tx.delete(mgmt, POLICY_KIND.target, targetKey(policyId, targetId));
}

/** The attachments of one target, optionally of one type. */
export async function attachmentsOf(tx: ReadTx, mgmt: string, targetId: string, type?: string): Promise<AttachmentData[]> {
  const items = await tx.list<AttachmentData>(mgmt, POLICY_KIND.attachment, { prefix: `${targetId}/`, limit: 10_000 });
  return items.map((i) => i.data).filter((a) => type === undefined || a.policyType === type);
}

/** The targets a policy is attached to. */
export async function targetsOf(tx: ReadTx, mgmt: string, policyId: string): Promise<AttachmentData[]> {
  const items = await tx.list<AttachmentData>(mgmt, POLICY_KIND.target, { prefix: `${policyId}/`, limit: 10_000 });
  return items.map((i) => i.data);
}

/** A new OU or account: the AWS managed default of every enabled policy type. */
export async function attachDefaults(tx: WriteTx, org: OrganizationData, targetId: string, targetType: TargetType): Promise<void> {
  for (const type of org.policyTypes ?? []) await attach(tx, org.managementAccountId, defaultPolicyOf(type), targetId, targetType);
}

/** Removes every attachment of a target (a deleted OU). */
export async function detachAll(tx: WriteTx, mgmt: string, targetId: string): Promise<void> {
  for (const a of await attachmentsOf(tx, mgmt, targetId)) await detach(tx, mgmt, a.policyId, targetId);
}

/** A policy by id: AWS's own, or the organization's; undefined when there is none. */
export async function findPolicy(tx: ReadTx, mgmt: string, policyId: string): Promise<OrgPolicyData | undefined> {
  const aws = AWS_MANAGED.find((p) => p.id === policyId);
  if (aws !== undefined) return aws;
  return (await tx.get<OrgPolicyData>(mgmt, POLICY_KIND.policy, policyId))?.data;
}
