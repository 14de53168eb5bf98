/**
 * organizations:DescribeAccount — management account only.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeAccount.html
 * Authorization: the account resource, arn:aws:organizations::MGMT:account/o-…/ACCOUNT — naming
 * the organization takes a store read (a caller in no organization is answered
 * AWSOrganizationsNotInUseException before any policy check).
 */
import { action } from '../server/action.js';
import { AccountNotFound } from './errors.js';
import { managedOrganization, organizationOf } from './lookup.js';
import { ORG_KIND, type OrgAccountData, accountArn } from './model.js';
import { accountOutput } from './present.js';
import { accountId } from './shapes.js';

export const describeAccount = action<{ AccountId: string }>({
  service: 'organizations',
  name: 'DescribeAccount',
  params: { AccountId: { ...accountId, required: true } },
  resource: async (input, caller, ctx) => {
    const org = await ctx.store.read((tx) => organizationOf(tx, caller.account));
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
