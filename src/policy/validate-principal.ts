/**
 * Principal values in trust and resource policies
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 * IAM answers `Invalid principal in policy: "AWS":"<value>"` (terraform/databricks reports of
 * UpdateAssumeRolePolicy quote this form). Whether a named user or role exists is the API layer's
 * check (it needs the store); here only the form is checked.
 */
import { MalformedPolicyDocumentError } from './errors.js';
import type { PrincipalJson } from './types.js';
import { EMPTY_PRINCIPAL_MESSAGE, invalidPrincipal } from './validate-messages.js';
import { PARTITIONS } from './validate-resources.js';

function isDigits(s: string, length: number): boolean {
  if (s.length !== length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function hasWildcardOrSpace(s: string): boolean {
  return s.includes('*') || s.includes('?') || s.includes(' ');
}

/** `prefix` followed by at least one character. */
function startsWithNamed(s: string, prefix: string): boolean {
  return s.length > prefix.length && s.startsWith(prefix);
}

/** "*", an account id, or the ARN of an account root, user, role, role session or federated user. */
export function isValidAwsPrincipal(value: string): boolean {
  if (value === '*' || isDigits(value, 12)) return true;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !PARTITIONS.has(parts[1] ?? '') || parts[3] !== '') return false;
  const service = parts[2];
  const account = parts[4] ?? '';
  const resource = parts.slice(5).join(':');
  // AWS: no wildcard may match part of a principal name or ARN.
  if (hasWildcardOrSpace(resource) && !resource.startsWith('user/CloudFront Origin Access Identity ')) return false;
  if (service === 'iam') {
    // CloudFront origin access identities are IAM users of the pseudo-account "cloudfront".
    if (account === 'cloudfront') return startsWithNamed(resource, 'user/CloudFront Origin Access Identity ');
    if (!isDigits(account, 12)) return false;
    return resource === 'root' || startsWithNamed(resource, 'user/') || startsWithNamed(resource, 'role/');
  }
  if (service === 'sts') {
    if (!isDigits(account, 12)) return false;
    return startsWithNamed(resource, 'assumed-role/') || startsWithNamed(resource, 'federated-user/');
  }
  return false;
}

function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 253 || !s.includes('.')) return false;
  for (const label of s.split('.')) {
    if (label.length === 0 || label.length > 63) return false;
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      const ok = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2d;
      if (!ok) return false;
    }
  }
  return true;
}

/** Service principals are DNS names under amazonaws.com (or amazonaws.com.cn, amazon.com). */
export function isValidServicePrincipal(value: string): boolean {
  if (!isHostname(value)) return false;
  const v = value.toLowerCase();
  return v.endsWith('.amazonaws.com') || v.endsWith('.amazonaws.com.cn') || v.endsWith('.amazon.com');
}

/** A SAML or OIDC provider ARN, or a web identity provider's host (accounts.google.com, cognito-identity.amazonaws.com). */
export function isValidFederatedPrincipal(value: string): boolean {
  if (isHostname(value)) return true;
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !PARTITIONS.has(parts[1] ?? '') || parts[2] !== 'iam' || parts[3] !== '') return false;
  if (!isDigits(parts[4] ?? '', 12)) return false;
  const resource = parts.slice(5).join(':');
  if (hasWildcardOrSpace(resource)) return false;
  return startsWithNamed(resource, 'saml-provider/') || startsWithNamed(resource, 'oidc-provider/');
}

/** S3 canonical user ids are 64 hexadecimal characters. */
export function isValidCanonicalUser(value: string): boolean {
  if (value.length !== 64) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return true;
}

const CHECKS = [
  ['AWS', 'AWS', isValidAwsPrincipal],
  ['Service', 'SERVICE', isValidServicePrincipal],
  ['Federated', 'FEDERATED', isValidFederatedPrincipal],
  ['CanonicalUser', 'CANONICAL_USER', isValidCanonicalUser],
] as const;

/** Throws for a principal that names nobody or names something in the wrong form. */
export function checkPrincipalValues(principal: PrincipalJson): void {
  if (principal === '*') return;
  let count = 0;
  for (const [type, label, valid] of CHECKS) {
    for (const v of principal[type] ?? []) {
      count++;
      if (!valid(v)) throw new MalformedPolicyDocumentError(invalidPrincipal(label, v));
    }
  }
  if (count === 0) throw new MalformedPolicyDocumentError(EMPTY_PRINCIPAL_MESSAGE);
}
