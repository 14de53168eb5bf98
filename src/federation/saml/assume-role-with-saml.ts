/**
 * sts:AssumeRoleWithSAML — https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
 * Unsigned: the assertion is the credential. Order: the provider (PrincipalArn), the signature
 * against its metadata certificates (signature.ts), the assertion's own checks (checks.ts), the
 * Role attribute pair, then the role's trust policy with the saml:* keys (and sts:TagSession /
 * sts:SetSourceIdentity when the assertion passes tags or a source identity).
 * Duration: DurationSeconds (default 3600, at most the role's MaxSessionDuration), shortened by
 * the SessionDuration attribute and by SessionNotOnOrAfter — "whichever is shorter".
 */
import { KIND, type RoleData, type SamlProviderData, nameKey } from '../../iam/model.js';
import { InvalidIdentityToken, ValidationError } from '../../core/errors.js';
import { action } from '../../core/action.js';
import * as S from '../../sts/shapes.js';
import { checkSessionPolicy, issueRoleSession, packedPolicySize, sessionPolicyArns, sessionTags } from '../../sts/session.js';
import { parseRoleArn, roleAccountRcps, stsContext } from '../../sts/trust.js';
import { readAssertion } from './assertion.js';
import { checkAssertion } from './checks.js';
import { hasRolePair, principalTags, roleSessionName, sessionDuration, sourceIdentity, transitiveTagKeys } from './claims.js';
import { nameQualifier, samlContext, subjectType } from './context.js';
import { MSG, invalidResponse, notAuthorized } from './errors.js';
import { parseProviderArn } from './provider-common.js';
import { authorizeSamlTrust } from './saml-trust.js';
import { verifyResponse } from './signature.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export const assumeRoleWithSaml = action({
  service: 'sts',
  name: 'AssumeRoleWithSAML',
  unsigned: true,
  params: {
    RoleArn: { ...S.roleArn, required: true },
    PrincipalArn: { ...S.roleArn, required: true },
    SAMLAssertion: { ...S.samlAssertion, required: true },
    PolicyArns: S.policyArns,
    Policy: S.sessionPolicy,
    DurationSeconds: S.durationSeconds(43200),
  },
  resource: undefined, // the assertion and the trust policy decide (below)
  async handler(ctx, input) {
    const { account: roleAccount, name: roleName } = parseRoleArn(input.RoleArn);
    const prov = parseProviderArn(input.PrincipalArn);
    const provider = prov === undefined ? undefined : await ctx.services.cache.get<SamlProviderData>(prov.account, KIND.samlProvider, nameKey(prov.name));
    if (prov === undefined || provider === undefined || provider.data.arn !== input.PrincipalArn) throw InvalidIdentityToken(MSG.providerMissing);
    const p = provider.data;

    const signed = verifyResponse(decode(input.SAMLAssertion), p.signingCerts);
    const claims = readAssertion(signed.assertion);
    checkAssertion(claims, signed.response, p, ctx.now);
    const attrs = claims.attributes;
    if (!hasRolePair(attrs, input.RoleArn, input.PrincipalArn)) throw notAuthorized();
    // AWS: also "if the SAML response does not include a Subject containing a NameID".
    if (claims.nameId === undefined || claims.nameId === '') throw notAuthorized();
    const sessionName = roleSessionName(attrs);
    const source = sourceIdentity(attrs);
    const tagInput = principalTags(attrs);
    const transitive = transitiveTagKeys(attrs);
    const maxBySaml = sessionDuration(attrs);
    const tags = sessionTags(tagInput, transitive, undefined);

    const item = await ctx.services.cache.get<RoleData>(roleAccount, KIND.role, nameKey(roleName));
    const found = item !== undefined && item.data.arn === input.RoleArn ? item.data : undefined;
    const context = stsContext(ctx, {
      ...samlContext(claims, prov.account, p.name),
      'sts:RoleSessionName': sessionName,
      ...(source === undefined ? {} : { 'sts:SourceIdentity': source }),
    }, tagInput, transitive);
    const rcps = await roleAccountRcps(ctx, roleAccount);
    authorizeSamlTrust(p.arn, 'sts:AssumeRoleWithSAML', found, roleAccount, context, rcps);
    if (tagInput !== undefined || transitive !== undefined) authorizeSamlTrust(p.arn, 'sts:TagSession', found, roleAccount, context, rcps);
    if (source !== undefined) authorizeSamlTrust(p.arn, 'sts:SetSourceIdentity', found, roleAccount, context, rcps);
    const role = found;

    const requested = input.DurationSeconds ?? 3600;
    if (requested > role.maxSessionDuration) throw ValidationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    let duration = Math.min(requested, maxBySaml ?? requested);
    if (claims.sessionNotOnOrAfter !== undefined) {
      duration = Math.min(duration, Math.floor((claims.sessionNotOnOrAfter.getTime() - ctx.now.getTime()) / 1000));
    }
    if (duration < 1) throw invalidResponse('the session has already ended (SessionNotOnOrAfter)');
    checkSessionPolicy(input.Policy);
    const policyArns = sessionPolicyArns(input.PolicyArns);
    const packed = input.Policy !== undefined || policyArns.length > 0 || tagInput !== undefined ? packedPolicySize(input.Policy, policyArns, tags) : undefined;

    const session = issueRoleSession(ctx.services, ctx.now, duration, {
      account: roleAccount,
      role,
      sessionName,
      provider: p.arn,
      policy: input.Policy,
      policyArns,
      tags,
      sourceIdentity: source,
    });
    return {
      Credentials: session.Credentials,
      AssumedRoleUser: session.AssumedRoleUser,
      PackedPolicySize: packed,
      Subject: claims.nameId,
      SubjectType: subjectType(claims.nameIdFormat),
      Issuer: claims.issuer,
      Audience: claims.recipient,
      NameQualifier: nameQualifier(claims.issuer, prov.account, p.name),
      SourceIdentity: source,
    };
  },
});

/** The base64 of the SAML Response (whitespace tolerated, as IdPs wrap it) to its XML text. */
function decode(b64: string): string {
  const compact = b64.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) throw invalidResponse('SAMLAssertion is not base64');
  return Buffer.from(compact, 'base64').toString('utf8');
}
