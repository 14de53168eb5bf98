/**
 * The authorizer: AWS's policy evaluation logic as one pure function.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 *
 * Order: an explicit Deny in any applicable policy (SCP, RCP, resource, identity, boundary,
 * session) wins; then every SCP level must allow; RCPs only deny (RCPFullAWSAccess is implicit);
 * then the resource-based policy and the principal's policies decide as the table in
 * principal-match.ts describes. Across accounts both sides must allow.
 */
import { arnAccount, splitArn } from './arn.js';
import { CompiledPolicy, type CompiledStatement, resourceMatches } from './compile.js';
import type { EvaluateInput, EvaluationResult, MatchedStatement, PolicyInput, PolicyType } from './evaluate-types.js';
import { resolvePolicy } from './policy-input.js';
import { type NormalPrincipal, normalizePrincipal, principalContextValue } from './principal.js';
import { Grant, notPrincipalExcludes, principalGrant } from './principal-match.js';
import { GET_CALLER_IDENTITY, forbiddenBy, isKmsKeyRequest } from './built-in-rules.js';
import type { ContextValue, PolicyKind, Request } from './types.js';
import type { Lookup } from './variables.js';

/** Lower-cased views of frozen context objects (requestContext() freezes its result): safe to reuse. */
const frozenContexts = new WeakMap<object, ReadonlyMap<string, ContextValue>>();

function lowerContext(raw: Readonly<Record<string, ContextValue>>): ReadonlyMap<string, ContextValue> {
  let m = frozenContexts.get(raw);
  if (m === undefined) {
    const fresh = new Map<string, ContextValue>();
    for (const k of Object.keys(raw)) fresh.set(k.toLowerCase(), raw[k]!);
    if (Object.isFrozen(raw)) frozenContexts.set(raw, fresh);
    m = fresh;
  }
  return m;
}

/** One request's view for the evaluator (also used by explain.ts). */
export class EvalContext {
  readonly principal: NormalPrincipal;
  readonly actionLower: string;
  readonly resource: string;
  readonly resourceParts: readonly string[] | undefined;
  readonly hasBoundary: boolean;
  readonly lookup: Lookup;
  readonly denies: MatchedStatement[] = [];
  readonly allows: MatchedStatement[] = [];
  deniedBy: PolicyType | undefined;

  constructor(req: Request, hasBoundary: boolean) {
    if (typeof req !== 'object' || req === null) throw new TypeError('input.request is required');
    if (typeof req.action !== 'string' || typeof req.resource !== 'string') {
      throw new TypeError('request.action and request.resource must be strings');
    }
    const principal = normalizePrincipal(req.principal);
    this.principal = principal;
    this.actionLower = req.action.toLowerCase();
    this.resource = req.resource;
    this.resourceParts = splitArn(req.resource);
    this.hasBoundary = hasBoundary;
    const raw = req.context;
    const ofResource = req.resourceContext;
    const derive = req.principalKeys !== false;
    let lowered: ReadonlyMap<string, ContextValue> | undefined;
    this.lookup = (keyLower) => {
      if (ofResource !== undefined) {
        const v = ofResource.get(keyLower);
        if (v !== undefined) return v;
      }
      if (raw !== undefined) {
        lowered ??= lowerContext(raw);
        const v = lowered.get(keyLower);
        if (v !== undefined) return v;
      }
      return derive ? principalContextValue(principal, keyLower) : undefined;
    };
  }
}

/** What one policy list contributed. `grant` is only meaningful for principal-bearing policies. */
interface Scan {
  allow: boolean;
  grant: Grant;
}

