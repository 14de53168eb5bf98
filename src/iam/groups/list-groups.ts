/**
 * iam:ListGroups — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroups.html
 * Authorized against `arn:aws:iam::ACCOUNT:group` + the path prefix.
 */
import { action } from '../../core/action.js';
import { type GroupData, KIND } from '../model.js';
import { paging, pathPrefix } from '../shapes.js';
import { listPage } from '../users/paging.js';
import { groupShape } from './common.js';

export const listGroups = action({
  service: 'iam',
  name: 'ListGroups',
  params: { PathPrefix: pathPrefix, ...paging },
  resource: (input, caller) => `arn:aws:iam::${caller.account}:group${input.PathPrefix ?? '/'}`,
  handler: async (ctx, input) => {
    const prefix = input.PathPrefix ?? '/';
    const page = await ctx.store.read((tx) =>
      listPage<GroupData>(tx, ctx.caller.account, KIND.group, { ...input, ...(prefix === '/' ? {} : { filter: (g) => g.data.path.startsWith(prefix) }) }),
    );
    return { Groups: page.items.map((g) => groupShape(g.data)), IsTruncated: page.IsTruncated, Marker: page.Marker };
  },
});
