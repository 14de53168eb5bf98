/**
 * Authorization of every signed call: the caller's policies, the action's resource, the engine's
 * decision, and AWS's AccessDenied wording when it denies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import { evaluate, requestContext } from '../policy/index.js';
import type { BuiltInRule, ContextValue, EvaluationResult, PolicyType, RequestFacts } from '../policy/index.js';
import type { AuthorizationDetails } from '../credentials/authz-message.js';
import { AccessDenied, UnmodifiableEntity } from '../core/errors.js';
import type { ActionContext, AnyAction, Caller, CallerPolicies, DecodedInput } from '../core/action.js';
import { type Awaitable, run, wait } from '../core/settle.js';

const AWS_OWNED_IAM_PREFIX = 'arn:aws:iam::aws:';

const TYPE_TEXT: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

/** "an identity-based policy", "a permissions boundary" (AWS's wording). */
const article = (noun: string): string => (/^[aeiou]/.test(noun) ? 'an' : 'a');

/** "User: arn is not authorized to perform: iam:X on resource: arn because no identity-based policy allows the iam:X action" */
function accessDeniedMessage(caller: Caller, actionName: string, resource: string, r: EvaluationResult): string {
  const by = r.deniedBy ?? 'identity';
  const why = r.decision === 'ExplicitDeny' ? `with an explicit deny in ${article(TYPE_TEXT[by])} ${TYPE_TEXT[by]}` : `because no ${TYPE_TEXT[by]} allows the ${actionName} action`;
  return `User: ${caller.arn} is not authorized to perform: ${actionName} on resource: ${resource} ${why}`;
}

/**
 * AWS's own answers when a built-in rule refuses what the caller's policies allow. AWS managed
 * policies: 403 AccessDenied with the wording AWS recorded for DeletePolicy, DeletePolicyVersion
 * and CreatePolicyVersion (the update wording stands for the other changes). Protected roles: 400
 * UnmodifiableEntity "Cannot perform the operation on the protected role 'NAME' - this role is only
 * modifiable by AWS" (AWS's message for AWSReservedSSO_… and service-linked roles).
 */
const MANAGED_POLICY_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['iam:DeletePolicy', 'Cannot delete policies outside your own account.'],
  ['iam:DeletePolicyVersion', 'Cannot delete policy versions for policies outside your own account.'],
]);

function builtInRefusal(rule: BuiltInRule, caller: Caller, actionName: string, resource: string, r: EvaluationResult, shown: string): Error {
  switch (rule) {
    case 'AwsManagedPolicy':
      return AccessDenied(MANAGED_POLICY_MESSAGES.get(actionName) ?? 'Cannot update policies outside your own account.');
    case 'AwsReservedRole':
    case 'ServiceLinkedRole':
      return UnmodifiableEntity(`Cannot perform the operation on the protected role '${resource.slice(resource.lastIndexOf('/') + 1)}' - this role is only modifiable by AWS`);
    default:
      return AccessDenied(accessDeniedMessage(caller, actionName, shown, r));
  }
}

/**
 * The global condition keys of a request by this caller: time, source IP, region, and for
 * temporary credentials aws:TokenIssueTime, MFA and aws:SourceIdentity.
 */
export function callerContext(ctx: ActionContext): Readonly<Record<string, ContextValue>> {
  const c = ctx.caller;
  const s = c.session;
  // Members set one by one: this runs on every authorized request.
  const facts: { -readonly [K in keyof RequestFacts]: RequestFacts[K] } = { now: ctx.now, sourceIp: ctx.sourceIp, secureTransport: false, region: ctx.region };
  if (c.tokenIssueTime !== undefined) facts.tokenIssueTime = c.tokenIssueTime;
  if (c.mfaAuthenticated !== undefined) facts.mfaAuthenticated = c.mfaAuthenticated;
  if (s?.mfaTime !== undefined) facts.mfaAuthTime = s.mfaTime * 1000;
  if (s?.sourceIdentity !== undefined) facts.sourceIdentity = s.sourceIdentity;
  // Web identity and SAML sessions: the IdP that authenticated the principal.
  if (s?.identityProvider !== undefined) facts.federatedProvider = s.identityProvider;
  const context = requestContext(facts);
  // Workload sessions (instance role, task role): the keys their service sets on every request.
  if (s?.serviceContext === undefined) return context;
  return Object.freeze(Object.assign({}, context, Object.fromEntries(s.serviceContext)));
}

