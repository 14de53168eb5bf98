/**
 * iam:UpdateGroup — https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateGroup.html
 * A rename re-keys the memberships and the group's inline and attached policies in the same
 * transaction as the group itself. The source is authorized by the pipeline, the target (the new
 * name and path) here, in the write (../rename-target.ts).
 */
import { action } from '../../core/action.js';
import { authorizeRenameTarget } from '../rename-target.js';
import { type GroupData, KIND, groupArn, nameKey } from '../model.js';
import { groupName, path } from '../shapes.js';
import { moveEntityPolicies, rekey } from '../users/relations.js';
import { getGroup, groupExists, groupResource } from './common.js';
import { renameMemberGroup } from './members.js';
import { deniedEntity, deniedGroup } from '../denied-as.js';

export const updateGroup = action({
  service: 'iam',
  name: 'UpdateGroup',
  params: { GroupName: { ...groupName, required: true }, NewPath: path, NewGroupName: groupName },
  resource: (input, _caller, ctx) => groupResource(ctx, input.GroupName),
  deniedAs: deniedGroup,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const old = await getGroup(tx, account, input.GroupName);
      const name = input.NewGroupName ?? old.data.name;
      const p = input.NewPath ?? old.data.path;
      if (name === old.data.name && p === old.data.path) return;
      const arn = groupArn(account, p, name);
      authorizeRenameTarget(ctx, 'iam:UpdateGroup', arn, deniedEntity('group', name));
      const newKey = nameKey(name);
      if (newKey !== old.key && (await tx.get(account, KIND.group, newKey)) !== undefined) throw groupExists(name);
      const data: GroupData = { ...old.data, name, path: p, arn };
      await rekey(tx, old, newKey, data);
      if (name !== old.data.name) {
        await renameMemberGroup(tx, account, old.key, newKey, name);
        await moveEntityPolicies(tx, account, 'group', old.key, newKey, name);
      }
    });
    return undefined;
  },
});
