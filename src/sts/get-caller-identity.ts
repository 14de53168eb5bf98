/**
 * sts:GetCallerIdentity — AWS: "No permissions are required to perform this operation. If an
 * administrator attaches a policy to your identity that explicitly denies access to the
 * sts:GetCallerIdentity action, you can still perform this operation."
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import { action } from '../core/action.js';

export const getCallerIdentity = action({
  service: 'sts',
  name: 'GetCallerIdentity',
  params: {},
  resource: undefined,
  handler: (ctx) => ({ UserId: ctx.caller.userId, Account: ctx.caller.account, Arn: ctx.caller.arn }),
});
