/**
 * The IAM quotas GetAccountSummary reports, taken from where each is enforced (the roles family's
 * quotas module, the engine's policy sizes, the attach quotas) and AWS's defaults for the rest.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * Values as recorded against AWS (LocalStack test_iam_account_summary.snapshot.json, 2026).
 */
import { IAM_POLICY_SIZE_LIMITS } from '../../policy/index.js';
import { KEYS_PER_USER } from '../access-keys/create-access-key.js';
import { GROUPS_PER_ACCOUNT } from '../groups/create-group.js';
import { GROUPS_PER_USER } from '../groups/membership.js';
import { ENTITIES } from '../policies/entities.js';
import { SERVER_CERTIFICATES_PER_ACCOUNT } from '../server-certificates/upload-server-certificate.js';
import { SIGNING_CERTIFICATES_PER_USER } from '../signing-certificates/upload-signing-certificate.js';
import type { RoleQuotas } from '../../core/quotas.js';
import { USERS_PER_ACCOUNT } from '../users/create-user.js';

export function summaryQuotas(roles: RoleQuotas): ReadonlyMap<string, number> {
  return new Map<string, number>([
    ['UsersQuota', USERS_PER_ACCOUNT],
    ['GroupsQuota', GROUPS_PER_ACCOUNT],
    ['RolesQuota', roles.rolesPerAccount],
    ['PoliciesQuota', 1500],
    ['InstanceProfilesQuota', roles.instanceProfilesPerAccount],
    ['ServerCertificatesQuota', SERVER_CERTIFICATES_PER_ACCOUNT],
    ['AccessKeysPerUserQuota', KEYS_PER_USER],
    ['SigningCertificatesPerUserQuota', SIGNING_CERTIFICATES_PER_USER],
    ['GroupsPerUserQuota', GROUPS_PER_USER],
    ['AttachedPoliciesPerUserQuota', ENTITIES.user.attachQuota],
    ['AttachedPoliciesPerGroupQuota', ENTITIES.group.attachQuota],
    ['AttachedPoliciesPerRoleQuota', ENTITIES.role.attachQuota],
    ['PolicySizeQuota', IAM_POLICY_SIZE_LIMITS.managedPolicy],
    ['UserPolicySizeQuota', IAM_POLICY_SIZE_LIMITS.userInlinePolicies],
    ['GroupPolicySizeQuota', IAM_POLICY_SIZE_LIMITS.groupInlinePolicies],
    ['RolePolicySizeQuota', IAM_POLICY_SIZE_LIMITS.roleInlinePolicies],
    ['AssumeRolePolicySizeQuota', roles.roleTrustPolicySize],
    ['PolicyVersionsInUseQuota', 10000],
    ['VersionsPerPolicyQuota', 5],
  ]);
}
