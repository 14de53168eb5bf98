/**
 * iam:ListAccessKeys — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html
 * Without UserName: the signing user's keys. Never returns secrets.
 */
import { action } from '../../core/action.js';
import { type AccessKeyData, KIND } from '../model.js';
import { existingUserName, paging } from '../shapes.js';
import { getUser, impliedUserName } from '../users/common.js';
import { listPage } from '../users/paging.js';
import { keyMetadata, keyUserResource } from './common.js';
import { deniedUser } from '../denied-as.js';

export const listAccessKeys = action({
  service: 'iam',
  name: 'ListAccessKeys',
  params: { UserName: existingUserName, ...paging },
  resource: keyUserResource,
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const name = impliedUserName(input, ctx.caller);
    const page = await ctx.store.read(async (tx) => {
      const user = await getUser(tx, account, name);
      return listPage<AccessKeyData>(tx, account, KIND.accessKey, { ...input, prefix: `${user.key}/` });
    });
    return { AccessKeyMetadata: page.items.map((k) => keyMetadata(k.data)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});
