/**
 * organizations:ListRoots — the organization's one root, with the policy types enabled on it.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html
 * Authorization: `*` (no resource type).
 */
import { action } from '../core/action.js';
import { managedOrganization } from './lookup.js';
import { paginate } from './paginate.js';
import { rootOutput } from './present.js';
import { maxResults, nextToken } from './shapes.js';

export const listRoots = action({
  service: 'organizations',
  name: 'ListRoots',
  params: { NextToken: nextToken, MaxResults: maxResults },
  resource: () => '*',
  handler: async (ctx, input) => {
    const org = await ctx.store.read((tx) => managedOrganization(tx, ctx.caller.account));
    const page = paginate([org.rootId], (id) => id, input.NextToken, input.MaxResults);
    return { Roots: page.items.map(() => rootOutput(org)), NextToken: page.nextToken };
  },
});
