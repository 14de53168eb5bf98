/**
 * sts:AssumeRoleWithWebIdentity — unsigned: the token is the credential. The token is verified
 * (verify-token.ts), then the role's trust policy decides with the provider as the Federated
 * principal and the web identity keys in the context; tags and source identity from the token
 * need sts:TagSession / sts:SetSourceIdentity too. A missing role is denied like a denying trust
 * policy. https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html
 */
import { KIND, type RoleData, nameKey } from '../../iam/model.js';
import type { ControlLevels } from '../../organizations/control-policies.js';
import type { ContextValue, Principal } from '../../policy/index.js';
import { AccessDenied, ValidationError } from '../../core/errors.js';
import { action } from '../../core/action.js';
import * as S from '../../sts/shapes.js';
import { checkSessionPolicy, issueRoleSession, packedPolicySize, sessionPolicyArns, sessionTags } from '../../sts/session.js';
import { parseRoleArn, roleAccountRcps, stsContext, trustAllows } from '../../sts/trust.js';
import { federatedName, tokenSourceIdentity, tokenTags, webIdentityKeys } from './claims.js';
import { MSG } from './errors.js';
import { verifyWebIdentityToken } from './verify-token.js';

export const assumeRoleWithWebIdentity = action({
  service: 'sts',
  name: 'AssumeRoleWithWebIdentity',
  unsigned: true,
  params: {
    RoleArn: { ...S.roleArn, required: true },
    RoleSessionName: { ...S.roleSessionName, required: true },
    WebIdentityToken: { ...S.webIdentityToken, required: true },
    // "Specify this value only for OAuth 2.0 access tokens" (Facebook, Login with Amazon): an
    // OpenID Connect ID token names its provider in `iss`, so it is not used here.
    ProviderId: { type: 'string', min: 4, max: 2048 },
    PolicyArns: S.policyArns,
    Policy: S.sessionPolicy,
    DurationSeconds: S.durationSeconds(43200),
  },
  resource: undefined, // the token and the trust policy decide, below
  async handler(ctx, input) {
    const { account: roleAccount, name: roleName } = parseRoleArn(input.RoleArn);
    const token = await verifyWebIdentityToken(ctx, input.WebIdentityToken, roleAccount);
    const { provider, payload } = token;
    const federated = federatedName(token.name, provider.arn);
    const fromToken = tokenTags(payload);
    const tags = sessionTags(fromToken.tags, fromToken.transitive, undefined);
    const sourceIdentity = tokenSourceIdentity(payload);

    const item = await ctx.services.cache.get<RoleData>(roleAccount, KIND.role, nameKey(roleName));
    const role = item !== undefined && item.data.arn === input.RoleArn ? item.data : undefined;
    const context = stsContext(ctx, {
      ...webIdentityKeys(token.name, payload, token.subject, token.audience),
      'aws:FederatedProvider': federated,
      'sts:RoleSessionName': input.RoleSessionName,
      ...(sourceIdentity === undefined ? {} : { 'sts:SourceIdentity': sourceIdentity }),
    }, fromToken.tags, fromToken.transitive);
    const principal: Principal = { arn: provider.arn, federatedProvider: federated };
    // AWS: RCPs of the role's account apply to the AssumeRole family (STS is an RCP service).
    const rcps = await roleAccountRcps(ctx, roleAccount);
    trust(principal, 'sts:AssumeRoleWithWebIdentity', role, roleAccount, context, rcps);
    if (fromToken.tags !== undefined || fromToken.transitive !== undefined) trust(principal, 'sts:TagSession', role, roleAccount, context, rcps);
    if (sourceIdentity !== undefined) trust(principal, 'sts:SetSourceIdentity', role, roleAccount, context, rcps);

    const duration = input.DurationSeconds ?? 3600;
    if (duration > role.maxSessionDuration) throw ValidationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    checkSessionPolicy(input.Policy);
    const policyArns = sessionPolicyArns(input.PolicyArns);
    const packed = input.Policy !== undefined || policyArns.length > 0 || tags.tags.length > 0 ? packedPolicySize(input.Policy, policyArns, tags) : undefined;

    const session = issueRoleSession(ctx.services, ctx.now, duration, {
      account: roleAccount,
      role,
      sessionName: input.RoleSessionName,
      provider: federated,
      policy: input.Policy,
      policyArns,
      tags,
      sourceIdentity,
    });
    return {
      Credentials: session.Credentials,
      SubjectFromWebIdentityToken: token.subject,
      AssumedRoleUser: session.AssumedRoleUser,
      PackedPolicySize: packed,
      // AWS answers with the provider's ARN for IAM OIDC providers (the name for Google & co.).
      Provider: federated,
      Audience: token.audience,
      SourceIdentity: sourceIdentity,
    };
  },
});

/** The trust policy alone decides: a Federated principal has no policies of its own. */
function trust(
  principal: Principal,
  actionName: string,
  role: RoleData | undefined,
  roleAccount: string,
  context: Readonly<Record<string, ContextValue>>,
  rcps: ControlLevels | undefined,
): asserts role is RoleData {
  // AWS words every denial of this call the same way, whichever action was missing.
  if (role === undefined || !trustAllows(principal, actionName, role, roleAccount, context, rcps)) throw AccessDenied(MSG.denied);
}
