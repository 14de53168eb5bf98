/**
 * The role Organizations puts in every account it creates: OrganizationAccountAccessRole (or the
 * RoleName asked for), trusted by the management account's root and holding AdministratorAccess,
 * so administrators of the management account can reach the new account by AssumeRole.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html
 * Laid out as IAM keeps roles (src/iam/model.ts) and as bootstrap attaches AdministratorAccess.
 */
import { newUniqueId } from '../credentials/ids.js';
import { KIND, type AttachmentData, type PolicyEntityData, type RoleData, nameKey, roleArn, rootArn } from '../iam/model.js';
import type { WriteTx } from '../store/types.js';

export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

export function accessRoleTrustPolicy(managementAccount: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: rootArn(managementAccount) }, Action: 'sts:AssumeRole' }],
  });
}

export async function createAccessRole(
  tx: WriteTx,
  account: string,
  managementAccount: string,
  name: string,
  createdAt: string,
  random: (n: number) => Uint8Array,
): Promise<RoleData> {
  const role: RoleData = {
    name,
    path: '/',
    id: newUniqueId('AROA', random),
    arn: roleArn(account, '/', name),
    createdAt,
    assumeRolePolicyDocument: accessRoleTrustPolicy(managementAccount),
    maxSessionDuration: 3600,
    tags: [],
  };
  const key = nameKey(name);
  await tx.put<RoleData>({ account, kind: KIND.role, key, id: role.id, data: role }, 0);
  await tx.put<AttachmentData>({ account, kind: KIND.attachment, key: `role/${key}/${ADMIN_POLICY}`, data: { policyArn: ADMIN_POLICY, policyName: 'AdministratorAccess' } }, 0);
  await tx.put<PolicyEntityData>({ account, kind: KIND.policyEntity, key: `${ADMIN_POLICY}/role/${key}`, data: { entityType: 'role', name, id: role.id } }, 0);
  return role;
}
