/**
 * organizations:DescribeOrganization — any account of the organization may call it.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
 * Authorization: `*` (no resource type).
 */
import { action } from '../core/action.js';
import { organizationOf } from './lookup.js';
import { organizationOutput } from './present.js';

export const describeOrganization = action({
  service: 'organizations',
  name: 'DescribeOrganization',
  params: {},
  resource: () => '*',
  handler: async (ctx) => {
    const org = await ctx.store.read((tx) => organizationOf(tx, ctx.caller.account));
    return { Organization: organizationOutput(org) };
  },
});
