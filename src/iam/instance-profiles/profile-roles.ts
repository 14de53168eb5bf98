/**
 * iam:AddRoleToInstanceProfile — https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html
 * iam:RemoveRoleFromInstanceProfile — https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html
 * "An instance profile can contain only one IAM role": a second role (or the same one again) is
 * LimitExceeded "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1". The profile is
 * looked up first, then the role (recorded against AWS, LocalStack
 * test_iam_instance_profiles.snapshot.json). The profile and the role's back-reference change in
 * one transaction. Adding a role also takes iam:PassRole on it (authorizePassRole).
 */
import { LimitExceeded, NoSuchEntity } from '../../core/errors.js';
import { type ActionContext, action } from '../../core/action.js';
import { authorizeRequest, callerContext } from '../../access/authorize.js';
import { type InstanceProfileData, KIND, type RoleInstanceProfileData, roleArn } from '../model.js';
import { resourceTagsOf } from '../resource-tags.js';
import { getModifiableRole, roleResource } from '../roles/common.js';
import { instanceProfileName } from '../roles/shapes.js';
import { roleName } from '../shapes.js';
import { getProfile, profileResource } from './common.js';
import { deniedInstanceProfile } from '../denied-as.js';

/**
 * AWS: "The caller of this operation must be granted the PassRole permission on the IAM role" —
 * else anyone allowed AddRoleToInstanceProfile hands any role to EC2. The role's tags are
 * aws:/iam:ResourceTag/…; iam:AssociatedResourceArn is arn:aws:ec2:*:ACCOUNT:instance/* there (as
 * the same page says), and the service the role goes to is EC2 (iam:PassedToService).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html
 */
async function authorizePassRole(ctx: ActionContext, roleName: string): Promise<void> {
  const arn = await roleResource(ctx, roleName);
  const tags = await resourceTagsOf('iam', 'PassRole', arn, ctx);
  const context = Object.assign({}, callerContext(ctx), { 'iam:PassedToService': 'ec2.amazonaws.com', 'iam:AssociatedResourceArn': `arn:aws:ec2:*:${ctx.caller.account}:instance/*` });
  // AWS names the role by its ARN here ("… iam:PassRole on resource: arn:aws:iam::…:role/NAME",
  // as reported for AddRoleToInstanceProfile): written from the name the caller gave, at path /,
  // so that the stored path does not tell a caller who may not pass the role that it exists.
  authorizeRequest(ctx, 'iam:PassRole', arn, context, ctx.callerPolicies, tags, false, roleArn(ctx.caller.account, '/', roleName));
}

const params = { InstanceProfileName: { ...instanceProfileName, required: true }, RoleName: { ...roleName, required: true } } as const;

export const addRoleToInstanceProfile = action({
  service: 'iam',
  name: 'AddRoleToInstanceProfile',
  params,
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  deniedAs: deniedInstanceProfile,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await authorizePassRole(ctx, input.RoleName);
    await ctx.store.write(async (tx) => {
      const profile = await getProfile(tx, account, input.InstanceProfileName);
      const role = await getModifiableRole(tx, account, input.RoleName);
      const quota = ctx.services.config.quotas.rolesPerInstanceProfile;
      if (profile.data.roles.length >= quota) throw LimitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${quota}`);
      const data: InstanceProfileData = { ...profile.data, roles: [...profile.data.roles, role.key] };
      await tx.put<InstanceProfileData>({ account, kind: KIND.instanceProfile, key: profile.key, id: data.id, data }, profile.version);
      await tx.put<RoleInstanceProfileData>({ account, kind: KIND.roleInstanceProfile, key: `${role.key}/${profile.key}`, data: { instanceProfileName: data.name } }, 0);
    });
    return undefined;
  },
});

export const removeRoleFromInstanceProfile = action({
  service: 'iam',
  name: 'RemoveRoleFromInstanceProfile',
  params,
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  deniedAs: deniedInstanceProfile,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const profile = await getProfile(tx, account, input.InstanceProfileName);
      const role = await getModifiableRole(tx, account, input.RoleName);
      if (!profile.data.roles.includes(role.key)) {
        throw NoSuchEntity(`Role ${input.RoleName} in Instance Profile ${input.InstanceProfileName} cannot be found.`);
      }
      const data: InstanceProfileData = { ...profile.data, roles: profile.data.roles.filter((k) => k !== role.key) };
      await tx.put<InstanceProfileData>({ account, kind: KIND.instanceProfile, key: profile.key, id: data.id, data }, profile.version);
      await tx.delete(account, KIND.roleInstanceProfile, `${role.key}/${profile.key}`);
    });
    return undefined;
  },
});
