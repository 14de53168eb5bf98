/**
 * iam:CreateGroup — https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
 * Names are unique ignoring case. Quota: 300 groups per account (reference_iam-quotas.html).
 */
import { newUniqueId } from '../../credentials/ids.js';
import { LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import { ConflictError } from '../../store/types.js';
import { type GroupData, KIND, groupArn, iso, nameKey } from '../model.js';
import { groupName, path } from '../shapes.js';
import { groupExists, groupShape } from './common.js';

export const GROUPS_PER_ACCOUNT = 300;

export const createGroup = action({
  service: 'iam',
  name: 'CreateGroup',
  params: { Path: path, GroupName: { ...groupName, required: true } },
  resource: (input, caller) => groupArn(caller.account, input.Path ?? '/', input.GroupName),
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const p = input.Path ?? '/';
    const group: GroupData = {
      name: input.GroupName,
      path: p,
      id: newUniqueId('AGPA', ctx.services.random),
      arn: groupArn(account, p, input.GroupName),
      createdAt: iso(ctx.now),
    };
    await ctx.store.write(async (tx) => {
      if (await tx.get(account, KIND.group, nameKey(group.name))) throw groupExists(group.name);
      if ((await tx.count(account, KIND.group)) >= GROUPS_PER_ACCOUNT) {
        throw LimitExceeded(`Cannot exceed quota for GroupsPerAccount: ${GROUPS_PER_ACCOUNT}`);
      }
      try {
        await tx.put<GroupData>({ account, kind: KIND.group, key: nameKey(group.name), id: group.id, data: group }, 0);
      } catch (e) {
        if (e instanceof ConflictError) throw groupExists(group.name);
        throw e;
      }
    });
    return { Group: groupShape(group) };
  },
});
