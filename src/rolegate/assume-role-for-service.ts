/**
 * rolegate:AssumeRoleForService — for a service that sits beside Rolegate and was passed a role
 * (rolegate:CheckPassRole): it obtains the role's credentials as AWS's services do, the service
 * principal (e.g. lambda.amazonaws.com) being the principal the role's trust policy must allow,
 * with aws:SourceArn / aws:SourceAccount naming the resource and account it acts for. Trust
 * policies then guard against the confused deputy as AWS documents:
 * "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}, "ArnLike": {"aws:SourceArn": …}}.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcearn
 *
 * The call is authorized like any other: rolegate:AssumeRoleForService on the role's ARN — grant a
 * service's identity exactly the roles it may assume; it is trusted to name the service it is and
 * the resource it acts for. Only roles of the caller's account (another account's role is a
 * cross-account resource no policy grants the call on). A refused trust is AccessDenied in STS's
 * words, a missing role alike (no reason given, as sts:AssumeRole answers).
 */
import { action } from '../core/action.js';
import { AccessDenied } from '../core/errors.js';
import type { Spec } from '../core/input.js';
import { KIND, type RoleData, nameKey } from '../iam/model.js';
import { arn } from '../iam/shapes.js';
import { durationSeconds, roleSessionName } from '../sts/shapes.js';
import { parseRoleArn } from '../sts/trust.js';
import { serviceDenied, serviceRoleSession } from './service-session.js';
import { servicePrincipal } from './shapes.js';

const account = { type: 'string', min: 12, max: 12, pattern: { re: /^\d{12}$/, text: '\\d{12}' } } as const satisfies Spec;

export const assumeRoleForService = action({
  service: 'rolegate',
  name: 'AssumeRoleForService',
  params: {
    RoleArn: { ...arn, required: true },
    ServicePrincipal: { ...servicePrincipal, required: true },
    RoleSessionName: { ...roleSessionName, required: true },
    SourceArn: arn,
    SourceAccount: account,
    DurationSeconds: durationSeconds(43200),
  },
  resource: (input) => input.RoleArn,
  handler: async (ctx, input) => {
    const { account: roleAccount, name } = parseRoleArn(input.RoleArn);
    // As sts:AssumeRole: root may not assume roles, and a role session's call is role chaining —
    // at most one hour, its source identity carried to the new session (AWS: once set it persists).
    if (ctx.caller.type === 'root') throw AccessDenied('Roles may not be assumed by root accounts.');
    const item = roleAccount === ctx.caller.account ? await ctx.services.cache.now<RoleData>(roleAccount, KIND.role, nameKey(name)) : undefined;
    if (item === undefined || item.data.arn !== input.RoleArn) throw serviceDenied(input.ServicePrincipal, input.RoleArn);
    return serviceRoleSession(ctx, {
      role: item.data,
      roleAccount,
      servicePrincipal: input.ServicePrincipal,
      sessionName: input.RoleSessionName,
      sourceArn: input.SourceArn,
      sourceAccount: input.SourceAccount,
      durationSeconds: input.DurationSeconds ?? 3600,
      chained: ctx.caller.type === 'role-session',
      sourceIdentity: ctx.caller.session?.sourceIdentity,
    });
  },
});
