/**
 * iam:ListInstanceProfiles — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfiles.html
 * iam:ListInstanceProfilesForRole — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfilesForRole.html
 * Both page by key (lower-cased name); the second scans the role's `role-instance-profile` items.
 */
import { action } from '../../core/action.js';
import { type InstanceProfileData, KIND, type RoleInstanceProfileData } from '../model.js';
import { getRole, roleResource } from '../roles/common.js';
import { paging, pathPrefix, roleName } from '../shapes.js';
import { listPage } from '../users/paging.js';
import type { Output } from '../../core/action.js';
import { profileView } from './common.js';
import { deniedRole } from '../denied-as.js';

export const listInstanceProfiles = action({
  service: 'iam',
  name: 'ListInstanceProfiles',
  params: { PathPrefix: pathPrefix, ...paging },
  resource: (input, caller) => `arn:aws:iam::${caller.account}:instance-profile${input.PathPrefix ?? '/'}`,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const prefix = input.PathPrefix ?? '/';
      const page = await listPage<InstanceProfileData>(tx, ctx.caller.account, KIND.instanceProfile, {
        ...input,
        ...(prefix === '/' ? {} : { filter: (p) => p.data.path.startsWith(prefix) }),
      });
      const profiles: Output[] = [];
      for (const p of page.items) profiles.push(await profileView(tx, p.data, 'never'));
      return { InstanceProfiles: profiles, IsTruncated: page.IsTruncated, Marker: page.Marker };
    }),
});

export const listInstanceProfilesForRole = action({
  service: 'iam',
  name: 'ListInstanceProfilesForRole',
  params: { RoleName: { ...roleName, required: true }, ...paging },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const account = ctx.caller.account;
      const role = await getRole(tx, account, input.RoleName);
      const page = await listPage<RoleInstanceProfileData>(tx, account, KIND.roleInstanceProfile, { ...input, prefix: `${role.key}/` });
      const profiles: Output[] = [];
      for (const r of page.items) {
        const p = await tx.get<InstanceProfileData>(account, KIND.instanceProfile, r.key.slice(role.key.length + 1));
        if (p !== undefined) profiles.push(await profileView(tx, p.data, 'never'));
      }
      return { InstanceProfiles: profiles, IsTruncated: page.IsTruncated, Marker: page.Marker };
    }),
});
