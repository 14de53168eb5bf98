/**
 * Action / NotAction checks (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html,
 * messages as recorded against AWS in moto's IAM policy tests).
 */
import { MalformedPolicyDocumentError } from './errors.js';
import { ACTION_ONE_COLON_MESSAGE, ACTION_VENDOR_MESSAGE, MUST_CONTAIN_ACTIONS_MESSAGE, vendorNotValid } from './validate-messages.js';
import type { RawList, RawStatement } from './validate-syntax.js';

function nonEmpty(list: RawList | undefined): boolean {
  return list !== undefined && list.values.length > 0;
}

/** "Policy statement must contain actions." — every statement needs a non-empty Action or NotAction. */
export function checkActionsPresent(statements: readonly RawStatement[]): void {
  for (const st of statements) {
    if (!nonEmpty(st.action) && !nonEmpty(st.notAction)) throw new MalformedPolicyDocumentError(MUST_CONTAIN_ACTIONS_MESSAGE);
  }
}

function isVendorChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e;
}

/** The vendor prefix rules: "vendor:action", one colon, vendor of [A-Za-z0-9.-]; "*" alone is fine. */
export function actionPrefixError(action: string): string | undefined {
  const parts = action.split(':');
  const vendor = parts[0] ?? '';
  if (parts.length === 1 && vendor !== '*') return ACTION_VENDOR_MESSAGE;
  if (parts.length > 2) return ACTION_ONE_COLON_MESSAGE;
  if (vendor !== '*') {
    for (let i = 0; i < vendor.length; i++) if (!isVendorChar(vendor.charCodeAt(i))) return vendorNotValid(vendor);
  }
  return undefined;
}

/** Action of every statement first, then NotAction of every statement, first error thrown. */
export function checkActionPrefixes(statements: readonly RawStatement[]): void {
  for (const field of ['action', 'notAction'] as const) {
    for (const st of statements) {
      for (const a of st[field]?.values ?? []) {
        if (a === null) continue;
        const error = actionPrefixError(a);
        if (error !== undefined) throw new MalformedPolicyDocumentError(error);
      }
    }
  }
}

/**
 * IAM wildcard match (`*` any run, `?` one character), case-insensitive as action names are.
 * Linear-time two-pointer matcher with single backtrack point; never a RegExp built from input.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    const pc = p[pi];
    if (pc === '*') {
      star = pi++;
      mark = ti;
    } else if (pc !== undefined && (pc === '?' || pc === t[ti])) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Actions a role trust policy may name: the STS actions evaluated against a role's trust policy
 * (id_roles_create_for-user.html, id_session-tags.html, id_credentials_temp_control-access_monitor.html,
 * trustedidentitypropagation: sts:SetContext).
 */
export const TRUST_POLICY_ACTIONS: readonly string[] = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithSAML',
  'sts:AssumeRoleWithWebIdentity',
  'sts:TagSession',
  'sts:SetSourceIdentity',
  'sts:SetContext',
];

/** An action is acceptable in a trust policy when it names (or its wildcard covers) one of TRUST_POLICY_ACTIONS. */
export function isTrustAction(action: string): boolean {
  return TRUST_POLICY_ACTIONS.some((allowed) => wildcardMatch(action, allowed));
}

/**
 * Services whose actions an RCP may name (orgs_manage_policies_rcps.html, "List of AWS services that
 * support RCPs"): the five at launch (S3, STS, KMS, SQS, Secrets Manager) and those added since.
 */
export const RCP_SERVICES: ReadonlySet<string> = new Set([
  's3', 'sts', 'kms', 'sqs', 'secretsmanager', 'ecr', 'aoss', 'cognito-identity', 'dynamodb', 'logs',
]);

export function isRcpAction(action: string): boolean {
  if (action === '*') return true;
  const colon = action.indexOf(':');
  return colon > 0 && RCP_SERVICES.has(action.slice(0, colon).toLowerCase());
}
