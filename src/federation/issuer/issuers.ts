/**
 * Rolegate's own OIDC issuers, one pair per account under the configured base URL
 * (ROLEGATE_ISSUER_URL, default https://rolegate.localhost):
 * - `<base>/oidc/<account>`: service-account tokens (`rolegate token`, local IRSA), RS256 as EKS signs;
 * - `<base>/outbound/<account>`: sts:GetWebIdentityToken (AWS's outbound identity federation),
 *   RS256 or ES384 as the caller asks.
 * Two issuers, not one: a relying party that trusts the outbound issuer trusts a `sub` that is an
 * IAM role ARN, which whoever may mint service-account tokens must never be able to write.
 * Each issuer serves `<issuer>/.well-known/openid-configuration` and `<issuer>/.well-known/jwks.json`.
 */
import type { Config } from '../../core/config.js';

export type IssuerPurpose = 'oidc' | 'outbound';
export type IssuerAlg = 'RS256' | 'ES384';

export const DEFAULT_ISSUER_BASE = 'https://rolegate.localhost';

/** The longest a token of each issuer may live (seconds): bounds how long a retired key stays published. */
export const MAX_LIFETIME: Readonly<Record<IssuerPurpose, number>> = { oidc: 86_400, outbound: 3_600 };

/** Algorithms each issuer signs with. */
export const ISSUER_ALGS: Readonly<Record<IssuerPurpose, readonly IssuerAlg[]>> = { oidc: ['RS256'], outbound: ['RS256', 'ES384'] };

const base = (config: Config): string => config.issuerUrl ?? DEFAULT_ISSUER_BASE;

export const issuerUrl = (config: Config, purpose: IssuerPurpose, account: string): string => `${base(config)}/${purpose}/${account}`;

/** The account and purpose of one of our issuer URLs, or undefined for any other URL (compared exactly). */
export function ownIssuer(config: Config, url: string): { readonly purpose: IssuerPurpose; readonly account: string } | undefined {
  const prefix = `${base(config)}/`;
  if (!url.startsWith(prefix)) return undefined;
  const m = /^(oidc|outbound)\/(\d{12})$/.exec(url.slice(prefix.length));
  return m ? { purpose: m[1] as IssuerPurpose, account: m[2]! } : undefined;
}

/** The document a GET of `path` (on this server) asks for, when it is one of our issuers' documents. */
export function issuerDocumentOf(config: Config, path: string): { readonly purpose: IssuerPurpose; readonly account: string; readonly doc: 'discovery' | 'jwks' } | undefined {
  const basePath = new URL(base(config)).pathname.replace(/\/$/, '');
  if (!path.startsWith(`${basePath}/`)) return undefined;
  const m = /^(oidc|outbound)\/(\d{12})\/\.well-known\/(openid-configuration|jwks\.json)$/.exec(path.slice(basePath.length + 1));
  if (!m) return undefined;
  return { purpose: m[1] as IssuerPurpose, account: m[2]!, doc: m[3] === 'jwks.json' ? 'jwks' : 'discovery' };
}
