/**
 * organizations:MoveAccount — from SourceParentId (which must be the account's parent) to
 * DestinationParentId. Attached policies stay with the account; those it inherits change.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_MoveAccount.html
 * Authorization: the account, then both parents (AWS names all three: Service Authorization Reference).
 */
import { action } from '../core/action.js';
import { AccountNotFound, DestinationParentNotFound, DuplicateAccount, SourceParentNotFound } from './errors.js';
import { managedOrganization } from './lookup.js';
import { authorizeMembers, memberArn, orgResource } from './resource.js';
import { accountId, parentId } from './shapes.js';
import { isContainer, parentOf, placeChild, unplaceChild } from './tree.js';
import { ORG_KIND } from './model.js';

export const moveAccount = action({
  service: 'organizations',
  name: 'MoveAccount',
  params: {
    AccountId: { ...accountId, required: true },
    SourceParentId: { ...parentId, required: true },
    DestinationParentId: { ...parentId, required: true },
  },
  resource: (input, caller, ctx) => orgResource(caller, ctx, (org) => memberArn(org, input.AccountId)),
  handler: async (ctx, input) => {
    await authorizeMembers(ctx, 'MoveAccount', [input.SourceParentId, input.DestinationParentId]);
    await ctx.store.write(async (tx) => {
      const org = await managedOrganization(tx, ctx.caller.account);
      if ((await tx.get(org.managementAccountId, ORG_KIND.account, input.AccountId)) === undefined) throw AccountNotFound();
      if (!(await isContainer(tx, org, input.SourceParentId))) throw SourceParentNotFound();
      if (!(await isContainer(tx, org, input.DestinationParentId))) throw DestinationParentNotFound();
      const current = await parentOf(tx, org, input.AccountId);
      if (current !== input.SourceParentId) throw SourceParentNotFound();
      if (current === input.DestinationParentId) throw DuplicateAccount();
      await unplaceChild(tx, org, current, 'ACCOUNT', input.AccountId);
      await placeChild(tx, org, input.DestinationParentId, 'ACCOUNT', input.AccountId);
    });
    return {};
  },
});
