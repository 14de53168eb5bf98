/**
 * iam:AddUserToGroup, iam:RemoveUserFromGroup
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html
 * Both are authorized against the group. Quota: a user is in at most 10 groups
 * (reference_iam-quotas.html).
 */
import { LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { KIND } from '../model.js';
import { existingUserName, groupName } from '../shapes.js';
import { getUser } from '../users/common.js';
import { getGroup, groupResource } from './common.js';
import { type GroupMemberData, type UserGroupData, memberKeys } from './members.js';
import { deniedGroup } from '../denied-as.js';

interface Input {
  readonly GroupName: string;
  readonly UserName: string;
}

export const GROUPS_PER_USER = 10;
const params = { GroupName: { ...groupName, required: true }, UserName: { ...existingUserName, required: true } } as const;

/** The group, the user (AWS's NoSuchEntity for whichever is missing, group first) and their membership keys. */
async function groupAndUser(tx: ReadTx, account: string, input: Input) {
  const group = await getGroup(tx, account, input.GroupName);
  const user = await getUser(tx, account, input.UserName);
  return { group, user, keys: memberKeys(group.key, user.key) };
}

export const addUserToGroup = action({
  service: 'iam',
  name: 'AddUserToGroup',
  params,
  resource: (input, _caller, ctx) => groupResource(ctx, input.GroupName),
  deniedAs: deniedGroup,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const { group, user, keys } = await groupAndUser(tx, account, input);
      // Adding a member twice changes nothing (AWS answers success).
      if ((await tx.get(account, KIND.groupMember, keys.member)) !== undefined) return;
      if ((await tx.count(account, KIND.userGroup, `${user.key}/`)) >= GROUPS_PER_USER) {
        throw LimitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
      }
      await tx.put<GroupMemberData>({ account, kind: KIND.groupMember, key: keys.member, data: { userName: user.data.name } }, 0);
      await tx.put<UserGroupData>({ account, kind: KIND.userGroup, key: keys.userGroup, data: { groupName: group.data.name } }, 0);
    });
    return undefined;
  },
});

export const removeUserFromGroup = action({
  service: 'iam',
  name: 'RemoveUserFromGroup',
  params,
  resource: (input, _caller, ctx) => groupResource(ctx, input.GroupName),
  deniedAs: deniedGroup,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      // AWS looks the user up before the group, and removing a non-member succeeds (LocalStack
      // test_iam_groups.py::test_remove_user_from_unknown_group, test_iam_users.py::
      // test_user_group_membership "remove-nonmember-user-from-group", recorded against AWS).
      const user = await getUser(tx, account, input.UserName);
      const group = await getGroup(tx, account, input.GroupName);
      const keys = memberKeys(group.key, user.key);
      await tx.delete(account, KIND.groupMember, keys.member);
      await tx.delete(account, KIND.userGroup, keys.userGroup);
    });
    return undefined;
  },
});
