/**
 * IAM OIDC provider URLs and ARNs. The ARN names the provider by its URL without the scheme:
 * `arn:aws:iam::ACCOUNT:oidc-provider/host[/path]`, and GetOpenIDConnectProvider returns the URL
 * the same way ("Url": "oidc.example.com/path").
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 * ("The URL must begin with https:// … path components are allowed but query parameters are not")
 */
import { ValidationError } from '../../core/errors.js';

const ARN_RE = /^arn:aws:iam::(\d{12}):oidc-provider\/(.+)$/;

/** AWS's message for a URL that is not https://host[/path] (LocalStack snapshot recorded against AWS). */
export const invalidUrl = (): Error => ValidationError('Invalid Open ID Connect Provider URL');

/**
 * The provider's name (the ARN's resource part) for a registered URL, or an error. Plain http:// is
 * accepted only when the server runs with ROLEGATE_ALLOW_INSECURE_OIDC=1 (development).
 */
export function providerName(url: string, allowInsecure: boolean): string {
  const scheme = url.startsWith('https://') ? 'https://' : allowInsecure && url.startsWith('http://') ? 'http://' : undefined;
  if (scheme === undefined) throw invalidUrl();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl();
  }
  const rest = url.slice(scheme.length);
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '' || rest.includes('?') || rest.includes('#') || /\s/.test(rest) || rest.startsWith('/')) {
    throw invalidUrl();
  }
  return rest;
}

export const providerArn = (account: string, name: string): string => `arn:aws:iam::${account}:oidc-provider/${name}`;

/** The account and name an OIDC provider ARN holds, or undefined when it is not one. */
export function parseProviderArn(arn: string): { readonly account: string; readonly name: string } | undefined {
  const m = ARN_RE.exec(arn);
  return m ? { account: m[1]!, name: m[2]! } : undefined;
}

/**
 * The provider an `iss` claim names: the issuer URL without its scheme. Only https issuers count,
 * unless the development switch allows http.
 */
export function issuerName(iss: string, allowInsecure: boolean): string | undefined {
  if (iss.startsWith('https://')) return iss.slice('https://'.length);
  if (allowInsecure && iss.startsWith('http://')) return iss.slice('http://'.length);
  return undefined;
}
