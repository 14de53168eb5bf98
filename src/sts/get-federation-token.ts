/**
 * sts:GetFederationToken — a `federated-user/NAME` session whose permissions are the calling
 * user's intersected with the policies passed (none passed: no permissions, as AWS documents).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 */
import type { Pattern } from '../core/input.js';
import { AccessDenied } from '../core/errors.js';
import { type Caller, action } from '../core/action.js';
import { authorizeRequest, callerContext } from '../access/authorize.js';
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

const federatedUserArn = (input: Input, caller: Caller): string => `arn:aws:sts::${caller.account}:federated-user/${input.Name}`;

/** aws:RequestTag/… and aws:TagKeys of the session tags, for sts:GetFederationToken and sts:TagSession. */
const tagContext = (input: Input): Record<string, string | readonly string[]> =>
  input.Tags === undefined ? {} : { 'aws:TagKeys': input.Tags.map((t) => t.Key), ...Object.fromEntries(input.Tags.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])) };

export const getFederationToken = action({
  service: 'sts',
  name: 'GetFederationToken',
  params: {
    Name: { type: 'string', required: true, min: 2, max: 32, pattern: NAME },
    Policy: S.sessionPolicy,
    PolicyArns: S.policyArns,
    DurationSeconds: S.durationSeconds(129600),
    Tags: S.tags,
  },
  resource: federatedUserArn,
  context: tagContext,
  handler(ctx, input) {
    const c = ctx.caller;
    if (c.session !== undefined) throw AccessDenied('Cannot call GetFederationToken with session credentials');
    // AWS: passing session tags also needs the permissions-only action sts:TagSession (with the
    // same aws:RequestTag/… and aws:TagKeys), as for AssumeRole; session tags override the user's
    // own tags in aws:PrincipalTag, so they must not be free.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
    if (input.Tags !== undefined) {
      authorizeRequest(ctx, 'sts:TagSession', federatedUserArn(input, c), Object.assign({}, callerContext(ctx), tagContext(input)), ctx.callerPolicies);
    }
    checkSessionPolicy(input.Policy);
    const arns = sessionPolicyArns(input.PolicyArns);
    const tags = sessionTags(input.Tags, undefined, undefined);
    const packed = packedPolicySize(input.Policy, arns, tags);
    const duration = Math.min(input.DurationSeconds ?? 43200, c.type === 'root' ? 3600 : 129600);
    const credentials = issueCredentials(ctx.services, ctx.now, duration, {
      account: c.account,
      kind: 'federated',
      sessionName: input.Name,
      userId: c.userId,
      userArn: c.arn,
      ...(c.userName === undefined ? {} : { userName: c.userName }),
      ...(input.Policy === undefined ? {} : { policy: input.Policy }),
      ...(arns.length === 0 ? {} : { policyArns: arns }),
      ...(tags.tags.length === 0 ? {} : { tags: tags.tags }),
    });
    return {
      Credentials: credentials,
      FederatedUser: { FederatedUserId: `${c.account}:${input.Name}`, Arn: `arn:aws:sts::${c.account}:federated-user/${input.Name}` },
      PackedPolicySize: packed,
    };
  },
});
