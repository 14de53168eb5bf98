/**
 * iam:ListGroupsForUser — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupsForUser.html
 * Authorized against the user.
 */
import { action } from '../../core/action.js';
import { type GroupData, KIND } from '../model.js';
import { existingUserName, paging } from '../shapes.js';
import { getUser, userResource } from '../users/common.js';
import { listPage } from '../users/paging.js';
import { groupShape } from './common.js';
import type { UserGroupData } from './members.js';
import { deniedUser } from '../denied-as.js';

export const listGroupsForUser = action({
  service: 'iam',
  name: 'ListGroupsForUser',
  params: { UserName: { ...existingUserName, required: true }, ...paging },
  resource: (input, _caller, ctx) => userResource(ctx, input.UserName),
  deniedAs: deniedUser,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    return ctx.store.read(async (tx) => {
      const user = await getUser(tx, account, input.UserName);
      const page = await listPage<UserGroupData>(tx, account, KIND.userGroup, { ...input, prefix: `${user.key}/` });
      const groups = [];
      for (const m of page.items) {
        const g = await tx.get<GroupData>(account, KIND.group, m.key.slice(user.key.length + 1));
        if (g !== undefined) groups.push(groupShape(g.data));
      }
      return { Groups: groups, IsTruncated: page.IsTruncated, Marker: page.Marker };
    });
  },
});
