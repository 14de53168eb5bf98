/**
 * iam:DeleteAccessKey — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html
 * Without UserName: a key of the signing user.
 */
import { action } from '../../core/action.js';
import { KIND } from '../model.js';
import { accessKeyId, existingUserName } from '../shapes.js';
import { impliedUserName } from '../users/common.js';
import { getUserKey, keyUserResource } from './common.js';
import { deniedUser } from '../denied-as.js';

export const deleteAccessKey = action({
  service: 'iam',
  name: 'DeleteAccessKey',
  params: { UserName: existingUserName, AccessKeyId: { ...accessKeyId, required: true } },
  resource: keyUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    await ctx.store.write(async (tx) => {
      const key = await getUserKey(tx, account, name, input.AccessKeyId);
      await tx.delete(account, KIND.accessKey, key.key, key.version);
    });
    return undefined;
  },
});
