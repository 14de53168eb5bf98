/**
 * iam:ListUsers — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
 * Authorized against `arn:aws:iam::ACCOUNT:user` + the path prefix; returns a subset of each
 * user's attributes (no tags, no permissions boundary).
 */
import { action } from '../../core/action.js';
import { KIND, type UserData } from '../model.js';
import { paging, pathPrefix } from '../shapes.js';
import { userSummary } from './common.js';
import { listPage } from './paging.js';

export const listUsers = action({
  service: 'iam',
  name: 'ListUsers',
  params: { PathPrefix: pathPrefix, ...paging },
  resource: (input, caller) => `arn:aws:iam::${caller.account}:user${input.PathPrefix ?? '/'}`,
  handler: async (ctx, input) => {
    const prefix = input.PathPrefix ?? '/';
    const page = await ctx.store.read((tx) =>
      listPage<UserData>(tx, ctx.caller.account, KIND.user, { ...input, ...(prefix === '/' ? {} : { filter: (u) => u.data.path.startsWith(prefix) }) }),
    );
    return { Users: page.items.map((u) => userSummary(u.data)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});
