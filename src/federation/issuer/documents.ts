/**
 * The public documents of Rolegate's issuers, served without authentication on GET:
 * `<issuer>/.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §3, the members EKS's
 * issuer publishes) and `<issuer>/.well-known/jwks.json` (RFC 7517: public keys only, each with
 * kid, alg and use). Nothing is created by a GET: an issuer that has signed nothing yet has no key.
 */
import type { Services } from '../../core/services.js';
import { ISSUER_ALGS, type IssuerPurpose, issuerDocumentOf, issuerUrl } from './issuers.js';
import { outboundState } from './outbound.js';
import { ISSUER_KEYS } from './keyring.js';

export interface IssuerDocument {
  readonly status: number;
  readonly body: string;
}

/** The answer to a GET of `path`, or undefined when `path` is none of the issuers' documents. */
export function issuerDocument(services: Services, path: string): Promise<IssuerDocument> | undefined {
  const which = issuerDocumentOf(services.config, path);
  if (which === undefined) return undefined;
  // An outbound issuer exists once the account has enabled outbound federation (and stays, keys
  // included, after it is disabled: tokens issued before remain verifiable).
  const exists = which.purpose === 'oidc' ? Promise.resolve(true) : services.store.read((tx) => outboundState(tx, which.account)).then((s) => s !== undefined);
  return exists.then((yes) => (yes ? answer(services, which.purpose, which.account, which.doc) : { status: 404, body: JSON.stringify({ error: 'not_found' }) }));
}

function answer(services: Services, purpose: IssuerPurpose, account: string, doc: 'discovery' | 'jwks'): Promise<IssuerDocument> {
  const which = { purpose, account, doc };
  const issuer = issuerUrl(services.config, which.purpose, which.account);
  if (which.doc === 'discovery') {
    return Promise.resolve({
      status: 200,
      body: JSON.stringify({
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ISSUER_ALGS[which.purpose],
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf'],
      }),
    });
  }
  const nowSeconds = Math.floor(services.now().getTime() / 1000);
  return services
    .get(ISSUER_KEYS)
    .publicKeys(which.account, which.purpose, nowSeconds)
    .then((keys) => ({ status: 200, body: JSON.stringify({ keys }) }));
}