/** The action's decision for this caller: nothing when allowed, AWS's AccessDenied when not; a promise only when a read is pending. */
export function authorize(ctx: ActionContext, action: AnyAction, input: DecodedInput, policies: CallerPolicies): Awaitable<void> {
  const resourceOf = action.resource;
  if (resourceOf === undefined) return;
  return run(decide(ctx, action, resourceOf, input, policies));
}

function* decide(
  ctx: ActionContext,
  action: AnyAction,
  resourceOf: NonNullable<AnyAction['resource']>,
  input: DecodedInput,
  policies: CallerPolicies,
): Generator<unknown, void, unknown> {
  const resource = yield* wait(resourceOf(input, ctx.caller, ctx));
  const resourceTags = yield* wait(action.resourceTags?.(resource, ctx));
  const serviceLinked = yield* wait(action.resourceServiceLinked?.(resource, ctx));
  // Object.assign (undefined sources skipped), not a spread of several objects: V8 copies those
  // key by key in its runtime, measured ~10x slower. The resource's tags stay apart (the engine's
  // resourceContext): copied in, they cost ~1 µs per key on every call.
  const context: Record<string, ContextValue> = Object.assign({}, callerContext(ctx), action.context?.(input, ctx.caller));
  authorizeRequest(ctx, `${action.service}:${action.name}`, resource, context, policies, resourceTags, serviceLinked === true, action.deniedAs?.(input));
}

/**
 * One decision for `actionName` on `resource` with the caller's policies and this request
 * context; AWS's AccessDenied when it is not Allow. For handlers that authorize a second action
 * (GetFederationToken's sts:TagSession).
 */
export function authorizeRequest(
  ctx: ActionContext,
  actionName: string,
  resource: string,
  context: Readonly<Record<string, ContextValue>>,
  policies: CallerPolicies,
  resourceContext?: ReadonlyMap<string, ContextValue>,
  serviceLinkedRole = false,
  /** The resource as the AccessDenied message names it (the action's `deniedAs`). */
  shown = resource,
): void {
  const result = evaluate({
    request: {
      principal: ctx.caller.principal,
      action: actionName,
      resource,
      context,
      ...(resourceContext === undefined ? {} : { resourceContext }),
      // AWS managed policies (arn:aws:iam::aws:policy/…) are read and attached by every account on
      // its own identity policies: not a cross-account request.
      ...(resource.startsWith(AWS_OWNED_IAM_PREFIX) ? { resourceAccount: ctx.caller.account } : {}),
      ...(serviceLinkedRole ? { serviceLinkedRole } : {}),
    },
    identityPolicies: policies.identity,
    ...(policies.boundary === undefined ? {} : { permissionsBoundaries: policies.boundary }),
    ...(policies.session === undefined ? {} : { sessionPolicies: policies.session }),
    // AWS: SCPs of a member account limit its principals (loaded with the caller's identity).
    ...(policies.scp === undefined ? {} : { serviceControlPolicies: policies.scp }),
    // AWS's rules that no policy states (src/policy/built-in-rules.ts): on for every served call.
    builtInRules: true,
  });
  if (result.decision === 'Allow') return;
  if (result.builtInRule !== undefined) throw builtInRefusal(result.builtInRule, ctx.caller, actionName, resource, result, shown);
  throw AccessDenied(accessDeniedMessage(ctx.caller, actionName, shown, result));
}

/** The details an encoded authorization message carries (sts:DecodeAuthorizationMessage). */
export function authorizationDetails(
  caller: Caller,
  actionName: string,
  resource: string,
  context: Readonly<Record<string, ContextValue>>,
  r: EvaluationResult,
): AuthorizationDetails {
  return {
    allowed: r.decision === 'Allow',
    explicitDeny: r.decision === 'ExplicitDeny',
    matchedStatements: {
      items: r.matched.map((m) => ({ statementId: m.sid ?? '', effect: m.effect.toUpperCase(), policyType: m.policyType, policyId: m.policyId ?? String(m.policyIndex), statementIndex: m.statementIndex })),
    },
    failures: { items: [] },
    context: {
      principal: { id: caller.userId, ...(caller.userName === undefined ? {} : { name: caller.userName }), arn: caller.arn },
      action: actionName,
      resource,
      conditions: {
        items: Object.entries(context).map(([key, v]) => ({
          key,
          values: { items: (Array.isArray(v) ? (v as readonly unknown[]) : [v]).map((x) => ({ value: String(x) })) },
        })),
      },
    },
  };
}
