/**
 * iam:GetUser — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
 * "If you do not specify a user name, IAM determines the user name implicitly based on the AWS
 * access key ID used to sign the request." Role sessions get AWS's ValidationError; the root user
 * gets the account's own entry (UserId = account id, Arn = root ARN).
 */
import { action } from '../../core/action.js';
import { GLOBAL } from '../../core/accounts.js';
import type { AccountData } from '../model.js';
import { KIND } from '../model.js';
import { existingUserName } from '../shapes.js';
import { callerUserResource, getUser, impliedUserName, userFull, userResource } from './common.js';
import { deniedUser } from '../denied-as.js';

export const getUserAction = action({
  service: 'iam',
  name: 'GetUser',
  params: { UserName: existingUserName },
  resource: (input, caller, ctx) => (input.UserName === undefined ? callerUserResource(caller, ctx) : userResource(ctx, input.UserName)),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    if (input.UserName === undefined && ctx.caller.type === 'root') {
      const acct = await ctx.store.read((tx) => tx.get<AccountData>(GLOBAL, KIND.account, account));
      return { User: { UserId: account, Arn: ctx.caller.arn, CreateDate: acct === undefined ? undefined : new Date(acct.data.createdAt) } };
    }
    const name = impliedUserName(input, ctx.caller);
    const user = await ctx.store.read((tx) => getUser(tx, account, name));
    return { User: userFull(user.data) };
  },
});
