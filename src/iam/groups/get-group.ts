/**
 * iam:GetGroup — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html
 * The group and a page of its users (user attributes as ListUsers returns them).
 */
import { action } from '../../core/action.js';
import { KIND, type UserData } from '../model.js';
import { groupName, paging } from '../shapes.js';
import { userSummary } from '../users/common.js';
import { listPage } from '../users/paging.js';
import { getGroup, groupResource, groupShape } from './common.js';
import type { GroupMemberData } from './members.js';
import { deniedGroup } from '../denied-as.js';

export const getGroupAction = action({
  service: 'iam',
  name: 'GetGroup',
  params: { GroupName: { ...groupName, required: true }, ...paging },
  resource: (input, _caller, ctx) => groupResource(ctx, input.GroupName),
  deniedAs: deniedGroup,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    return ctx.store.read(async (tx) => {
      const group = await getGroup(tx, account, input.GroupName);
      const page = await listPage<GroupMemberData>(tx, account, KIND.groupMember, { ...input, prefix: `${group.key}/` });
      const users = [];
      for (const m of page.items) {
        const u = await tx.get<UserData>(account, KIND.user, m.key.slice(group.key.length + 1));
        if (u !== undefined) users.push(userSummary(u.data));
      }
      return { Group: groupShape(group.data), Users: users, IsTruncated: page.IsTruncated, Marker: page.Marker };
    });
  },
});
