/**
 * Verifying a web identity token as AWS does, with `jose` for everything cryptographic:
 * a compact JWS whose algorithm is on the allow-list (never `none`, never HMAC: a provider's keys
 * are public), `iss` naming a provider registered in the role's account, `aud` (or `azp`) one of its
 * client ids, a signature by a key from the provider's JWKS, `exp`/`nbf`/`iat` within IAM's
 * five-minute clock-skew window, and a `sub`.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html ("IAM provides a
 * five minute window beyond the expiration time specified in the JWT to account for clock skew")
 */
import { type JSONWebKeySet, type JWTPayload, createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { KIND, type OidcProviderData } from '../../iam/model.js';
import type { ActionContext } from '../../core/action.js';
import { type AwsError, IDPRejectedClaim, InvalidIdentityToken } from '../../core/errors.js';
import { IDPCommunicationError, MSG, noProvider, tokenExpired } from './errors.js';
import { FetchError } from './fetch.js';
import { OIDC_KEYS } from './keys.js';
import { ownIssuer } from '../issuer/issuers.js';
import { ISSUER_KEYS } from '../issuer/keyring.js';
import { issuerName } from './provider-url.js';

/** RSA, RSA-PSS and ECDSA only (AWS: "RS256 … ES256 …"); HMAC and `none` can never verify here. */
export const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
const SKEW_SECONDS = 300;
/** AWS's SubjectFromWebIdentityToken is at most 255 characters (webIdentitySubjectType). */
const MAX_SUBJECT = 255;

export interface VerifiedToken {
  readonly provider: OidcProviderData;
  /** The provider's name: its URL without the scheme (the ARN's resource part). */
  readonly name: string;
  readonly payload: JWTPayload;
  readonly subject: string;
  /** The client id the token was issued to (azp or aud). */
  readonly audience: string;
}

export async function verifyWebIdentityToken(ctx: ActionContext, token: string, roleAccount: string): Promise<VerifiedToken> {
  const allowInsecure = ctx.services.config.allowInsecureOidc === true;
  let payload: JWTPayload;
  let alg: unknown;
  try {
    if (token.split('.').length !== 3) throw new TypeError('not a compact JWS');
    alg = decodeProtectedHeader(token).alg;
    payload = decodeJwt(token);
  } catch {
    throw InvalidIdentityToken(MSG.notJwt);
  }
  if (typeof alg !== 'string' || !(ALGORITHMS as readonly string[]).includes(alg)) throw InvalidIdentityToken(MSG.invalid);
  const iss = payload.iss;
  if (typeof iss !== 'string' || iss.length === 0 || iss.length > 300) throw InvalidIdentityToken(MSG.notJwt);
  const name = issuerName(iss, allowInsecure);
  const item = name === undefined ? undefined : await ctx.services.cache.get<OidcProviderData>(roleAccount, KIND.oidcProvider, name);
  const provider = item?.data;
  if (name === undefined || provider === undefined || provider.url !== iss) throw noProvider(iss);
  const audience = matchAudience(payload, provider.clientIds);

  const keys = keySource(ctx, provider, allowInsecure);
  const options = {
    algorithms: [...ALGORITHMS],
    issuer: provider.url,
    currentDate: ctx.now,
    clockTolerance: SKEW_SECONDS,
    requiredClaims: ['exp', 'iat'],
  };
  let verified: JWTPayload;
  try {
    try {
      verified = (await jwtVerify(token, createLocalJWKSet(await keys(false)), options)).payload;
    } catch (e) {
      // Key rotation: a kid we do not know yet makes one (rate-limited) early refetch.
      if (!(e instanceof errors.JWKSNoMatchingKey)) throw e;
      verified = (await jwtVerify(token, createLocalJWKSet(await keys(true)), options)).payload;
    }
  } catch (e) {
    throw mapError(e, ctx.now);
  }
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  if (typeof verified.iat === 'number' && verified.iat > nowSeconds + SKEW_SECONDS) throw InvalidIdentityToken(MSG.invalid);
  const subject = verified.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT) {
    throw IDPRejectedClaim('The web identity token has no valid sub claim.');
  }
  return { provider, name, payload: verified, subject, audience };
}

/**
 * Where a provider's keys come from. A provider whose URL is exactly one of Rolegate's own issuers
 * (federation/issuer/) is answered from this server's key store: no network, no TLS to trust, and
 * the https rule for every other issuer untouched (its URL is still https, never fetched). Any other
 * URL goes through the fetched, cached JWKS under the provider's TLS trust.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_getting_started.html
 */
function keySource(ctx: ActionContext, provider: OidcProviderData, allowInsecure: boolean): (unknownKid: boolean) => Promise<JSONWebKeySet> {
  const own = ownIssuer(ctx.services.config, provider.url);
  // AWS: tokens of outbound identity federation (sts:GetWebIdentityToken) "cannot be used for
  // OpenID Connect (OIDC) federation into AWS (via the AssumeRoleWithWebIdentity API)".
  if (own?.purpose === 'outbound') throw InvalidIdentityToken(MSG.invalid);
  if (own !== undefined) {
    const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
    return async () => ({ keys: (await ctx.services.get(ISSUER_KEYS).publicKeys(own.account, own.purpose, nowSeconds)) });
  }
  const cache = ctx.services.get(OIDC_KEYS);
  const trust = { issuer: provider.url, thumbprints: provider.thumbprints, allowInsecure };
  return (unknownKid) => cache.keys(trust, unknownKid);
}

/**
 * AWS: the token's audience must be one of the provider's client ids. An `azp` (authorized party)
 * that is a client id counts first, as for Google tokens issued to one client for another's use.
 */
function matchAudience(payload: JWTPayload, clientIds: readonly string[]): string {
  // OpenID Connect Core §2: `aud` is REQUIRED; a token without one is never accepted.
  const aud = typeof payload.aud === 'string' ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
  if (aud.length === 0) throw InvalidIdentityToken(MSG.audience);
  const azp = payload.azp;
  if (typeof azp === 'string' && clientIds.includes(azp)) return azp;
  const hit = aud.find((a) => typeof a === 'string' && clientIds.includes(a));
  if (hit === undefined) throw InvalidIdentityToken(MSG.audience);
  return hit;
}

function mapError(e: unknown, now: Date): AwsError {
  if (e instanceof FetchError) {
    if (e.failure === 'untrusted') return InvalidIdentityToken(MSG.thumbprint);
    if (e.failure === 'unreachable') return IDPCommunicationError(MSG.unreachable);
    return InvalidIdentityToken(MSG.noKey);
  }
  if (e instanceof errors.JWTExpired) {
    const exp = typeof e.payload.exp === 'number' ? e.payload.exp : 0;
    return tokenExpired(Math.floor(now.getTime() / 1000), exp);
  }
  if (e instanceof errors.JWKSNoMatchingKey) return InvalidIdentityToken(MSG.noKey);
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return InvalidIdentityToken(MSG.notJwt);
  // Bad signature, algorithm not allowed, nbf in the future, unusable key, missing exp/iat.
  if (e instanceof errors.JOSEError) return InvalidIdentityToken(MSG.invalid);
  if (e instanceof TypeError) return InvalidIdentityToken(MSG.invalid);
  throw e;
}
