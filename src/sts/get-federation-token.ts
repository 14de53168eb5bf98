/**
 * sts:GetFederationToken — a `federated-user/NAME` session whose permissions are the calling
 * user's intersected with the policies passed (none passed: no permissions, as AWS documents).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 */
import type { Pattern } from '../protocol/params.js';
import { AccessDenied } from '../protocol/errors.js';
import { action } from '../server/action.js';
import * as S from './shapes.js';
import { type TagInput, checkSessionPolicy, issueCredentials, packedPolicySize, sessionPolicyArns, sessionTags } from './session.js';

interface Input {
  readonly Name: string;
  readonly Policy?: string;
  readonly PolicyArns?: readonly { readonly arn?: string }[];
  readonly DurationSeconds?: number;
  readonly Tags?: readonly TagInput[];
}

const NAME: Pattern = { re: /^[\w+=,.@-]*$/, text: '[\\w+=,.@-]*' };

export const getFederationToken = action<Input>({
  service: 'sts',
  name: 'GetFederationToken',
  params: {
    Name: { type: 'string', required: true, min: 2, max: 32, pattern: NAME },
    Policy: S.sessionPolicy,
    PolicyArns: S.policyArns,
    DurationSeconds: S.durationSeconds(129600),
    Tags: S.tags,
  },
  resource: (input, caller) => `arn:aws:sts::${caller.account}:federated-user/${input.Name}`,
  context: (input) => (input.Tags === undefined ? {} : { 'aws:TagKeys': input.Tags.map((t) => t.Key), ...Object.fromEntries(input.Tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])) }),
  handler(ctx, input) {
    const c = ctx.caller;
    if (c.session !== undefined) throw AccessDenied('Cannot call GetFederationToken with session credentials');
    checkSessionPolicy(input.Policy);
    const arns = sessionPolicyArns(input.PolicyArns);
    const tags = sessionTags(input.Tags, undefined, undefined);
    const packed = packedPolicySize(input.Policy, arns, tags);
    const duration = Math.min(input.DurationSeconds ?? 43200, c.type === 'root' ? 3600 : 129600);
    const credentials = issueCredentials(ctx.services, ctx.now, duration, {
      a: c.account,
      typ: 'fed',
      sn: input.Name,
      uid: c.userId,
      ua: c.arn,
      ...(c.userName === undefined ? {} : { un: c.userName }),
      ...(input.Policy === undefined ? {} : { p: input.Policy }),
      ...(arns.length === 0 ? {} : { pa: arns }),
      ...(tags.tags.length === 0 ? {} : { tg: tags.tags }),
    });
    return {
      Credentials: credentials,
      FederatedUser: { FederatedUserId: `${c.account}:${input.Name}`, Arn: `arn:aws:sts::${c.account}:federated-user/${input.Name}` },
      PackedPolicySize: packed,
    };
  },
});
