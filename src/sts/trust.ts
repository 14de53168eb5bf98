/**
 * Trust-policy authorization for the AssumeRole family: one engine decision over the caller's
 * policies and the role's trust policy (resourcePolicyKind 'trust').
 */
import type { RoleData } from '../iam/model.js';
import { resourceTagContext } from '../iam/resource-tags.js';
import { type PrincipalLookup, compileChangedTrust, trustChanges } from '../iam/roles/trust-render.js';
import { type CompiledPolicy, type ContextValue, type EvaluateInput, type Principal, type Request, evaluate } from '../policy/index.js';
import { callerContext } from '../access/authorize.js';
import type { ActionContext, CallerPolicies, ControlLevels } from '../core/action.js';
import { AccessDenied, ValidationError } from '../core/errors.js';
import { type Awaitable, then } from '../core/settle.js';
import type { TagInput } from './session.js';
import { CONTROL_POLICIES } from '../organizations/control-policies.js';

// The name as IAM's roleNameType: 1–64 of [\w+=,.@-] (a longer one names no role, nor a store key).
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\u0021-\u007E]*\/)?)?([\w+=,.@-]{1,64})$/;

/** The account and name of the role a RoleArn names; AWS's ValidationError when it names none. */
export function parseRoleArn(roleArn: string): { readonly account: string; readonly name: string } {
  const m = ROLE_ARN.exec(roleArn);
  if (!m) throw ValidationError(`${roleArn} is invalid`);
  return { account: m[1]!, name: m[3]! };
}

/** The request context of an STS call: global keys plus the call's own (sts:*, aws:RequestTag/*, aws:TagKeys). */
export function stsContext(
  ctx: ActionContext,
  extra: Readonly<Record<string, ContextValue>>,
  tags: readonly TagInput[] | undefined,
  transitive: readonly string[] | undefined,
): Record<string, ContextValue> {
  const c: Record<string, ContextValue> = {
    ...callerContext(ctx),
    ...extra,
  };
  if (tags !== undefined) {
    for (const t of tags) c[`aws:RequestTag/${t.Key}`] = t.Value;
    c['aws:TagKeys'] = tags.map((t) => t.Key);
  }
  if (transitive !== undefined) c['sts:TransitiveTagKeys'] = [...transitive];
  return c;
}

/** A role as the AssumeRole family evaluates it: with its trust policy compiled anew when bound principals changed. */
export interface BoundRole extends RoleData {
  /** Evaluated in place of the text (whose principals are as written). */
  readonly changedTrust?: CompiledPolicy;
}
/**
 * The RCP levels of a role's account (undefined outside an organization or without RCPs). AWS:
 * RCPs apply to the AssumeRole family (STS is a supported service); they don't affect the
 * management account's resources.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
export function roleAccountRcps(ctx: ActionContext, roleAccount: string): Awaitable<ControlLevels | undefined> {
  return ctx.services.get(CONTROL_POLICIES).levels(roleAccount, 'RESOURCE_CONTROL_POLICY');
}

/**
 * The role with its trust policy as it stands now: a user or role the policy named that has since
 * been deleted (or deleted and re-created) is named by its old unique id, which matches no caller
 * of today — AWS's binding of trust principals (src/iam/roles/trust-render.ts). Cached reads; the
 * common case (nothing changed) returns `role` itself.
 */
export function boundRole(ctx: ActionContext, role: RoleData): Awaitable<BoundRole> {
  const lookup: PrincipalLookup = { get: (a, k, key) => ctx.services.cache.now(a, k, key), getById: (k, id) => ctx.store.read((tx) => tx.getById(k, id)) };
  return then(trustChanges(lookup, role), (changes) => {
    // Evaluation takes the compiled rewrite, never the text.
    return changes === undefined ? role : { ...role, changedTrust: compileChangedTrust(role, changes) };
  });
}

/** Throws AWS's AccessDenied (no reason given, so a missing role looks like a denying one). */
export function authorizeTrust(
  ctx: ActionContext,
  actionName: string,
  roleArn: string,
  roleAccount: string,
  role: BoundRole | undefined,
  context: Readonly<Record<string, ContextValue>>,
  rcps: ControlLevels | undefined,
): asserts role is BoundRole {
  if (role === undefined || !trustAllows(ctx.caller.principal, actionName, role, roleAccount, context, rcps, ctx.callerPolicies)) {
    throw AccessDenied(`User: ${ctx.caller.arn} is not authorized to perform: ${actionName} on resource: ${roleArn}`);
  }
}

/**
 * The engine's decision on `role`'s trust policy for `principal`, with the caller's own policies
 * (none for a federated principal: the trust policy alone decides). AWS: the caller's SCPs limit
 * sts:AssumeRole too; the role account's RCPs limit access to the role.
 */
export function trustAllows(
  principal: Principal,
  actionName: string,
  role: BoundRole,
  roleAccount: string,
  context: Readonly<Record<string, ContextValue>>,
  rcps: ControlLevels | undefined,
  policies?: CallerPolicies,
): boolean {
  // AWS: the role is the resource of the AssumeRole family, so its tags are aws:ResourceTag/… and
  // iam:ResourceTag/… for the trust policy, the caller's policies and SCPs/RCPs alike (Service
  // Authorization Reference, STS resource type "role"). Untagged roles add nothing.
  // Handed to the engine apart (built once per tag list), not copied into the context.
  const roleTags = resourceTagContext(role.tags, true);
  const request: { -readonly [K in keyof Request]: Request[K] } = { principal, action: actionName, resource: role.arn, resourceAccount: roleAccount, context };
  if (roleTags !== undefined) request.resourceContext = roleTags;
  // Members set one by one: this runs on every AssumeRole.
  const input: { -readonly [K in keyof EvaluateInput]: EvaluateInput[K] } = {
    request,
    identityPolicies: policies?.identity ?? [],
    resourcePolicy: role.changedTrust ?? role.assumeRolePolicyDocument,
    resourcePolicyKind: 'trust',
  };
  if (policies?.boundary !== undefined) input.permissionsBoundaries = policies.boundary;
  if (policies?.session !== undefined) input.sessionPolicies = policies.session;
  if (policies?.scp !== undefined) input.serviceControlPolicies = policies.scp;
  if (rcps !== undefined) input.resourceControlPolicies = rcps;
  return evaluate(input).decision === 'Allow';
}
