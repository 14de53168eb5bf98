/**
 * iam:DeleteServiceLinkedRole — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceLinkedRole.html
 * Submits the deletion and answers its DeletionTaskId at once; the deletion itself runs after
 * the request (deletion.ts). AWS's id, as recorded (LocalStack test_iam.snapshot.json,
 * test_service_role_deletion): task/aws-service-role/<service>/<role name>/<uuid>.
 */
import { GLOBAL } from '../../core/accounts.js';
import { deniedRole } from '../denied-as.js';
import { action } from '../../core/action.js';
import { InvalidInput } from '../../core/errors.js';
import { roleName } from '../shapes.js';
import { getRole, roleResource } from '../roles/common.js';
import { DELETIONS } from './deletion.js';
import { type DeletionTaskData, type PendingDeletionData, SLR_KIND, pendingKey } from './model.js';

/** A version-4 UUID from 16 random bytes (RFC 9562 §5.4). */
function uuid(b: Uint8Array): string {
  const x = Buffer.from(b);
  x[6] = (x[6]! & 0x0f) | 0x40;
  x[8] = (x[8]! & 0x3f) | 0x80;
  const h = x.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const deleteServiceLinkedRole = action({
  service: 'iam',
  name: 'DeleteServiceLinkedRole',
  params: { RoleName: { ...roleName, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const task = await ctx.store.write(async (tx) => {
      const role = await getRole(tx, account, input.RoleName);
      // Only the stored fact counts: a customer role under any path is DeleteRole's.
      if (role.data.serviceLinked !== true) throw InvalidInput(`Role ${role.data.name} is not a service-linked role: delete it with DeleteRole.`);
      const data: DeletionTaskData = {
        id: `task${role.data.path}${role.data.name}/${uuid(ctx.services.random(16))}`,
        roleName: role.data.name,
        roleId: role.data.id,
        status: 'NOT_STARTED',
        createdAt: ctx.now.toISOString(),
      };
      await tx.put<DeletionTaskData>({ account, kind: SLR_KIND.deletionTask, key: data.id, data }, 0);
      await tx.put<PendingDeletionData>({ account: GLOBAL, kind: SLR_KIND.pendingDeletion, key: pendingKey(account, data.id), data: { account, taskId: data.id } }, 0);
      return data;
    });
    ctx.services.get(DELETIONS).schedule(account, task.id);
    return { DeletionTaskId: task.id };
  },
});
