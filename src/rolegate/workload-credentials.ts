/**
 * rolegate:GetWorkloadCredentials — what `rolegate imds` and `rolegate container-credentials` call:
 * the credentials an EC2 instance or ECS task gets for its role, for the caller that "launches"
 * it. As with RunInstances / RunTask, the caller must be allowed iam:PassRole on the role with
 * iam:PassedToService = the service and iam:AssociatedResourceArn = the instance (task) ARN, and
 * the role's trust policy must trust the service principal; the session is then the service's:
 * named after the instance (task) id, not role chaining, no source identity of the caller's.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 *
 * Instance credentials carry, on every request signed with them, the keys AWS sets:
 * ec2:SourceInstanceARN (the instance's ARN) and ec2:RoleDelivery ("1.0" when delivered by IMDSv1,
 * "2.0" by IMDSv2) — https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html
 * and the EC2 condition keys of the Service Authorization Reference. A task's trust is evaluated
 * with aws:SourceArn (the task's ARN) and aws:SourceAccount, as ECS sets them.
 *
 * The call itself takes rolegate:GetWorkloadCredentials on the role's ARN (as launching takes
 * ec2:RunInstances besides the PassRole).
 *
 * The instance (task) id is the server's, never the caller's (workload-token.ts): the first call
 * gets a fresh one with a WorkloadToken, renewals present the token. PassRole and the trust are
 * checked at every call, renewals included.
 */
import { action } from '../core/action.js';
import type { ActionContext, Caller } from '../core/action.js';
import { AccessDenied, InvalidInput, NoSuchEntity, ValidationError } from '../core/errors.js';
import type { Spec } from '../core/input.js';
import { type InstanceProfileData, KIND, type RoleData, nameKey } from '../iam/model.js';
import { arn } from '../iam/shapes.js';
import { instanceProfileName } from '../iam/roles/shapes.js';
import { parsePrincipalArn } from '../iam/roles/trust-policy.js';
import { durationSeconds } from '../sts/shapes.js';
import { checkPassRole } from './pass-role.js';
import { serviceRoleSession } from './service-session.js';
import { type WorkloadBinding, newWorkloadId, openWorkloadToken, principalIdOf, sealWorkloadToken } from './workload-token.js';

export const EC2 = 'ec2.amazonaws.com';
export const ECS_TASKS = 'ecs-tasks.amazonaws.com';

const cluster = { type: 'string', min: 1, max: 255, pattern: { re: /^[A-Za-z0-9_-]+$/, text: '[A-Za-z0-9_-]+' } } as const satisfies Spec;

const params = {
  ServicePrincipal: { type: 'string', enum: [EC2, ECS_TASKS], required: true },
  InstanceProfileName: instanceProfileName,
  RoleArn: arn,
  WorkloadToken: { type: 'string', min: 1, max: 2048, quoted: false },
  // No longer accepted (the id is the server's): decoded only to refuse it by name rather than
  // ignore it, so that an older client that names its instance learns why.
  WorkloadId: { type: 'string', min: 0, max: 256, quoted: false },
  Cluster: cluster,
  RoleDelivery: { type: 'string', enum: ['1.0', '2.0'] },
  DurationSeconds: durationSeconds(43200),
} as const;

interface Workload {
  readonly role: RoleData | undefined;
  readonly profile?: InstanceProfileData | undefined;
}

/** The role the call is for: the instance profile's (EC2) or the one named (ECS); reads the cache. */
async function workloadRole(ctx: ActionContext, caller: Caller, input: { readonly InstanceProfileName?: string; readonly RoleArn?: string }): Promise<Workload> {
  const account = caller.account;
  if (input.InstanceProfileName !== undefined) {
    const p = await ctx.services.cache.get<InstanceProfileData>(account, KIND.instanceProfile, nameKey(input.InstanceProfileName));
    const roleKey = p?.data.roles[0];
    const role = roleKey === undefined ? undefined : await ctx.services.cache.get<RoleData>(account, KIND.role, roleKey);
    return { role: role?.data, profile: p?.data };
  }
  const ref = input.RoleArn === undefined ? undefined : parsePrincipalArn(input.RoleArn);
  const role = ref?.kind === KIND.role && ref.account === account ? await ctx.services.cache.get<RoleData>(account, KIND.role, nameKey(ref.name)) : undefined;
  return { role: role?.data.arn === input.RoleArn ? role?.data : undefined };
}

