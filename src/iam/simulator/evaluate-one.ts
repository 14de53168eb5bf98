/**
 * One simulated request — an action on one resource — decided by the same engine that
 * authorizes every real request (src/policy evaluate()), with what the simulator reports besides:
 * the deciding statements, missing context keys, the boundary's and each side's verdicts.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResourceSpecificResult.html
 */
import { compilePolicy, evaluate, missingContextKeys } from '../../policy/index.js';
import type { EvaluateInput, EvaluationResult, MatchedStatement, PolicyInput, Request } from '../../policy/index.js';
import type { SourcePolicy, Simulation } from './types.js';

export type SimDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface Matched {
  readonly source: SourcePolicy;
  readonly statementIndex: number;
}

export interface Outcome {
  readonly resource: string;
  readonly decision: SimDecision;
  readonly matched: readonly Matched[];
  readonly missing: readonly string[];
  /** Whether the permissions boundary allows the request (only when one is in effect). */
  readonly boundaryAllowed: boolean | undefined;
  /** Cross-account only: each side's verdict (EvalDecisionDetails). */
  readonly sides: ReadonlyMap<string, SimDecision> | undefined;
  /** Whether the SCPs allow the request (OrganizationsDecisionDetail); undefined when none apply. */
  readonly organizationsAllowed: boolean | undefined;
}

const DECISION: Readonly<Record<EvaluationResult['decision'], SimDecision>> = {
  Allow: 'allowed',
  ExplicitDeny: 'explicitDeny',
  ImplicitDeny: 'implicitDeny',
};

/** Stands in for "the identity side allows everything" when asking what the resource side says. */
const ALLOW_ALL = compilePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}');

const named = (list: readonly SourcePolicy[]): PolicyInput[] => list.map((p) => ({ id: p.id, document: p.compiled ?? p.text }));

/** The account a resource belongs to: the one its ARN names, else ResourceOwner / the caller's. */
function ownerOf(resource: string, fallback: string): string {
  const account = resource.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : fallback;
}

export function evaluateOne(sim: Simulation, action: string, resource: string): Outcome {
  const resourceAccount = ownerOf(resource, sim.resourceOwner);
  // The simulator supplies only the caller's context entries: no key is derived from the caller.
  const request: Request = { principal: sim.principal, action, resource, resourceAccount, context: sim.context, principalKeys: false };
  const identityPolicies = named(sim.identity);
  const boundaries = sim.boundary === undefined ? undefined : named(sim.boundary);
  const input: EvaluateInput = {
    request,
    identityPolicies,
    ...(boundaries === undefined ? {} : { permissionsBoundaries: boundaries }),
    ...(sim.resourcePolicy === undefined ? {} : { resourcePolicy: { id: sim.resourcePolicy.id, document: sim.resourcePolicy.compiled ?? sim.resourcePolicy.text } }),
    // The same SCP levels enforcement applies to this principal (organizations.ts).
    ...(sim.scp === undefined ? {} : { serviceControlPolicies: sim.scp }),
  };
  const result = evaluate(input);
  const decision = DECISION[result.decision];
  const sameAccount: Request = { ...request, resourceAccount: sim.account };
  const boundaryAllowed = boundaries === undefined ? undefined : evaluate({ request: sameAccount, identityPolicies: boundaries }).decision === 'Allow';
  const organizationsAllowed =
    sim.scp === undefined ? undefined : evaluate({ request: sameAccount, identityPolicies: [ALLOW_ALL], serviceControlPolicies: sim.scp }).decision === 'Allow';
  let sides: Map<string, SimDecision> | undefined;
  // AWS: "If an Organizations SCP included in the evaluation denies access, the simulation ends …
  // this parameter [EvalDecisionDetails] is not returned" (API_EvaluationResult.html).
  if (resourceAccount !== sim.account && organizationsAllowed !== false) {
    // AWS evaluates a cross-account request in both accounts (API_EvaluationResult.html,
    // EvalDecisionDetails); each side's verdict is reported by policy type.
    sides = new Map();
    const identitySide = evaluate({ request: sameAccount, identityPolicies, ...(boundaries === undefined ? {} : { permissionsBoundaries: boundaries }) });
    sides.set('IAM Policy', DECISION[identitySide.decision]);
    if (boundaryAllowed !== undefined) sides.set('PermissionsBoundaryPolicy', boundaryAllowed ? 'allowed' : 'implicitDeny');
    if (input.resourcePolicy !== undefined) {
      const resourceSide = evaluate({ request, identityPolicies: [ALLOW_ALL], resourcePolicy: input.resourcePolicy });
      sides.set('Resource Policy', DECISION[resourceSide.decision]);
    }
  }
  return { resource, decision, matched: matchedOf(sim, result), missing: missingContextKeys(input), boundaryAllowed, sides, organizationsAllowed };
}

/**
 * The statements that decided: for an Allow the identity and resource-based Allow statements that
 * applied (the boundary only caps them), for an explicit deny every Deny that matched.
 */
function matchedOf(sim: Simulation, r: EvaluationResult): Matched[] {
  const out: Matched[] = [];
  for (const m of r.matched) {
    if (r.decision === 'Allow' && m.policyType === 'boundary') continue;
    const source = sourceOf(sim, m);
    if (source !== undefined) out.push({ source, statementIndex: m.statementIndex });
  }
  return out;
}

function sourceOf(sim: Simulation, m: MatchedStatement): SourcePolicy | undefined {
  switch (m.policyType) {
    case 'identity':
      return sim.identity[m.policyIndex];
    case 'boundary':
      return sim.boundary?.[m.policyIndex];
    case 'resource':
      return sim.resourcePolicy;
    default:
      return undefined;
  }
}
