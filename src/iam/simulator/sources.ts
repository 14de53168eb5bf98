/**
 * The policies of the entity a PolicySourceArn names (SimulatePrincipalPolicy,
 * GetContextKeysForPrincipalPolicy), read the way enforcement reads them
 * (src/iam/caller-policies.ts userPolicies / rolePolicies): inline and attached policies, for a user
 * those of its groups too, and the permissions boundary.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 *
 * SourcePolicyId as AWS reports it: an inline policy is `user_<UserName>_<PolicyName>` (likewise
 * `group_…`, `role_…`; terraform-provider-aws principal_policy_simulation acceptance test), a
 * managed policy its name (aws-cli / AWS examples: "AdministratorAccess").
 */
import { InvalidInput, NoSuchEntity } from '../../core/errors.js';
import type { ReadTx } from '../../store/types.js';
import { awsManagedPolicy } from '../aws-managed.js';
import { UNREADABLE_BOUNDARY, UNREADABLE_BOUNDARY_TEXT } from '../caller-policies.js';
import { type AttachmentData, type EntityType, type InlinePolicyData, KIND, type ManagedPolicyData, type RoleData, type UserData, nameKey } from '../model.js';
import type { EntityData } from '../policies/entities.js';
import type { SourcePolicy } from './types.js';

const ALL = 10_000;
const SOURCE_ARN = /^arn:aws:iam::(\d{12}):(user|group|role)(\/(?:[^/]*\/)*)?([^/]+)$/;

export interface SourceEntity {
  readonly type: EntityType;
  readonly data: EntityData;
  /** For users: the stored user (its id and tags make the simulated caller). */
  readonly user?: UserData;
  readonly role?: RoleData;
  readonly identity: readonly SourcePolicy[];
  /**
   * The permissions boundary, absent when none is set. A boundary whose policy is gone allows
   * nothing — [] — as enforcement treats it (identity.ts withBoundary).
   */
  readonly boundary: readonly SourcePolicy[] | undefined;
}

const KIND_OF: Readonly<Record<EntityType, string>> = { user: KIND.user, group: KIND.group, role: KIND.role };

/** AWS answers an ARN that names no user, group or role InvalidInput; an unknown one NoSuchEntity. */
export async function loadSource(tx: ReadTx, account: string, arn: string): Promise<SourceEntity> {
  const m = SOURCE_ARN.exec(arn);
  if (m === null) throw InvalidInput(`Invalid ARN: ${arn} must be the ARN of an IAM user, group or role.`);
  const type = m[2] as EntityType;
  const name = m[4]!;
  const item = m[1] === account ? await tx.get<EntityData>(account, KIND_OF[type], nameKey(name)) : undefined;
  // The ARN names the entity only as stored (path and name as written; names are unique ignoring
  // case): another spelling must not reach it, or it would be authorized as another resource —
  // without the entity's aws:ResourceTag/… and past a Deny on its ARN.
  if (item === undefined || item.data.arn !== arn) throw NoSuchEntity(`The ${type} with name ${name} cannot be found.`);
  const data = item.data;
  const identity: SourcePolicy[] = [];
  await entityPolicies(tx, account, type, data.name, identity);
  if (type === 'user') {
    for (const g of await tx.list<{ groupName: string }>(account, KIND.userGroup, { prefix: `${nameKey(data.name)}/`, limit: ALL })) {
      await entityPolicies(tx, account, 'group', g.data.groupName, identity);
    }
  }
  let boundary: SourcePolicy[] | undefined;
  if (data.permissionsBoundary !== undefined) {
    const doc = await managedSource(tx, account, data.permissionsBoundary);
    // A boundary whose policy cannot be read allows nothing (an empty list would be no boundary).
    boundary = [doc === undefined ? { id: data.permissionsBoundary, type: 'PermissionsBoundaryPolicy', text: UNREADABLE_BOUNDARY_TEXT, compiled: UNREADABLE_BOUNDARY } : { ...doc, type: 'PermissionsBoundaryPolicy' }];
  }
  return {
    type,
    data,
    ...(type === 'user' ? { user: data as unknown as UserData } : {}),
    ...(type === 'role' ? { role: data as unknown as RoleData } : {}),
    identity,
    boundary,
  };
}

async function entityPolicies(tx: ReadTx, account: string, type: EntityType, name: string, out: SourcePolicy[]): Promise<void> {
  const prefix = `${type}/${nameKey(name)}/`;
  for (const p of await tx.list<InlinePolicyData>(account, KIND.inlinePolicy, { prefix, limit: ALL })) {
    out.push({ id: `${type}_${name}_${p.data.name}`, type: 'IAM Policy', text: p.data.document });
  }
  for (const a of await tx.list<AttachmentData>(account, KIND.attachment, { prefix, limit: ALL })) {
    const doc = await managedSource(tx, account, a.data.policyArn);
    if (doc !== undefined) out.push(doc);
  }
}

/** The default version of a managed policy (AWS's or the account's), named by its policy name. */
async function managedSource(tx: ReadTx, account: string, arn: string): Promise<SourcePolicy | undefined> {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const aws = awsManagedPolicy(arn);
  if (aws !== undefined) return { id: name, type: 'IAM Policy', text: aws.document };
  const item = await tx.get<ManagedPolicyData>(account, KIND.policy, nameKey(name));
  if (item === undefined || item.data.arn !== arn) return undefined;
  const v = item.data.versions.find((x) => x.versionId === item.data.defaultVersionId);
  return v === undefined ? undefined : { id: name, type: 'IAM Policy', text: v.document };
}
