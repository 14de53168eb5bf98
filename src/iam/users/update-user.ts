/**
 * iam:UpdateUser — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
 * A rename re-keys everything that hangs off the user — access keys, group memberships, inline and
 * attached policies, policy back-references — in the same transaction as the user itself.
 */
import { action } from '../../core/action.js';
import type { WriteTx } from '../../store/types.js';
import { renameMemberUser } from '../groups/members.js';
import { type AccessKeyData, KIND, type UserData, nameKey, userArn } from '../model.js';
import { existingUserName, path, userName } from '../shapes.js';
import { getUser, userResource } from './common.js';
import { alreadyExists } from './create-user.js';
import { moveUserCredentials } from './credentials.js';
import { moveEntityPolicies, rekey } from './relations.js';

export const updateUser = action({
  service: 'iam',
  name: 'UpdateUser',
  params: { UserName: { ...existingUserName, required: true }, NewPath: path, NewUserName: userName },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const old = await getUser(tx, account, input.UserName);
      const name = input.NewUserName ?? old.data.name;
      const p = input.NewPath ?? old.data.path;
      if (name === old.data.name && p === old.data.path) return;
      const oldKey = old.key;
      const newKey = nameKey(name);
      if (newKey !== oldKey && (await tx.get(account, KIND.user, newKey)) !== undefined) throw alreadyExists(name);
      const data: UserData = { ...old.data, name, path: p, arn: userArn(account, p, name) };
      await rekey(tx, old, newKey, data);
      if (name !== old.data.name) await moveRelations(tx, account, oldKey, newKey, name);
    });
    return undefined;
  },
});

async function moveRelations(tx: WriteTx, account: string, oldKey: string, newKey: string, name: string): Promise<void> {
  for (const k of await tx.list<AccessKeyData>(account, KIND.accessKey, { prefix: `${oldKey}/`, limit: 10_000 })) {
    await rekey(tx, k, `${newKey}/${k.data.accessKeyId}`, { ...k.data, userName: name });
  }
  await renameMemberUser(tx, account, oldKey, newKey, name);
  await moveEntityPolicies(tx, account, 'user', oldKey, newKey, name);
  await moveUserCredentials(tx, account, oldKey, newKey, name);
}
