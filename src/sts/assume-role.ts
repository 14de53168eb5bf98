/**
 * sts:AssumeRole. The trust policy is the role's resource-based policy, evaluated by the engine
 * with the caller's own policies: in the same account a trust policy naming the caller suffices,
 * naming only the account also needs an identity allow, and across accounts both are needed.
 * A missing role gives the same AccessDenied as a trust policy that denies.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (role chaining)
 */
import { type ActionContext, type ControlLevels, type InputOf, type Output, action } from '../core/action.js';
import { AccessDenied } from '../core/errors.js';
import { run, wait, waitBoth } from '../core/settle.js';
import { KIND, type RoleData, nameKey } from '../iam/model.js';
import type { ContextValue } from '../policy/index.js';
import { verifyMfa } from './mfa.js';
import * as S from './shapes.js';
import { type SessionTags, checkRoleSessionDuration, checkSessionPolicy, issueRoleSession, packedPolicySize, sessionPolicyArns, sessionTags } from './session.js';
import { type BoundRole, authorizeTrust, boundRole, parseRoleArn, roleAccountRcps, stsContext } from './trust.js';

const params = {
  RoleArn: { ...S.roleArn, required: true },
  RoleSessionName: { ...S.roleSessionName, required: true },
  PolicyArns: S.policyArns,
  Policy: S.sessionPolicy,
  DurationSeconds: S.durationSeconds(43200),
  Tags: S.tags,
  TransitiveTagKeys: S.transitiveTagKeys,
  ExternalId: S.externalId,
  SerialNumber: S.serialNumber,
  TokenCode: S.tokenCode,
  SourceIdentity: S.sourceIdentity,
} as const;
type Input = InputOf<typeof params>;

export const assumeRole = action({
  service: 'sts',
  name: 'AssumeRole',
  params,
  resource: undefined, // authorized below: the trust policy is part of the decision
  // Cached reads come back settled: the usual call awaits nothing and returns a plain value.
  handler: (ctx, input) => run(steps(ctx, input)),
});

/** Written once: `wait` resumes at once on settled values (core/settle.ts). */
function* steps(ctx: ActionContext, input: Input): Generator<unknown, Output, unknown> {
  const { account: roleAccount, name: roleName } = parseRoleArn(input.RoleArn);
  if (ctx.caller.type === 'root') throw AccessDenied('Roles may not be assumed by root accounts.');
  const [role, rcps] = yield* waitBoth(ctx.services.cache.now<RoleData>(roleAccount, KIND.role, nameKey(roleName)), roleAccountRcps(ctx, roleAccount));
  const found = role !== undefined && role.data.arn === input.RoleArn ? yield* wait(boundRole(ctx, role.data)) : undefined;
  const tags = sessionTags(input.Tags, input.TransitiveTagKeys, ctx.caller.session);
  // AWS: MFA is verified against the caller's device (a bad or replayed code is AccessDenied),
  // and the trust policy then sees aws:MultiFactorAuthPresent true with an age of 0.
  const mfa = input.SerialNumber !== undefined;
  if (mfa) yield* wait(verifyMfa(ctx, input.SerialNumber, input.TokenCode));
  return assume(ctx, input, roleAccount, found, rcps, tags, mfa);
}

/** Trust, limits and the new session, once the role, its account's RCPs and the request's tags are known. */
function assume(
  ctx: ActionContext,
  input: Input,
  roleAccount: string,
  found: BoundRole | undefined,
  rcps: ControlLevels | undefined,
  tags: SessionTags,
  mfa: boolean,
): Output {
  const caller = ctx.caller;
  const chained = caller.type === 'role-session';
  const policyArns = sessionPolicyArns(input.PolicyArns);
  const inheritedSource = caller.session?.sourceIdentity;
  const extra: Record<string, ContextValue> = { 'sts:RoleSessionName': input.RoleSessionName };
  if (mfa) {
    extra['aws:MultiFactorAuthPresent'] = true;
    extra['aws:MultiFactorAuthAge'] = 0;
  }
  if (input.ExternalId !== undefined) extra['sts:ExternalId'] = input.ExternalId;
  if (input.SourceIdentity !== undefined) extra['sts:SourceIdentity'] = input.SourceIdentity;
  const context = stsContext(ctx, extra, input.Tags, input.TransitiveTagKeys);
  authorizeTrust(ctx, 'sts:AssumeRole', input.RoleArn, roleAccount, found, context, rcps);
  if (input.Tags !== undefined || input.TransitiveTagKeys !== undefined) authorizeTrust(ctx, 'sts:TagSession', input.RoleArn, roleAccount, found, context, rcps);
  if (input.SourceIdentity !== undefined) {
    // AWS: once set, the source identity persists through role chaining and cannot be changed.
    if (inheritedSource !== undefined && inheritedSource !== input.SourceIdentity) {
      throw AccessDenied(`User: ${caller.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${input.RoleArn}`);
    }
    authorizeTrust(ctx, 'sts:SetSourceIdentity', input.RoleArn, roleAccount, found, context, rcps);
  }

  const duration = input.DurationSeconds ?? 3600;
  checkRoleSessionDuration(duration, chained, found);
  checkSessionPolicy(input.Policy);
  const packed = input.Policy !== undefined || policyArns.length > 0 || input.Tags !== undefined ? packedPolicySize(input.Policy, policyArns, tags) : undefined;
  const sourceIdentity = inheritedSource ?? input.SourceIdentity;
  const session = issueRoleSession(ctx.services, ctx.now, duration, {
    account: roleAccount,
    role: found,
    sessionName: input.RoleSessionName,
    policy: input.Policy,
    policyArns,
    tags,
    sourceIdentity,
    // MFA used now, or carried over from the calling session.
    mfa: mfa ? true : caller.mfaAuthenticated,
    mfaTime: mfa ? Math.floor(ctx.now.getTime() / 1000) : undefined,
    chained,
  });
  return { Credentials: session.Credentials, AssumedRoleUser: session.AssumedRoleUser, PackedPolicySize: packed, SourceIdentity: sourceIdentity };
}
