/**
 * iam:DeleteUser — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
 * "You must delete the items (for example, access keys, group memberships, policies) that are
 * attached to the user" first; AWS answers DeleteConflict naming the first kind it finds.
 */
import { action } from '../../core/action.js';
import { KIND } from '../model.js';
import { existingUserName } from '../shapes.js';
import { adjustBoundaryUsage } from './boundary.js';
import { getUser, userResource } from './common.js';
import { checkNoUserCredentials } from './credentials.js';
import { checkNoPolicies, deleteConflict } from './relations.js';
import { deniedUser } from '../denied-as.js';

export const deleteUser = action({
  service: 'iam',
  name: 'DeleteUser',
  params: { UserName: { ...existingUserName, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const key = user.key;
      // The page lists the password (DeleteLoginProfile) first among the items to delete.
      if ((await tx.get(account, KIND.loginProfile, user.data.id)) !== undefined) throw deleteConflict('must delete login profile first.');
      if ((await tx.count(account, KIND.accessKey, `${key}/`)) > 0) throw deleteConflict('must delete access keys first.');
      if ((await tx.count(account, KIND.userGroup, `${key}/`)) > 0) throw deleteConflict('must remove users from group first.');
      if ((await tx.count(account, KIND.userMfa, `${key}/`)) > 0) throw deleteConflict('must remove MFA device first.');
      await checkNoUserCredentials(tx, account, key);
      await checkNoPolicies(tx, account, 'user', key);
      if (user.data.permissionsBoundary !== undefined) await adjustBoundaryUsage(tx, account, user.data.permissionsBoundary, -1);
      await tx.delete(account, KIND.user, key, user.version);
    });
    return undefined;
  },
});
