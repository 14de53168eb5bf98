/**
 * IAM's policy queries: the identity policies and boundary that govern a user or a role, and a
 * managed policy's default version. Read by the principal resolver (identity.ts), the trust
 * decision of the AssumeRole family and the simulator.
 */
import type { CallerPolicies } from '../core/action.js';
import { type PolicyInput, compilePolicy } from '../policy/index.js';
import type { ReadTx } from '../store/types.js';
import { awsManagedPolicy } from './aws-managed.js';
import { type AttachmentData, type InlinePolicyData, KIND, type ManagedPolicyData, type RoleData, type UserData, nameKey } from './model.js';

/** A user's identity policies: inline, attached, and those of its groups; and its boundary. */
export async function userPolicies(tx: ReadTx, account: string, user: UserData): Promise<CallerPolicies> {
  const identity: PolicyInput[] = [];
  const userKey = nameKey(user.name);
  await entityPolicies(tx, account, `user/${userKey}/`, identity);
  for (const g of await tx.list<{ groupName: string }>(account, KIND.userGroup, { prefix: `${userKey}/`, limit: 10_000 })) {
    await entityPolicies(tx, account, `group/${nameKey(g.data.groupName)}/`, identity);
  }
  return withBoundary(tx, account, identity, user.permissionsBoundary);
}

/** A role's permissions policies (inline and attached) and its boundary. */
export async function rolePolicies(tx: ReadTx, account: string, role: RoleData): Promise<CallerPolicies> {
  const identity: PolicyInput[] = [];
  await entityPolicies(tx, account, `role/${nameKey(role.name)}/`, identity);
  return withBoundary(tx, account, identity, role.permissionsBoundary);
}

/**
 * Stands for a boundary whose policy can no longer be read: it allows nothing. (An empty list
 * would be no boundary at all to the engine — the entity would lose its ceiling.)
 */
export const UNREADABLE_BOUNDARY_TEXT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"*","Resource":"*"}]}';
export const UNREADABLE_BOUNDARY = compilePolicy(UNREADABLE_BOUNDARY_TEXT);

async function withBoundary(tx: ReadTx, account: string, identity: PolicyInput[], boundaryArn: string | undefined): Promise<CallerPolicies> {
  if (boundaryArn === undefined) return { identity };
  const boundary = await managedDocument(tx, account, boundaryArn);
  return { identity, boundary: [boundary ?? UNREADABLE_BOUNDARY] };
}

async function entityPolicies(tx: ReadTx, account: string, prefix: string, out: PolicyInput[]): Promise<void> {
  for (const p of await tx.list<InlinePolicyData>(account, KIND.inlinePolicy, { prefix, limit: 10_000 })) {
    out.push({ id: p.data.name, document: p.data.document });
  }
  for (const a of await tx.list<AttachmentData>(account, KIND.attachment, { prefix, limit: 10_000 })) {
    const doc = await managedDocument(tx, account, a.data.policyArn);
    if (doc !== undefined) out.push(doc);
  }
}

/** The default version of a managed policy (AWS's or the account's), named by its ARN. */
export async function managedDocument(tx: ReadTx, account: string, arn: string): Promise<PolicyInput | undefined> {
  const aws = awsManagedPolicy(arn);
  if (aws !== undefined) return { id: arn, document: aws.document };
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const item = await tx.get<ManagedPolicyData>(account, KIND.policy, nameKey(name));
  if (item === undefined || item.data.arn !== arn) return undefined;
  const v = item.data.versions.find((x) => x.versionId === item.data.defaultVersionId);
  return v === undefined ? undefined : { id: arn, document: v.document };
}
