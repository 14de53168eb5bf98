/**
 * iam:UpdateUser — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
 * A rename re-keys everything that hangs off the user (./rename.ts) in the same transaction as the
 * user itself. The source is authorized by the pipeline, the target (the new name and path) here,
 * in the write (../rename-target.ts).
 */
import { action } from '../../core/action.js';
import { authorizeRenameTarget } from '../rename-target.js';
import { KIND, type UserData, nameKey, userArn } from '../model.js';
import { existingUserName, path, userName } from '../shapes.js';
import { getUser, userResource } from './common.js';
import { alreadyExists } from './create-user.js';
import { rekey } from './relations.js';
import { moveUserItems } from './rename.js';
import { deniedEntity, deniedUser } from '../denied-as.js';

export const updateUser = action({
  service: 'iam',
  name: 'UpdateUser',
  params: { UserName: { ...existingUserName, required: true }, NewPath: path, NewUserName: userName },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const old = await getUser(tx, account, input.UserName);
      const name = input.NewUserName ?? old.data.name;
      const p = input.NewPath ?? old.data.path;
      if (name === old.data.name && p === old.data.path) return;
      const arn = userArn(account, p, name);
      authorizeRenameTarget(ctx, 'iam:UpdateUser', arn, deniedEntity('user', name));
      const oldKey = old.key;
      const newKey = nameKey(name);
      if (newKey !== oldKey && (await tx.get(account, KIND.user, newKey)) !== undefined) throw alreadyExists(name);
      const data: UserData = { ...old.data, name, path: p, arn };
      await rekey(tx, old, newKey, data);
      if (name !== old.data.name) await moveUserItems(tx, account, oldKey, newKey, name);
    });
    return undefined;
  },
});
