/**
 * iam:ListRoles — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
 * Roles in name order (ignoring case), a key-range scan per page; PathPrefix filters. Each role
 * without PermissionsBoundary, RoleLastUsed and Tags ("not returned" by ListRoles).
 */
import { action } from '../../core/action.js';
import { KIND, type RoleData } from '../model.js';
import { paging, pathPrefix } from '../shapes.js';
import { listPage } from '../users/paging.js';
import { roleListed } from './common.js';

export const listRoles = action({
  service: 'iam',
  name: 'ListRoles',
  params: { PathPrefix: pathPrefix, ...paging },
  resource: (input, caller) => `arn:aws:iam::${caller.account}:role${input.PathPrefix ?? '/'}`,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const prefix = input.PathPrefix ?? '/';
      const page = await listPage<RoleData>(tx, ctx.caller.account, KIND.role, {
        ...input,
        ...(prefix === '/' ? {} : { filter: (r) => r.data.path.startsWith(prefix) }),
      });
      const roles = [];
      for (const r of page.items) roles.push(await roleListed(tx, r.data));
      return { Roles: roles, IsTruncated: page.IsTruncated, Marker: page.Marker };
    }),
});
