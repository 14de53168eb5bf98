/**
 * iam:DeleteGroup — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html
 * "The group must not contain any users or have any attached policies."
 */
import { action } from '../../core/action.js';
import { KIND } from '../model.js';
import { groupName } from '../shapes.js';
import { checkNoPolicies, deleteConflict } from '../users/relations.js';
import { getGroup, groupResource } from './common.js';
import { deniedGroup } from '../denied-as.js';

export const deleteGroup = action({
  service: 'iam',
  name: 'DeleteGroup',
  params: { GroupName: { ...groupName, required: true } },
  resource: (input, _caller, ctx) => groupResource(ctx, input.GroupName),
  deniedAs: deniedGroup,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const group = await getGroup(tx, account, input.GroupName);
      if ((await tx.count(account, KIND.groupMember, `${group.key}/`)) > 0) throw deleteConflict('must remove users from group first.');
      await checkNoPolicies(tx, account, 'group', group.key);
      await tx.delete(account, KIND.group, group.key, group.version);
    });
    return undefined;
  },
});
