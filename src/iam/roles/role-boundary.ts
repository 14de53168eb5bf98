/**
 * iam:PutRolePermissionsBoundary, iam:DeleteRolePermissionsBoundary
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
 * A customer managed boundary counts its users (PermissionsBoundaryUsageCount).
 */
import { action } from '../../core/action.js';
import { KIND, type RoleData } from '../model.js';
import { arn, roleName } from '../shapes.js';
import { adjustBoundaryUsage, checkBoundary } from '../users/boundary.js';
import { checkBoundaryArn } from './boundary.js';
import { getModifiableRole, roleResource } from './common.js';
import { deniedRole } from '../denied-as.js';

export const putRolePermissionsBoundary = action({
  service: 'iam',
  name: 'PutRolePermissionsBoundary',
  params: { RoleName: { ...roleName, required: true }, PermissionsBoundary: { ...arn, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  context: (input) => ({ 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const boundary = input.PermissionsBoundary;
    // The ARN's form is checked before the role is looked up, its policy after (AWS's order).
    checkBoundaryArn(boundary);
    await ctx.store.write(async (tx) => {
      const role = await getModifiableRole(tx, account, input.RoleName);
      await checkBoundary(tx, account, boundary);
      const previous = role.data.permissionsBoundary;
      if (previous === boundary) return;
      if (previous !== undefined) await adjustBoundaryUsage(tx, account, previous, -1);
      await adjustBoundaryUsage(tx, account, boundary, 1);
      const data: RoleData = { ...role.data, permissionsBoundary: boundary };
      await tx.put<RoleData>({ account, kind: KIND.role, key: role.key, id: data.id, data }, role.version);
    });
    return undefined;
  },
});

export const deleteRolePermissionsBoundary = action({
  service: 'iam',
  name: 'DeleteRolePermissionsBoundary',
  params: { RoleName: { ...roleName, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const role = await getModifiableRole(tx, account, input.RoleName);
      const previous = role.data.permissionsBoundary;
      if (previous === undefined) return;
      await adjustBoundaryUsage(tx, account, previous, -1);
      const data: { -readonly [K in keyof RoleData]: RoleData[K] } = { ...role.data };
      delete data.permissionsBoundary;
      await tx.put<RoleData>({ account, kind: KIND.role, key: role.key, id: data.id, data }, role.version);
    });
    return undefined;
  },
});
