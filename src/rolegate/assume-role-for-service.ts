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
import { sessionTags } from '../sts/session.js';
import { durationSeconds, roleSessionName } from '../sts/shapes.js';
import { parseRoleArn } from '../sts/trust.js';
import { serviceDenied, serviceRoleSession, sourceAccountOf } from './service-session.js';
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
  // Rolegate's condition keys (src/access/service-reference.ts): a grant can name the service
  // principal its holder may claim and the sources it may act for. Absent members set no key.
  context: (input) => {
    const keys: Record<string, string> = { 'rolegate:ServicePrincipal': input.ServicePrincipal };
    const sourceAccount = sourceAccountOf(input);
    if (input.SourceArn !== undefined) keys['rolegate:SourceArn'] = input.SourceArn;
    if (sourceAccount !== undefined) keys['rolegate:SourceAccount'] = sourceAccount;
    return keys;
  },
  handler: async (ctx, input) => {
    const { account: roleAccount, name } = parseRoleArn(input.RoleArn);
    // As sts:AssumeRole: root may not assume roles, and a role session's call is role chaining —
    // at most one hour, its transitive session tags and its source identity carried to the new
    // session (AWS: "session tags … persist through role chaining", a source identity once set
    // persists). https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
    // No caller is root today — every access key belongs to an IAM user and every session is a
    // role, federated-user or user session (src/iam/identity.ts) — so this guard is kept for the
    // day root keys exist, as sts:AssumeRole keeps it, and no test can reach it.
    if (ctx.caller.type === 'root') throw AccessDenied('Roles may not be assumed by root accounts.');
    // A role's name is at most 64 characters: a longer one names no role (and is no store key).
    const item = roleAccount === ctx.caller.account && name.length <= 64 ? await ctx.services.cache.now<RoleData>(roleAccount, KIND.role, nameKey(name)) : undefined;
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
      // The request sets no tags of its own: only the calling session's transitive ones.
      tags: sessionTags(undefined, undefined, ctx.caller.session),
      sourceIdentity: ctx.caller.session?.sourceIdentity,
    });
  },
});
