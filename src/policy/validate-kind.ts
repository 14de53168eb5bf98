/**
 * Step 9 of the validator: the rules of each policy kind, checked after IAM's common steps.
 *
 * identity (also permissions boundaries and session policies) — IAM JSON policy elements: Principal:
 *   "You cannot use the Principal element in an identity-based policy" → "Policy document should not
 *   specify a principal."; every statement needs Resource or NotResource.
 * trust (a role's AssumeRolePolicyDocument) — only STS role actions; no Resource/NotResource
 *   ("Has prohibited field Resource"), no NotPrincipal (reference_policies_elements_notprincipal.html:
 *   "You cannot use the NotPrincipal element in … an IAM role trust policy"); Principal required.
 * resource — Principal or NotPrincipal required; Resource or NotResource required.
 * scp — orgs_manage_policies_scps_syntax.html: no Principal or NotPrincipal.
 * rcp — orgs_manage_policies_rcps_syntax.html: Principal must be "*"; no NotPrincipal or NotAction;
 *   Effect Deny (Allow exists only in the AWS-managed RCPFullAWSAccess); actions of supported services.
 */
import { MalformedPolicyDocumentError } from './errors.js';
import type { PolicyKind } from './types.js';
import { isRcpAction, isTrustAction } from './validate-actions.js';
import {
  MISSING_PRINCIPAL_MESSAGE,
  MUST_CONTAIN_RESOURCES_MESSAGE,
  NO_PRINCIPAL_ALLOWED_MESSAGE,
  ORGANIZATIONS_MESSAGE,
  TRUST_ACTIONS_MESSAGE,
  hasProhibitedField,
} from './validate-messages.js';
import { checkPrincipalValues } from './validate-principal.js';
import type { RawList, RawStatement } from './validate-syntax.js';

function fail(message: string): never {
  throw new MalformedPolicyDocumentError(message);
}

function nonEmpty(list: RawList | undefined): boolean {
  return list !== undefined && list.values.length > 0;
}

/** "Policy statement must contain resources." — a non-empty Resource or NotResource in every statement. */
function checkResourcesPresent(statements: readonly RawStatement[]): void {
  for (const st of statements) if (!nonEmpty(st.resource) && !nonEmpty(st.notResource)) fail(MUST_CONTAIN_RESOURCES_MESSAGE);
}

function checkIdentity(statements: readonly RawStatement[]): void {
  for (const st of statements) if (st.principal !== undefined || st.notPrincipal !== undefined) fail(NO_PRINCIPAL_ALLOWED_MESSAGE);
  checkResourcesPresent(statements);
}

function checkTrust(statements: readonly RawStatement[]): void {
  for (const st of statements) {
    // A NotAction would allow every other action of every service, so it is refused like a foreign action.
    if (st.notAction !== undefined) fail(TRUST_ACTIONS_MESSAGE);
    for (const a of st.action?.values ?? []) if (a !== null && !isTrustAction(a)) fail(TRUST_ACTIONS_MESSAGE);
  }
  for (const st of statements) {
    if (st.resource !== undefined) fail(hasProhibitedField('Resource'));
    if (st.notResource !== undefined) fail(hasProhibitedField('NotResource'));
    if (st.notPrincipal !== undefined) fail(hasProhibitedField('NotPrincipal'));
  }
  for (const st of statements) if (st.principal === undefined) fail(MISSING_PRINCIPAL_MESSAGE);
  for (const st of statements) if (st.principal !== undefined) checkPrincipalValues(st.principal);
}

function checkResource(statements: readonly RawStatement[]): void {
  for (const st of statements) if (st.principal === undefined && st.notPrincipal === undefined) fail(MISSING_PRINCIPAL_MESSAGE);
  checkResourcesPresent(statements);
  for (const st of statements) {
    const p = st.principal ?? st.notPrincipal;
    if (p !== undefined) checkPrincipalValues(p);
  }
}

function checkScp(statements: readonly RawStatement[]): void {
  for (const st of statements) if (st.principal !== undefined || st.notPrincipal !== undefined) fail(ORGANIZATIONS_MESSAGE);
  checkResourcesPresent(statements);
}

function isOnlyStar(list: RawList | undefined): boolean {
  return list !== undefined && list.values.length === 1 && list.values[0] === '*';
}

/** The one Allow statement RCPs may hold: RCPFullAWSAccess's, which lets everything through. */
function isFullAccessAllow(st: RawStatement): boolean {
  return st.principal === '*' && isOnlyStar(st.action) && isOnlyStar(st.resource) && st.condition === undefined;
}

function checkRcp(statements: readonly RawStatement[]): void {
  for (const st of statements) {
    if (st.notPrincipal !== undefined || st.notAction !== undefined) fail(ORGANIZATIONS_MESSAGE);
    if (st.principal !== '*') fail(ORGANIZATIONS_MESSAGE);
    if (st.effect !== 'Deny' && !isFullAccessAllow(st)) fail(ORGANIZATIONS_MESSAGE);
    for (const a of st.action?.values ?? []) if (a !== null && !isRcpAction(a)) fail(ORGANIZATIONS_MESSAGE);
  }
  checkResourcesPresent(statements);
}

export function checkKindRules(statements: readonly RawStatement[], kind: PolicyKind): void {
  switch (kind) {
    case 'identity':
      return checkIdentity(statements);
    case 'trust':
      return checkTrust(statements);
    case 'resource':
      return checkResource(statements);
    case 'scp':
      return checkScp(statements);
    case 'rcp':
      return checkRcp(statements);
  }
}
