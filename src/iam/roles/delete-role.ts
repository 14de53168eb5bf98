/**
 * iam:DeleteRole — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html
 * "Unlike the AWS Management Console, when you delete a role programmatically, you must delete
 * the items attached to the role manually": AWS answers DeleteConflict (409) with
 *   in an instance profile: "Cannot delete entity, must remove roles from instance profile first."
 *   inline policies:        "Cannot delete entity, must delete policies first."
 *   managed policies:       "Cannot delete entity, must detach all policies first."
 * (LocalStack test_iam_roles.snapshot.json, recorded against AWS.)
 */
import { action } from '../../core/action.js';
import { KIND } from '../model.js';
import { roleName } from '../shapes.js';
import { adjustBoundaryUsage } from '../users/boundary.js';
import { checkNoPolicies, deleteConflict } from '../users/relations.js';
import { getModifiableRole, roleResource } from './common.js';
import { deniedRole } from '../denied-as.js';

export const deleteRole = action({
  service: 'iam',
  name: 'DeleteRole',
  params: { RoleName: { ...roleName, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const role = await getModifiableRole(tx, account, input.RoleName);
      const key = role.key;
      if ((await tx.count(account, KIND.roleInstanceProfile, `${key}/`)) > 0) throw deleteConflict('must remove roles from instance profile first.');
      await checkNoPolicies(tx, account, 'role', key);
      if (role.data.permissionsBoundary !== undefined) await adjustBoundaryUsage(tx, account, role.data.permissionsBoundary, -1);
      await tx.delete(account, KIND.role, key, role.version);
    });
    return undefined;
  },
});
