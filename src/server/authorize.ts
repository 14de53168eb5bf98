/**
 * Authorization of every signed call: the caller's policies, the action's resource, the engine's
 * decision, and AWS's AccessDenied wording when it denies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import { evaluate, requestContext } from '../policy/index.js';
import type { EvaluationResult, PolicyType } from '../policy/index.js';
import { AccessDenied } from '../protocol/errors.js';
import type { Action, ActionContext, Caller } from './action.js';
import type { CallerPolicies } from './identity.js';

const TYPE_TEXT: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  resource: 'resource-based policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

/** "User: arn is not authorized to perform: iam:X on resource: arn because no identity-based policy allows the iam:X action" */
export function accessDeniedMessage(caller: Caller, actionName: string, resource: string, r: EvaluationResult): string {
  const by = r.deniedBy ?? 'identity';
  const why = r.decision === 'ExplicitDeny' ? `with an explicit deny in a ${TYPE_TEXT[by]}` : `because no ${TYPE_TEXT[by]} allows the ${actionName} action`;
  return `User: ${caller.arn} is not authorized to perform: ${actionName} on resource: ${resource} ${why}`;
}

export async function authorize<I>(ctx: ActionContext, action: Action<I>, input: I, policies: CallerPolicies): Promise<void> {
  if (action.resource === undefined) return;
  const resource = await action.resource(input, ctx.caller, ctx);
  const actionName = `${action.service}:${action.name}`;
  const context = {
    ...requestContext({
      now: ctx.now,
      sourceIp: ctx.sourceIp,
      secureTransport: false,
      region: ctx.region,
      ...(ctx.caller.tokenIssueTime === undefined ? {} : { tokenIssueTime: ctx.caller.tokenIssueTime }),
      ...(ctx.caller.mfaAuthenticated === undefined ? {} : { mfaAuthenticated: ctx.caller.mfaAuthenticated }),
    }),
    ...(action.context?.(input, ctx.caller) ?? {}),
  };
  const result = evaluate({
    request: { principal: ctx.caller.principal, action: actionName, resource, context },
    identityPolicies: policies.identity,
    ...(policies.boundary === undefined ? {} : { permissionsBoundaries: policies.boundary }),
    ...(policies.session === undefined ? {} : { sessionPolicies: policies.session }),
  });
  if (result.decision !== 'Allow') throw AccessDenied(accessDeniedMessage(ctx.caller, actionName, resource, result));
}
