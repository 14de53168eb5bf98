/** The role family: roles, their trust policies, tags and boundaries, and service-access reports. */
import type { AnyAction } from '../../core/action.js';
import { createRole } from './create-role.js';
import { deleteRole } from './delete-role.js';
import { getRoleAction } from './get-role.js';
import { listRoles } from './list-roles.js';
import { deleteRolePermissionsBoundary, putRolePermissionsBoundary } from './role-boundary.js';
import { listRoleTags, tagRole, untagRole } from './role-tags.js';
import { listPoliciesGrantingServiceAccess } from './service-access.js';
import { updateAssumeRolePolicy } from './update-assume-role-policy.js';
import { updateRole, updateRoleDescription } from './update-role.js';

// Role inline and managed policies (Put/Get/List/DeleteRolePolicy, Attach/Detach/
// ListAttachedRolePolicies) are the policy family's table-driven actions (src/iam/policies/index.ts).
export const roleActions: readonly AnyAction[] = [
  createRole,
  getRoleAction,
  listRoles,
  updateRole,
  updateRoleDescription,
  deleteRole,
  updateAssumeRolePolicy,
  tagRole,
  untagRole,
  listRoleTags,
  putRolePermissionsBoundary,
  deleteRolePermissionsBoundary,
  listPoliciesGrantingServiceAccess,
];
