/**
 * EvaluationResult as AWS returns it now: one per action, whatever the number of resources.
 * "The top-level fields (EvalDecision, MatchedStatements, MissingContextValues,
 * EvalDecisionDetails) now represent the aggregate decision across all requested resources …
 * the most restrictive decision"; per-resource decisions are in ResourceSpecificResults.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html
 * Members in the service model's order; shapes as recorded against AWS (LocalStack
 * test_iam.snapshot.json, test_simulate_principle_policy).
 */
import { statementPositions } from '../../policy/index.js';
import type { StatementSpan } from '../../policy/index.js';
import type { Output } from '../../core/action.js';
import type { Matched, Outcome, SimDecision } from './evaluate-one.js';
import type { SourcePolicy } from './types.js';

const RANK: Readonly<Record<SimDecision, number>> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };
const worst = (a: SimDecision, b: SimDecision): SimDecision => (RANK[b] > RANK[a] ? b : a);

const spans = new WeakMap<SourcePolicy, readonly StatementSpan[]>();

function statement(m: Matched): Output {
  let s = spans.get(m.source);
  if (s === undefined) spans.set(m.source, (s = statementPositions(m.source.text)));
  const span = s[m.statementIndex];
  return {
    SourcePolicyId: m.source.id,
    SourcePolicyType: m.source.type,
    StartPosition: span === undefined ? undefined : { Line: span.start.line, Column: span.start.column },
    EndPosition: span === undefined ? undefined : { Line: span.end.line, Column: span.end.column },
  };
}

function uniqueStatements(list: readonly Matched[]): Output[] {
  const seen = new Set<string>();
  const out: Output[] = [];
  for (const m of list) {
    const key = `${m.source.type}\u0000${m.source.id}\u0000${m.statementIndex}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(statement(m));
  }
  return out;
}

function union(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const l of lists) {
    for (const k of l) {
      const lower = k.toLowerCase();
      if (seen.has(lower)) continue;
      seen.add(lower);
      out.push(k);
    }
  }
  return out;
}

/**
 * EvalDecisionDetails: "populated for only cross-account simulations … If the simulation evaluates
 * policies within the same account and includes a resource ARN, then the parameter is present
 * but the response is empty. If … specifies all resources (*), then the parameter is not returned."
 */
function details(outcomes: readonly Outcome[], specific: boolean): Map<string, Output> | undefined {
  // AWS: not returned when an SCP denies (the simulation ends there).
  if (outcomes.some((o) => o.organizationsAllowed === false)) return undefined;
  const merged = new Map<string, SimDecision>();
  for (const o of outcomes) for (const [k, v] of o.sides ?? []) merged.set(k, worst(merged.get(k) ?? 'allowed', v));
  if (!specific && merged.size === 0) return undefined;
  return merged;
}

const boundaryDetail = (allowed: boolean | undefined): Output =>
  allowed === undefined ? undefined : { AllowedByPermissionsBoundary: allowed };

export function evaluationResult(action: string, outcomes: readonly Outcome[], specific: boolean, inOrganization: boolean): Output {
  const decision = outcomes.reduce<SimDecision>((d, o) => worst(d, o.decision), 'allowed');
  const deciding = outcomes.filter((o) => o.decision === decision);
  const bounded = outcomes.filter((o) => o.boundaryAllowed !== undefined);
  return {
    EvalActionName: action,
    EvalResourceName: outcomes[0]?.resource ?? '*',
    EvalDecision: decision,
    MatchedStatements: uniqueStatements(deciding.flatMap((o) => o.matched)),
    MissingContextValues: union(outcomes.map((o) => o.missing)),
    // AWS: "Only applies if the simulated user's account is part of an organization": whether the
    // SCPs that govern it allow the operation (on every resource simulated).
    OrganizationsDecisionDetail: inOrganization ? { AllowedByOrganizations: outcomes.every((o) => o.organizationsAllowed !== false) } : undefined,
    PermissionsBoundaryDecisionDetail: boundaryDetail(bounded.length === 0 ? undefined : bounded.every((o) => o.boundaryAllowed === true)),
    EvalDecisionDetails: details(outcomes, specific),
    ResourceSpecificResults: specific
      ? outcomes.map((o) => ({
          EvalResourceName: o.resource,
          EvalResourceDecision: o.decision,
          MatchedStatements: uniqueStatements(o.matched),
          MissingContextValues: [...o.missing],
          EvalDecisionDetails: o.sides === undefined ? undefined : new Map<string, Output>(o.sides),
          PermissionsBoundaryDecisionDetail: boundaryDetail(o.boundaryAllowed),
        }))
      : undefined,
  };
}
