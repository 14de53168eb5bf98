/**
 * A role session obtained by a service principal, as AWS's services obtain one: the service is the
 * principal the role's trust policy must allow, with aws:SourceArn / aws:SourceAccount naming what
 * it acts for. Shared by rolegate:AssumeRoleForService (a service beside Rolegate asks) and
 * rolegate:GetWorkloadCredentials (Rolegate's own IMDS and container endpoints ask).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
import type { ActionContext } from '../core/action.js';
import { AccessDenied } from '../core/errors.js';
import type { RoleData } from '../iam/model.js';
import { requestContext } from '../policy/index.js';
import type { ContextValue } from '../policy/index.js';
import { type IssuedCredentials, type SessionTags, checkRoleSessionDuration, issueRoleSession } from '../sts/session.js';
import { refuseScpExemptSession } from '../sts/scp-exempt.js';
import { boundRole, roleAccountRcps, trustAllows } from '../sts/trust.js';

const NO_TAGS = { tags: [], transitive: [] } as const;

export interface ServiceSessionRequest {
  readonly role: RoleData;
  readonly roleAccount: string;
  readonly servicePrincipal: string;
  readonly sessionName: string;
  readonly sourceArn?: string | undefined;
  readonly sourceAccount?: string | undefined;
  readonly durationSeconds: number;
  /** Role chaining: capped at one hour, the source identity carried. */
  readonly chained: boolean;
  readonly sourceIdentity?: string | undefined;
  /** Session tags (AssumeRoleForService: the calling session's transitive ones); default none. */
  readonly tags?: SessionTags;
  /** The condition keys of every request signed with the session (ec2:SourceInstanceARN …). */
  readonly serviceContext?: readonly (readonly [string, string])[];
}

/** STS's refusal as the service relays it (no reason given, so a missing role looks like a denying one). */
export const serviceDenied = (servicePrincipal: string, roleArn: string): Error =>
  AccessDenied(`User: ${servicePrincipal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);

/**
 * AWS: aws:SourceAccount is the account of the resource the service acts for; given a source ARN
 * with an account and no SourceAccount, it is that ARN's account.
 */
export function sourceAccountOf(input: { readonly SourceArn?: string | undefined; readonly SourceAccount?: string | undefined }): string | undefined {
  return input.SourceAccount ?? (input.SourceArn === undefined ? undefined : /^\d{12}$/.exec(input.SourceArn.split(':')[4] ?? '')?.[0]);
}

export async function serviceRoleSession(
  ctx: ActionContext,
  r: ServiceSessionRequest,
): Promise<{ readonly Credentials: IssuedCredentials; readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string } }> {
  const role = await boundRole(ctx, r.role);
  // The service's request: no caller IP, MFA or token of the service's own identity; the keys
  // AWS sets when a service principal calls (aws:PrincipalServiceName …) come from the principal.
  const context: Record<string, ContextValue> = { ...requestContext({ now: ctx.now, region: ctx.region, secureTransport: false }), 'sts:RoleSessionName': r.sessionName };
  const sourceAccount = sourceAccountOf({ SourceArn: r.sourceArn, SourceAccount: r.sourceAccount });
  if (r.sourceArn !== undefined) context['aws:SourceArn'] = r.sourceArn;
  if (sourceAccount !== undefined) context['aws:SourceAccount'] = sourceAccount;
  const rcps = await roleAccountRcps(ctx, r.roleAccount);
  if (!trustAllows({ arn: r.servicePrincipal }, 'sts:AssumeRole', role, r.roleAccount, context, rcps)) throw serviceDenied(r.servicePrincipal, r.role.arn);
  // Only once the trust allows it: the refusal names the role as service-linked.
  await refuseScpExemptSession(ctx, role);
  checkRoleSessionDuration(r.durationSeconds, r.chained, role);
  const session = issueRoleSession(ctx.services, ctx.now, r.durationSeconds, {
    account: r.roleAccount,
    role,
    sessionName: r.sessionName,
    policyArns: [],
    tags: r.tags ?? NO_TAGS,
    sourceIdentity: r.sourceIdentity,
    chained: r.chained,
    ...(r.serviceContext === undefined ? {} : { serviceContext: r.serviceContext }),
  });
  return { Credentials: session.Credentials, AssumedRoleUser: session.AssumedRoleUser };
}
