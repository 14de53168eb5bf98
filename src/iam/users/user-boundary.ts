/**
 * iam:PutUserPermissionsBoundary, iam:DeleteUserPermissionsBoundary
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html
 */
import { action } from '../../core/action.js';
import { KIND, type UserData } from '../model.js';
import { arn, userName } from '../shapes.js';
import { adjustBoundaryUsage, checkBoundary } from './boundary.js';
import { getUser, userResource } from './common.js';
import { deniedUser } from '../denied-as.js';

export const putUserPermissionsBoundary = action({
  service: 'iam',
  name: 'PutUserPermissionsBoundary',
  params: { UserName: { ...userName, required: true }, PermissionsBoundary: { ...arn, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  context: (input) => ({ 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const boundary = input.PermissionsBoundary;
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      await checkBoundary(tx, account, boundary);
      const previous = user.data.permissionsBoundary;
      if (previous === boundary) return;
      if (previous !== undefined) await adjustBoundaryUsage(tx, account, previous, -1);
      await adjustBoundaryUsage(tx, account, boundary, 1);
      const data: UserData = { ...user.data, permissionsBoundary: boundary };
      await tx.put<UserData>({ account, kind: KIND.user, key: user.key, id: data.id, data }, user.version);
    });
    return undefined;
  },
});

export const deleteUserPermissionsBoundary = action({
  service: 'iam',
  name: 'DeleteUserPermissionsBoundary',
  params: { UserName: { ...userName, required: true } },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const previous = user.data.permissionsBoundary;
      if (previous === undefined) return;
      await adjustBoundaryUsage(tx, account, previous, -1);
      const data: UserData = { ...user.data };
      delete (data as { permissionsBoundary?: string }).permissionsBoundary;
      await tx.put<UserData>({ account, kind: KIND.user, key: user.key, id: data.id, data }, user.version);
    });
    return undefined;
  },
});
