/**
 * What the IAM policy simulator reports besides the decision: the context keys policies refer to
 * (GetContextKeysFor*Policy) and those a request lacks (MissingContextValues). Pure, and apart
 * from evaluate(): nothing here runs on the enforcement path.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html
 */
import { compileArnPattern, matchArn } from './arn.js';
import { CompiledPolicy, type CompiledStatement, resourceMatches } from './compile.js';
import { addKeys } from './context-keys.js';
import { EvalContext } from './evaluate.js';
import type { EvaluateInput, PolicyInput } from './evaluate-types.js';
import { resolvePolicy } from './policy-input.js';
import { Grant, notPrincipalExcludes, principalGrant } from './principal-match.js';
import type { PolicyKind } from './types.js';
import { STAR, type Token } from './wildcard.js';

function compiled(p: PolicyInput, kind: PolicyKind): CompiledPolicy {
  return p instanceof CompiledPolicy ? p : resolvePolicy(p, kind).policy;
}

/** Every context key the policies refer to, in order of first appearance, each once. */
export function policyContextKeys(policies: readonly PolicyInput[], kind: PolicyKind = 'identity'): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of policies) for (const st of compiled(p, kind).statements) addKeys(st.contextKeys, seen, out);
  return out;
}

/**
 * Whether the statement is about this request, conditions aside: action, principal, resource. A
 * Resource entry whose variables the request lacks counts when it would match for some value of
 * them (each missing variable read as `*`): the missing key is then what decides.
 */
function targets(st: CompiledStatement, ctx: EvalContext): boolean {
  if (st.principal !== undefined && principalGrant(st.principal, ctx.principal) === Grant.None) return false;
  // A Deny with NotPrincipal also holds for an excluded principal that has a boundary (evaluate.ts).
  if (st.notPrincipal !== undefined && notPrincipalExcludes(st.notPrincipal, ctx.principal, st.allow) && (st.allow || !ctx.hasBoundary)) return false;
  const r = st.resource;
  if (r === undefined || resourceMatches(r, ctx.resource, ctx.resourceParts, ctx.lookup)) return true;
  if (r.not) return false;
  for (const t of r.templates) {
    const tokens: Token[] = [];
    let missing = false;
    for (const part of t.template.parts) {
      if (typeof part === 'object') {
        const v = ctx.lookup(part.key);
        if (v === undefined && part.fallback === undefined) {
          missing = true;
          tokens.push(STAR);
        } else tokens.push(typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : (part.fallback ?? ''));
      } else tokens.push(part);
    }
    if (missing && matchArn(compileArnPattern(tokens), ctx.resource, ctx.resourceParts)) return true;
  }
  return false;
}

/**
 * The context keys that statements applying to this request (same action, resource and
 * principal) refer to but that the request context does not supply — what AWS's simulator
 * lists as MissingContextValues. In order of first appearance, each once.
 */
export function missingContextKeys(input: EvaluateInput): string[] {
  const ctx = new EvalContext(input.request, (input.permissionsBoundaries?.length ?? 0) > 0);
  const lists: [readonly PolicyInput[], PolicyKind][] = [
    [input.identityPolicies ?? [], 'identity'],
    [input.permissionsBoundaries ?? [], 'identity'],
    [input.sessionPolicies ?? [], 'identity'],
    [input.resourcePolicy === undefined ? [] : [input.resourcePolicy], input.resourcePolicyKind === 'trust' ? 'trust' : 'resource'],
    ...(input.serviceControlPolicies ?? []).map((l): [readonly PolicyInput[], PolicyKind] => [l, 'scp']),
    ...(input.resourceControlPolicies ?? []).map((l): [readonly PolicyInput[], PolicyKind] => [l, 'rcp']),
  ];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [list, kind] of lists) {
    for (const p of list) {
      for (const st of compiled(p, kind).statementsFor(ctx.actionLower)) {
        if (!targets(st, ctx)) continue;
        const absent = st.contextKeys.filter((k) => isAbsent(ctx.lookup(k.toLowerCase())));
        addKeys(absent, seen, out);
      }
    }
  }
  return out;
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}
