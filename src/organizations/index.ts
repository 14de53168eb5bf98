import type { AnyAction } from '../core/action.js';
import { attachPolicy, detachPolicy } from './attach-policy.js';
import { createAccount } from './create-account.js';
import { createOrganization } from './create-organization.js';
import { createOrganizationalUnit } from './create-organizational-unit.js';
import { describeAccount } from './describe-account.js';
import { describeCreateAccountStatus } from './describe-create-account-status.js';
import { describeOrganization } from './describe-organization.js';
import { listAccounts } from './list-accounts.js';
import { listPolicies, listPoliciesForTarget, listTargetsForPolicy } from './list-policies.js';
import { listRoots } from './list-roots.js';
import { listChildren, listOrganizationalUnitsForParent, listParents } from './list-tree.js';
import { moveAccount } from './move-account.js';
import { deleteOrganizationalUnit, describeOrganizationalUnit, updateOrganizationalUnit } from './organizational-units.js';
import { createPolicy, deletePolicy, describePolicy, updatePolicy } from './policies.js';
import { disablePolicyType, enablePolicyType } from './policy-types.js';

export const organizationsActions: readonly AnyAction[] = [
  createOrganization,
  describeOrganization,
  createAccount,
  describeCreateAccountStatus,
  listAccounts,
  describeAccount,
  listRoots,
  createOrganizationalUnit,
  describeOrganizationalUnit,
  updateOrganizationalUnit,
  deleteOrganizationalUnit,
  listOrganizationalUnitsForParent,
  listChildren,
  listParents,
  moveAccount,
  enablePolicyType,
  disablePolicyType,
  createPolicy,
  describePolicy,
  updatePolicy,
  deletePolicy,
  listPolicies,
  attachPolicy,
  detachPolicy,
  listPoliciesForTarget,
  listTargetsForPolicy,
];
