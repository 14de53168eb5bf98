/**
 * sts:GetSessionToken — temporary credentials for an IAM user (or the root user), with the
 * user's own permissions. AWS: "You cannot call GetSessionToken with session credentials";
 * durations 900–129,600 s (root: up to 3,600), default 43,200.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
import { AccessDenied } from '../core/errors.js';
import { action } from '../core/action.js';
import { verifyMfa } from './mfa.js';
import * as S from './shapes.js';
import { issueCredentials } from './session.js';

export const getSessionToken = action({
  service: 'sts',
  name: 'GetSessionToken',
  params: { DurationSeconds: S.durationSeconds(129600), SerialNumber: S.serialNumber, TokenCode: S.tokenCode },
  // AWS: "No permissions are required for users to perform this operation ... You cannot use
  // policies to control authentication operations."
  resource: undefined,
  async handler(ctx, input) {
    const c = ctx.caller;
    if (c.session !== undefined) throw AccessDenied('Cannot call GetSessionToken with session credentials');
    // AWS: sessions of the root user last at most one hour; a longer request is cut to that.
    const duration = c.type === 'root' ? Math.min(input.DurationSeconds ?? 3600, 3600) : (input.DurationSeconds ?? 43200);
    const mfa = input.SerialNumber !== undefined;
    if (mfa) await verifyMfa(ctx, input.SerialNumber, input.TokenCode);
    const credentials = issueCredentials(ctx.services, ctx.now, duration, {
      account: c.account,
      kind: 'user',
      userId: c.userId,
      userArn: c.arn,
      ...(c.userName === undefined ? {} : { userName: c.userName }),
      mfa,
      ...(mfa ? { mfaTime: Math.floor(ctx.now.getTime() / 1000) } : {}),
    });
    return { Credentials: credentials };
  },
});