export function evaluate(input: EvaluateInput): EvaluationResult {
  const boundaries = input.permissionsBoundaries;
  // An empty list is no boundary: an entity has at most one, and [] names none.
  const ctx = new EvalContext(input.request, boundaries !== undefined && boundaries.length > 0);
  if (input.builtInRules !== true) return decide(input, ctx, false);
  // AWS: "No permissions are required to perform this operation" and an explicit Deny does not
  // stop it (API_GetCallerIdentity.html).
  if (ctx.actionLower === GET_CALLER_IDENTITY) return { decision: 'Allow', matched: [], builtInRule: 'GetCallerIdentity' };
  const r = decide(input, ctx, true);
  // What the policies deny keeps their reason (AWS authorizes before the service's own checks);
  // what they allow may still be AWS's to refuse.
  if (r.decision !== 'Allow') return r;
  const rule = forbiddenBy(ctx.actionLower, ctx.resourceParts, input.request.serviceLinkedRole === true);
  return rule === undefined ? r : { decision: 'ExplicitDeny', matched: [], builtInRule: rule };
}

function decide(input: EvaluateInput, ctx: EvalContext, builtIn: boolean): EvaluationResult {
  const p = ctx.principal;

  // SCPs: every level must hold an applicable Allow. AWS: SCPs govern the organization's IAM users
  // and roles; an anonymous caller belongs to no account (orgs_manage_policies_scps.html).
  const scps = builtIn && p.type === 'Anonymous' && p.account === undefined ? undefined : input.serviceControlPolicies;
  let scpOk = true;
  for (const [level, list] of (scps ?? []).entries()) {
    if (!scan(list, 'scp', ctx, level).allow) scpOk = false;
  }
  for (const [level, list] of (input.resourceControlPolicies ?? []).entries()) {
    scan(list, 'rcp', ctx, level, false);
  }
  // AWS: a KMS key's key policy must itself allow the principal, and a key without one allows
  // nothing (key-policies.html) — applied to every kms: action on a key ARN.
  const kmsKey = builtIn && isKmsKeyRequest(ctx.actionLower, ctx.resourceParts);
  const strict = input.resourcePolicyKind === 'trust' || input.resourcePolicyKind === 'key' || kmsKey;
  const resource: Scan =
    input.resourcePolicy === undefined
      ? { allow: false, grant: Grant.None }
      : scan([input.resourcePolicy], 'resource', ctx, undefined, true, input.resourcePolicyKind === 'trust' ? 'trust' : 'resource');
  const identity = scan(input.identityPolicies ?? [], 'identity', ctx);
  const boundaryOk = !ctx.hasBoundary || scan(input.permissionsBoundaries!, 'boundary', ctx).allow;
  // AWS (GetFederationToken): "if you do not pass any session policies, then the resulting
  // federated user session has no permissions" — only a resource-based policy naming the session
  // itself can grant it anything. A role session without a session policy is not limited.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
  const sessionOk =
    input.sessionPolicies === undefined ? p.type !== 'FederatedUser' : scan(input.sessionPolicies, 'session', ctx).allow;

  if (ctx.denies.length > 0) return { decision: 'ExplicitDeny', matched: ctx.denies, deniedBy: ctx.deniedBy! };
  if (!scpOk) return implicit('scp');
  if (kmsKey && input.resourcePolicy === undefined) return { decision: 'ImplicitDeny', matched: [], deniedBy: 'resource', builtInRule: 'KmsKeyWithoutPolicy' };
  const allow = (): EvaluationResult => ({ decision: 'Allow', matched: ctx.allows });

  // Service principals, web-identity/SAML providers and anonymous callers have no policies of
  // their own: only the resource-based policy can grant them anything.
  if (p.account === undefined || p.type === 'Service' || p.type === 'Federated' || p.type === 'Anonymous') {
    return resource.grant === Grant.Direct ? allow() : implicit('resource');
  }
  // AWS: the root user has full access to its own account; its side of a cross-account request
  // is allowed the same way.
  const identityOk = p.type === 'Account' || identity.allow;
  let resourceAccount = input.request.resourceAccount ?? arnAccount(ctx.resource) ?? p.account;
  // AWS managed policies (arn:aws:iam::aws:policy/…) are every account's to read and attach: not a
  // cross-account request (what the server says with resourceAccount, the built-in rules assume).
  if (builtIn && resourceAccount === 'aws') resourceAccount = p.account;
  const principalSide = (): PolicyType | undefined =>
    !identityOk ? 'identity' : !boundaryOk ? 'boundary' : !sessionOk ? 'session' : undefined;

  if (resourceAccount !== p.account) {
    // Cross-account: the resource's account (resource policy) and the principal's account
    // (identity, boundary, session policies) must both allow.
    if (resource.grant === Grant.None) return implicit('resource');
    const missing = principalSide();
    return missing === undefined ? allow() : implicit(missing);
  }
  if (resource.grant === Grant.Direct) return allow();
  if (resource.grant === Grant.Role) {
    // Naming the role (or the IAM user behind a federated session) skips the identity policies
    // but not the boundary or the session policy; the identity path needs both as well.
    return !boundaryOk ? implicit('boundary') : !sessionOk ? implicit('session') : allow();
  }
  // AWS: role trust policies and KMS key policies must themselves allow the principal.
  if (strict && resource.grant === Grant.None) return implicit('resource');
  const missing = principalSide();
  return missing === undefined ? allow() : implicit(missing);
}

