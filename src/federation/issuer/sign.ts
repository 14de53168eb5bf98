/**
 * Signing a token with an issuer's current key, through `jose`: the header names the key's own
 * algorithm and kid (typ JWT), nothing else; lifetimes are bounded by the issuer's maximum.
 */
import { type JWTPayload, SignJWT } from 'jose';
import type { Services } from '../../core/services.js';
import { type IssuerAlg, type IssuerPurpose, MAX_LIFETIME, issuerUrl } from './issuers.js';
import { ISSUER_KEYS } from './keyring.js';

export interface Signed {
  readonly token: string;
  readonly issuer: string;
  readonly expiration: Date;
}

/**
 * `claims` must not carry iss, iat, nbf or exp: they are set here from `now` and `lifetimeSeconds`
 * (nbf = iat unless `nbf: false`: AWS's outbound tokens carry none).
 */
export async function signToken(
  services: Services,
  account: string,
  purpose: IssuerPurpose,
  alg: IssuerAlg,
  claims: JWTPayload,
  now: Date,
  lifetimeSeconds: number,
  options: { readonly nbf?: boolean } = {},
): Promise<Signed> {
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1 || lifetimeSeconds > MAX_LIFETIME[purpose]) throw new RangeError('token lifetime out of bounds');
  const iat = Math.floor(now.getTime() / 1000);
  const key = await services.get(ISSUER_KEYS).signingKey(account, purpose, alg, iat);
  const issuer = issuerUrl(services.config, purpose, account);
  const exp = iat + lifetimeSeconds;
  const token = await new SignJWT({ ...claims, iss: issuer, iat, ...(options.nbf === false ? {} : { nbf: iat }), exp }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.key);
  return { token, issuer, expiration: new Date(exp * 1000) };
}
