/**
 * organizations:DescribeAccount — management account only.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeAccount.html
 * Authorization: the account resource, arn:aws:organizations::MGMT:account/o-…/ACCOUNT — naming
 * the organization takes a store read. A caller in no organization, or in one it does not
 * manage, is answered before any policy check: the ARN is the management account's, so the
 * policy engine would otherwise judge a member's call as a cross-account request.
 */
import { action } from '../core/action.js';
import { AccountNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { ORG_KIND, type OrgAccountData, accountArn } from './model.js';
import { accountOutput } from './present.js';
import { accountId } from './shapes.js';

export const describeAccount = action({
  service: 'organizations',
  name: 'DescribeAccount',
  params: { AccountId: { ...accountId, required: true } },
  resource: async (input, caller, ctx) => {
    const org = await ctx.store.read((tx) => managedOrganization(tx, caller.account));
    return accountArn(org.managementAccountId, org.id, input.AccountId);
  },
  handler: async (ctx, input) => {
    const found = await ctx.store.read(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      const item = await tx.get<OrgAccountData>(org.managementAccountId, ORG_KIND.account, input.AccountId);
      return item === undefined ? undefined : { org, account: item.data };
    });
    if (found === undefined) throw AccountNotFound();
    return { Account: accountOutput(found.org, found.account) };
  },
});
