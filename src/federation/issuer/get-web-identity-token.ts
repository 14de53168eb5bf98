/**
 * sts:GetWebIdentityToken (AWS's outbound identity federation, 2025): a JWT that says who the
 * caller is, signed by the account's outbound issuer (`<ROLEGATE_ISSUER_URL>/outbound/<account>`,
 * enabled by iam:EnableOutboundWebIdentityFederation), for services outside AWS to verify against
 * the issuer's JWKS.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html
 *
 * Authorized as sts:GetWebIdentityToken on `*` with sts:IdentityTokenAudience (multi-valued),
 * sts:DurationSeconds, sts:SigningAlgorithm and, with Tags, aws:RequestTag/… and aws:TagKeys;
 * Tags also need sts:TagGetWebIdentityToken (the Service Authorization Reference's
 * permission-only action, as sts:TagSession is for session tags).
 *
 * Claims, as AWS's sample token: iss, aud (a string for one audience, else a list), sub (the
 * principal: a role session's role ARN, a user's ARN), iat, exp, jti, and under
 * "https://sts.amazonaws.com/": aws_account, source_region, principal_tags and request_tags. Not
 * carried (yet): org_id, ou_path and the session-context claims.
 */
import { authorizeRequest, callerContext } from '../../access/authorize.js';
import { action } from '../../core/action.js';
import type { Spec } from '../../core/input.js';
import { error } from '../../core/errors.js';
import { randomUuid } from '../../credentials/random.js';
import { uniqueTagKeys } from '../../sts/session.js';
import { tags } from '../../sts/shapes.js';
import { outboundState } from './outbound.js';
import { signToken } from './sign.js';

const OutboundWebIdentityFederationDisabled = error('OutboundWebIdentityFederationDisabledException');
const SessionDurationEscalation = error('SessionDurationEscalationException');
const JWTPayloadSizeExceeded = error('JWTPayloadSizeExceededException');

/** webIdentityTokenAudienceListType: 1–10 strings of 1–1000 characters. */
const audience = { type: 'list', member: { type: 'string', min: 1, max: 1000 }, min: 1, max: 10 } as const satisfies Spec;
/** jwtAlgorithmType: 5 characters; the documented values. */
const signingAlgorithm = { type: 'string', min: 5, max: 5, enum: ['RS256', 'ES384'] } as const satisfies Spec;
/** webIdentityTokenDurationSecondsType: 60–3600, default 300. */
const durationSeconds = { type: 'integer', min: 60, max: 3600 } as const satisfies Spec;
const DEFAULT_DURATION = 300;
/** Rolegate's bound on the claims set (AWS states no figure): request tags are what can grow it. */
const MAX_PAYLOAD_BYTES = 8192;
const NAMESPACE = 'https://sts.amazonaws.com/';

type TagList = readonly { readonly Key: string; readonly Value: string }[];
const tagContext = (list: TagList | undefined): Record<string, string | readonly string[]> =>
  list === undefined || list.length === 0 ? {} : { 'aws:TagKeys': list.map((t) => t.Key), ...Object.fromEntries(list.map((t) => [`aws:RequestTag/${t.Key}`, t.Value])) };

export const getWebIdentityToken = action({
  service: 'sts',
  name: 'GetWebIdentityToken',
  params: { Audience: { ...audience, required: true }, DurationSeconds: durationSeconds, SigningAlgorithm: { ...signingAlgorithm, required: true }, Tags: tags },
  resource: () => '*',
  context: (input) => ({
    'sts:IdentityTokenAudience': [...input.Audience],
    'sts:DurationSeconds': String(input.DurationSeconds ?? DEFAULT_DURATION),
    'sts:SigningAlgorithm': input.SigningAlgorithm,
    ...tagContext(input.Tags),
  }),
  handler: async (ctx, input) => {
    const caller = ctx.caller;
    // Keys that differ only in case are refused, as session tags are (AssumeRole): else a policy on
    // aws:RequestTag/team (case-insensitive key) passes one spelling while the token carries both.
    uniqueTagKeys(input.Tags);
    if (input.Tags !== undefined && input.Tags.length > 0) {
      authorizeRequest(ctx, 'sts:TagGetWebIdentityToken', '*', Object.assign({}, callerContext(ctx), tagContext(input.Tags)), ctx.callerPolicies);
    }
    const state = await ctx.store.read((tx) => outboundState(tx, caller.account));
    if (state?.enabled !== true) {
      throw OutboundWebIdentityFederationDisabled('The outbound web identity federation feature is not enabled for this account. To use this feature, you must first enable it through the AWS Management Console or API.');
    }
    const duration = input.DurationSeconds ?? DEFAULT_DURATION;
    const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
    const session = caller.session;
    if (session !== undefined && nowSeconds + duration > session.expiresAt) {
      throw SessionDurationEscalation('The requested token duration would extend the session beyond its original expiration time.');
    }
    const audiences = [...new Set(input.Audience)];
    const ptags = caller.principal.tags;
    const principalTags = ptags === undefined || Object.keys(ptags).length === 0 ? undefined : { ...ptags };
    const requestTags = input.Tags === undefined || input.Tags.length === 0 ? undefined : Object.fromEntries(input.Tags.map((t) => [t.Key, t.Value]));
    const claims = {
      aud: audiences.length === 1 ? audiences[0]! : audiences,
      // AWS: a role session is named by its role's ARN, as the sample token's sub.
      sub: session?.roleArn ?? caller.arn,
      jti: randomUuid(),
      [NAMESPACE]: {
        aws_account: caller.account,
        source_region: ctx.region,
        // The principal's tags as aws:PrincipalTag sees them (user or role tags, session tags winning).
        ...(principalTags === undefined ? {} : { principal_tags: principalTags }),
        ...(requestTags === undefined ? {} : { request_tags: requestTags }),
      },
    };
    if (Buffer.byteLength(JSON.stringify(claims)) > MAX_PAYLOAD_BYTES) {
      throw JWTPayloadSizeExceeded('The requested token payload size exceeds the maximum allowed size. Reduce the number of request tags included in the GetWebIdentityToken API call to reduce the token payload size.');
    }
    const signed = await signToken(ctx.services, caller.account, 'outbound', input.SigningAlgorithm, claims, ctx.now, duration, { nbf: false });
    return { WebIdentityToken: signed.token, Expiration: signed.expiration };
  },
});
