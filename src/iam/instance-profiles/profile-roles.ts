/**
 * iam:AddRoleToInstanceProfile — https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html
 * iam:RemoveRoleFromInstanceProfile — https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html
 * "An instance profile can contain only one IAM role": a second role (or the same one again) is
 * LimitExceeded "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1". The profile is
 * looked up first, then the role (recorded against AWS, LocalStack
 * test_iam_instance_profiles.snapshot.json). The profile and the role's back-reference change in
 * one transaction.
 */
import { LimitExceeded, NoSuchEntity } from '../../protocol/errors.js';
import { action } from '../../server/action.js';
import { type InstanceProfileData, KIND, type RoleInstanceProfileData } from '../model.js';
import { getRole } from '../roles/common.js';
import { quotas } from '../roles/quotas.js';
import { instanceProfileName } from '../roles/shapes.js';
import { roleName } from '../shapes.js';
import { getProfile, profileResource } from './common.js';

interface Input {
  readonly InstanceProfileName: string;
  readonly RoleName: string;
}

const params = { InstanceProfileName: { ...instanceProfileName, required: true }, RoleName: { ...roleName, required: true } };

export const addRoleToInstanceProfile = action<Input>({
  service: 'iam',
  name: 'AddRoleToInstanceProfile',
  params,
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const profile = await getProfile(tx, account, input.InstanceProfileName);
      const role = await getRole(tx, account, input.RoleName);
      const quota = quotas().rolesPerInstanceProfile;
      if (profile.data.roles.length >= quota) throw LimitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${quota}`);
      const data: InstanceProfileData = { ...profile.data, roles: [...profile.data.roles, role.key] };
      await tx.put<InstanceProfileData>({ account, kind: KIND.instanceProfile, key: profile.key, id: data.id, data }, profile.version);
      await tx.put<RoleInstanceProfileData>({ account, kind: KIND.roleInstanceProfile, key: `${role.key}/${profile.key}`, data: { instanceProfileName: data.name } }, 0);
    });
    return undefined;
  },
});

export const removeRoleFromInstanceProfile = action<Input>({
  service: 'iam',
  name: 'RemoveRoleFromInstanceProfile',
  params,
  resource: (input, _caller, ctx) => profileResource(ctx, input.InstanceProfileName),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const profile = await getProfile(tx, account, input.InstanceProfileName);
      const role = await getRole(tx, account, input.RoleName);
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
