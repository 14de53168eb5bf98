/**
 * The policy grammar validator: text (or a parsed value) → a canonical PolicyDocumentJson, or
 * MalformedPolicyDocumentError with AWS's exact message, checking in IAM's order:
 *
 *   1. JSON                      "Syntax errors in policy." (trust: "This policy contains invalid Json")
 *   2. grammar                   "Syntax errors in policy."
 *   3. Version                   "Policy document must be version 2012-10-17 or greater."
 *   4. legacy parsing            "The policy failed legacy parsing" (Effect case, Date values, old ARN grammar)
 *   5. Sid uniqueness            "Statement IDs (SID) in a single policy must be unique."
 *   6. actions present           "Policy statement must contain actions."
 *   7. resource format           remembered in step 4, reported here ("Resource x must be in ARN format or \"*\"." …)
 *   8. action vendors            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc." …
 *   9. the kind's own rules      principal / resource / action restrictions
 *
 * Steps 1–8 and their order are IAM's as recorded against AWS in moto's IAM policy tests; step 9 per kind below.
 * SCPs and RCPs go through the same steps, but AWS Organizations answers every failure with one message.
 */
import { MalformedPolicyDocumentError } from './errors.js';
import { fromParsedValue, parseJson } from './json.js';
import type { PolicyDocumentJson, PolicyKind, PrincipalJson, StatementJson } from './types.js';
import { checkActionPrefixes, checkActionsPresent } from './validate-actions.js';
import { checkLegacyStatements } from './validate-legacy.js';
import {
  ORGANIZATIONS_MESSAGE,
  SID_UNIQUE_MESSAGE,
  SYNTAX_ERRORS_MESSAGE,
  TRUST_INVALID_JSON_MESSAGE,
  VERSION_MESSAGE,
} from './validate-messages.js';
import { checkKindRules } from './validate-kind.js';
import { checkResources } from './validate-resources.js';
import type { RawList, RawPolicy, RawStatement } from './validate-syntax.js';
import { checkSyntax } from './validate-syntax.js';

export interface ValidateOptions {
  /**
   * Accept an 'identity' document with no Version or Version "2008-10-17" (variables are then not
   * substituted). Off by default: CreatePolicy/CreatePolicyVersion reject such documents with
   * "Policy document must be version 2012-10-17 or greater." Trust and resource policies always
   * accept them; SCPs and RCPs never do (Organizations: "Every RCP must include a Version element
   * with the value 2012-10-17").
   */
  readonly allowLegacyVersion?: boolean;
}

const KINDS: ReadonlySet<string> = new Set(['identity', 'resource', 'trust', 'scp', 'rcp']);

function requires2012(kind: PolicyKind, options: ValidateOptions): boolean {
  if (kind === 'trust' || kind === 'resource') return false;
  if (kind === 'identity') return options.allowLegacyVersion !== true;
  return true;
}

function checkSidsUnique(statements: readonly RawStatement[]): void {
  const seen = new Set<string>();
  for (const st of statements) {
    if (st.sid === undefined || st.sid === '') continue; // AWS ignores empty Sids here
    if (seen.has(st.sid)) throw new MalformedPolicyDocumentError(SID_UNIQUE_MESSAGE);
    seen.add(st.sid);
  }
}

function checkIam(input: unknown, kind: PolicyKind, options: ValidateOptions): RawPolicy {
  const root =
    typeof input === 'string'
      ? parseJson(input, kind === 'trust' ? TRUST_INVALID_JSON_MESSAGE : SYNTAX_ERRORS_MESSAGE)
      : fromParsedValue(input, SYNTAX_ERRORS_MESSAGE);
  const raw = checkSyntax(root);
  // AWS Organizations troubleshooting: "More than one Statement element" (a repeated key) is an error.
  if ((kind === 'scp' || kind === 'rcp') && raw.duplicateKeys) throw new MalformedPolicyDocumentError(ORGANIZATIONS_MESSAGE);
  if (requires2012(kind, options) && raw.version !== '2012-10-17') throw new MalformedPolicyDocumentError(VERSION_MESSAGE);
  checkLegacyStatements(raw.statements);
  const resourceError = checkResources(raw.statements);
  checkSidsUnique(raw.statements);
  checkActionsPresent(raw.statements);
  if (resourceError !== undefined) throw new MalformedPolicyDocumentError(resourceError);
  checkActionPrefixes(raw.statements);
  checkKindRules(raw.statements, kind);
  return raw;
}

