/**
 * organizations:DescribeCreateAccountStatus — management account only.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeCreateAccountStatus.html
 * Authorization: `*` (no resource type).
 */
import { action } from '../core/action.js';
import { CreateAccountStatusNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { type CreateAccountStatusData, ORG_KIND } from './model.js';
import { createAccountStatusOutput } from './present.js';
import { createAccountRequestId } from './shapes.js';

export const describeCreateAccountStatus = action({
  service: 'organizations',
  name: 'DescribeCreateAccountStatus',
  params: { CreateAccountRequestId: { ...createAccountRequestId, required: true } },
  resource: () => '*',
  handler: async (ctx, input) => {
    const status = await ctx.store.read(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      return tx.get<CreateAccountStatusData>(org.managementAccountId, ORG_KIND.createAccountStatus, input.CreateAccountRequestId);
    });
    if (status === undefined) throw CreateAccountStatusNotFound();
    return { CreateAccountStatus: createAccountStatusOutput(status.data) };
  },
});
