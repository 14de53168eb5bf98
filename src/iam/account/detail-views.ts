/**
 * The entries of GetAccountAuthorizationDetails, as recorded against AWS (LocalStack
 * test_iam_account_authorization_details.snapshot.json, 2026): a user's UserPolicyList only when
 * it has inline policies, its GroupList / AttachedManagedPolicies / Tags always (possibly empty);
 * a group's and a role's policy lists always; RoleLastUsed `{}` until the role is used; policy
 * documents URL-encoded (RFC 3986), as every IAM read returns them.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UserDetail.html (and API_GroupDetail,
 * API_RoleDetail, API_ManagedPolicyDetail)
 */
import type { Output } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { groupShape } from '../groups/common.js';
import { profileView } from '../instance-profiles/common.js';
import {
  type AttachmentData, type EntityType, type GroupData, type InlinePolicyData, type InstanceProfileData, KIND, type RoleData,
  type RoleInstanceProfileData, type UsageData, type UserData, nameKey, roleUsageKey,
} from '../model.js';
import { tagsView } from '../policies/views.js';
import { roleBase } from '../roles/common.js';
import { userBase, userBoundaryView } from '../users/common.js';

const ALL = 10_000;

async function inlineList(tx: ReadTx, account: string, type: EntityType, name: string): Promise<Output[]> {
  const rows = await tx.list<InlinePolicyData>(account, KIND.inlinePolicy, { prefix: `${type}/${nameKey(name)}/`, limit: ALL });
  return rows.map((r) => ({ PolicyName: r.data.name, PolicyDocument: encodeURIComponent(r.data.document) }));
}

async function attachedList(tx: ReadTx, account: string, type: EntityType, name: string): Promise<Output[]> {
  const rows = await tx.list<AttachmentData>(account, KIND.attachment, { prefix: `${type}/${nameKey(name)}/`, limit: ALL });
  return rows.map((r) => ({ PolicyName: r.data.policyName, PolicyArn: r.data.policyArn }));
}

export async function userDetail(tx: ReadTx, account: string, u: UserData): Promise<Output> {
  const inline = await inlineList(tx, account, 'user', u.name);
  const groups = await tx.list<{ groupName: string }>(account, KIND.userGroup, { prefix: `${nameKey(u.name)}/`, limit: ALL });
  return {
    ...userBase(u),
    UserPolicyList: inline.length === 0 ? undefined : inline,
    GroupList: groups.map((g) => g.data.groupName),
    AttachedManagedPolicies: await attachedList(tx, account, 'user', u.name),
    PermissionsBoundary: userBoundaryView(u),
    Tags: tagsView(u.tags),
  };
}

export async function groupDetail(tx: ReadTx, account: string, g: GroupData): Promise<Output> {
  return {
    ...groupShape(g),
    GroupPolicyList: await inlineList(tx, account, 'group', g.name),
    AttachedManagedPolicies: await attachedList(tx, account, 'group', g.name),
  };
}

export async function roleDetail(tx: ReadTx, account: string, r: RoleData): Promise<Output> {
  const profiles: Output[] = [];
  for (const link of await tx.list<RoleInstanceProfileData>(account, KIND.roleInstanceProfile, { prefix: `${nameKey(r.name)}/`, limit: ALL })) {
    const p = await tx.get<InstanceProfileData>(account, KIND.instanceProfile, nameKey(link.data.instanceProfileName));
    if (p !== undefined) profiles.push(await profileView(tx, p.data, 'never'));
  }
  const used = (await tx.get<UsageData>(account, KIND.usage, roleUsageKey(r.id)))?.data;
  return {
    ...(await roleBase(tx, r)),
    InstanceProfileList: profiles,
    RolePolicyList: await inlineList(tx, account, 'role', r.name),
    AttachedManagedPolicies: await attachedList(tx, account, 'role', r.name),
    // As GetRole answers for roles (roles/common.ts): PermissionsBoundaryType "Policy".
    PermissionsBoundary: r.permissionsBoundary === undefined ? undefined : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.permissionsBoundary },
    Tags: tagsView(r.tags),
    RoleLastUsed: used === undefined ? {} : { LastUsedDate: new Date(used.date), Region: used.region },
  };
}