export const getWorkloadCredentials = action({
  service: 'rolegate',
  name: 'GetWorkloadCredentials',
  params,
  // The role's ARN; the profile's (or the ARN given) when there is no such role, so that the
  // call is refused to whoever may not make it before anything is said of what exists.
  resource: async (input, caller, ctx) => {
    const w = await workloadRole(ctx, caller, input);
    return w.role?.arn ?? w.profile?.arn ?? input.RoleArn ?? `arn:aws:iam::${caller.account}:instance-profile/${input.InstanceProfileName ?? ''}`;
  },
  handler: async (ctx, input) => {
    const ec2 = input.ServicePrincipal === EC2;
    if (ec2 ? input.InstanceProfileName === undefined || input.RoleArn !== undefined : input.RoleArn === undefined || input.InstanceProfileName !== undefined) {
      throw ValidationError(ec2 ? 'An instance needs InstanceProfileName (and no RoleArn).' : 'A task needs RoleArn (and no InstanceProfileName).');
    }
    if (input.WorkloadId !== undefined) throw ValidationError('WorkloadId is not accepted: the instance (task) id is assigned by the server; renewals present the WorkloadToken of the first call.');
    if (ec2 ? input.Cluster !== undefined : input.RoleDelivery !== undefined) throw ValidationError(ec2 ? 'Cluster is for tasks.' : 'RoleDelivery is for instances.');
    const account = ctx.caller.account;
    const w = await workloadRole(ctx, ctx.caller, input);
    if (ec2 && w.profile === undefined) throw NoSuchEntity(`Instance Profile ${input.InstanceProfileName ?? ''} cannot be found.`);
    if (ec2 && w.role === undefined) throw InvalidInput(`Instance Profile ${input.InstanceProfileName ?? ''} has no role.`);
    if (w.role === undefined) throw NoSuchEntity(`The role with name ${parsePrincipalArn(input.RoleArn ?? '')?.name ?? input.RoleArn ?? ''} cannot be found.`);
    const role = w.role;
    const clusterName = ec2 ? '' : (input.Cluster ?? 'default');
    const binding: WorkloadBinding = { account, principalId: principalIdOf(ctx.caller), service: input.ServicePrincipal, resource: w.profile?.arn ?? role.arn, cluster: clusterName };
    const workloadId = input.WorkloadToken === undefined ? newWorkloadId(ec2) : openWorkloadToken(ctx.services, binding, input.WorkloadToken);
    const workloadArn = ec2 ? `arn:aws:ec2:${ctx.region}:${account}:instance/${workloadId}` : `arn:aws:ecs:${ctx.region}:${account}:task/${clusterName}/${workloadId}`;
    // CheckPassRole's decision, as the caller: AWS's PassRole message when it is refused.
    const pass = (await checkPassRole.handler(ctx, { RoleArn: role.arn, PassedToService: input.ServicePrincipal, AssociatedResourceArn: workloadArn })) as { Allowed: boolean; Message?: string };
    if (!pass.Allowed) throw AccessDenied(pass.Message ?? `User: ${ctx.caller.arn} is not authorized to perform: iam:PassRole on resource: ${role.arn}`);
    const delivery = input.RoleDelivery ?? '2.0';
    const session = await serviceRoleSession(ctx, {
      role,
      roleAccount: account,
      servicePrincipal: input.ServicePrincipal,
      sessionName: workloadId,
      // ECS sets the confused-deputy keys for a task role's trust; EC2 names the instance in the
      // keys of the session's own requests instead.
      ...(ec2 ? {} : { sourceArn: workloadArn, sourceAccount: account }),
      durationSeconds: input.DurationSeconds ?? 3600,
      chained: false,
      ...(ec2 ? { serviceContext: [['ec2:SourceInstanceARN', workloadArn], ['ec2:RoleDelivery', delivery]] as const } : {}),
    });
    return {
      ...session,
      RoleArn: role.arn,
      WorkloadArn: workloadArn,
      WorkloadId: workloadId,
      WorkloadToken: input.WorkloadToken ?? sealWorkloadToken(ctx.services, binding, workloadId),
      ...(w.profile === undefined ? {} : { InstanceProfileArn: w.profile.arn, InstanceProfileId: w.profile.id }),
    };
  },
});