function list(raw: RawList): readonly string[] {
  return Object.freeze(raw.values.filter((v): v is string => v !== null));
}

function freezePrincipal(p: PrincipalJson): PrincipalJson {
  if (p === '*') return p;
  const out: { AWS?: readonly string[]; Service?: readonly string[]; Federated?: readonly string[]; CanonicalUser?: readonly string[] } = {};
  if (p.AWS !== undefined) out.AWS = Object.freeze([...p.AWS]);
  if (p.Service !== undefined) out.Service = Object.freeze([...p.Service]);
  if (p.Federated !== undefined) out.Federated = Object.freeze([...p.Federated]);
  if (p.CanonicalUser !== undefined) out.CanonicalUser = Object.freeze([...p.CanonicalUser]);
  return Object.freeze(out);
}

function canonicalStatement(st: RawStatement): StatementJson {
  const out: { -readonly [K in keyof StatementJson]: StatementJson[K] } = { Effect: st.effect === 'Deny' ? 'Deny' : 'Allow' };
  if (st.sid !== undefined) out.Sid = st.sid;
  if (st.action !== undefined) out.Action = list(st.action);
  if (st.notAction !== undefined) out.NotAction = list(st.notAction);
  if (st.resource !== undefined) out.Resource = list(st.resource);
  if (st.notResource !== undefined) out.NotResource = list(st.notResource);
  if (st.principal !== undefined) out.Principal = freezePrincipal(st.principal);
  if (st.notPrincipal !== undefined) out.NotPrincipal = freezePrincipal(st.notPrincipal);
  if (st.condition !== undefined) {
    const condition = st.condition;
    for (const op of Object.keys(condition)) {
      const block = condition[op] ?? {};
      for (const key of Object.keys(block)) Object.freeze(block[key]);
      Object.freeze(block);
    }
    out.Condition = Object.freeze(condition);
  }
  return Object.freeze(out);
}

/**
 * Validate a policy document (JSON text, or a value as JSON.parse returns it) of the given kind and return it in canonical form (Statement an
 * array; Action/NotAction/Resource/NotResource arrays; Principal "*" or an object of arrays;
 * condition values arrays of strings). The result is frozen and built afresh: it shares nothing
 * with `input`. Throws MalformedPolicyDocumentError with AWS's message; TypeError for an unknown kind.
 */
export function validatePolicy(input: unknown, kind: PolicyKind, options: ValidateOptions = {}): PolicyDocumentJson {
  if (typeof kind !== 'string' || !KINDS.has(kind)) throw new TypeError(`unknown policy kind: ${String(kind)}`);
  let raw: RawPolicy;
  try {
    raw = checkIam(input, kind, options);
  } catch (err) {
    // AWS Organizations reports every grammar failure of an SCP or RCP with one message.
    if ((kind === 'scp' || kind === 'rcp') && err instanceof MalformedPolicyDocumentError) {
      throw new MalformedPolicyDocumentError(ORGANIZATIONS_MESSAGE);
    }
    throw err;
  }
  // Keys in AWS's usual order: Version, Id, Statement.
  const doc: PolicyDocumentJson = {
    ...(raw.version !== undefined ? { Version: raw.version } : {}),
    ...(raw.id !== undefined ? { Id: raw.id } : {}),
    Statement: Object.freeze(raw.statements.map(canonicalStatement)),
  };
  return Object.freeze(doc);
}