function implicit(deniedBy: PolicyType): EvaluationResult {
  return { decision: 'ImplicitDeny', matched: [], deniedBy };
}

const KIND_OF: Record<PolicyType, PolicyKind> = {
  identity: 'identity', boundary: 'identity', session: 'identity', resource: 'resource', scp: 'scp', rcp: 'rcp',
};

function scan(
  list: readonly PolicyInput[],
  type: PolicyType,
  ctx: EvalContext,
  level?: number,
  recordAllows = true,
  kind: PolicyKind = KIND_OF[type],
): Scan {
  let allow = false;
  let grant: Grant = Grant.None;
  for (let i = 0; i < list.length; i++) {
    const item = list[i]!;
    const { policy, id } = item instanceof CompiledPolicy ? { policy: item, id: undefined } : resolvePolicy(item, kind);
    for (const st of policy.statementsFor(ctx.actionLower)) {
      const g = applies(st, ctx);
      if (g === Grant.None) continue;
      const m: { -readonly [K in keyof MatchedStatement]: MatchedStatement[K] } = {
        policyType: type,
        policyIndex: i,
        statementIndex: st.index,
        effect: st.allow ? 'Allow' : 'Deny',
      };
      if (level !== undefined) m.level = level;
      if (id !== undefined) m.policyId = id;
      if (st.sid !== undefined) m.sid = st.sid;
      if (st.allow) {
        allow = true;
        if (g > grant) grant = g;
        if (recordAllows) ctx.allows.push(m);
      } else {
        if (ctx.deniedBy === undefined) ctx.deniedBy = type;
        ctx.denies.push(m);
      }
    }
  }
  return { allow, grant };
}

/** Grant.None when the statement does not apply; otherwise how strongly it names the caller. */
function applies(st: CompiledStatement, ctx: EvalContext): Grant {
  let grant: Grant = Grant.Direct;
  if (st.principal !== undefined) {
    grant = principalGrant(st.principal, ctx.principal);
    if (grant === Grant.None) return Grant.None;
  } else if (st.notPrincipal !== undefined) {
    // AWS: a Deny with NotPrincipal always denies a principal that has a permissions boundary.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    if (notPrincipalExcludes(st.notPrincipal, ctx.principal, st.allow) && (st.allow || !ctx.hasBoundary)) return Grant.None;
  }
  if (st.resource !== undefined && !resourceMatches(st.resource, ctx.resource, ctx.resourceParts, ctx.lookup)) {
    return Grant.None;
  }
  for (const c of st.conditions) if (!c(ctx.lookup)) return Grant.None;
  return grant;
}
