/**
 * iam:DeleteServiceLinkedRole — https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServiceLinkedRole.html
 * Submits the deletion and answers its DeletionTaskId at once; the deletion itself runs after
 * the request (deletion.ts). AWS's id, as recorded (LocalStack test_iam.snapshot.json,
 * test_service_role_deletion): task/aws-service-role/<service>/<role name>/<uuid>.
 * AWS: "If you call this operation more than once for the same service-linked role and an earlier
 * deletion task is not complete, then the DeletionTaskId of the earlier request is returned."
 * An account has at most MAX_PENDING_DELETIONS tasks pending (model.ts; our bound, in README).
 */
import { GLOBAL } from '../../core/accounts.js';
import { deniedRole } from '../denied-as.js';
import { action } from '../../core/action.js';
import { InvalidInput, LimitExceeded } from '../../core/errors.js';
import type { ReadTx } from '../../store/types.js';
import { roleName } from '../shapes.js';
import { getRole, roleResource } from '../roles/common.js';
import { purgeFinished } from './deletion.js';
import { type DeletionTaskData, MAX_PENDING_DELETIONS, type PendingDeletionData, SLR_KIND, pendingKey, pendingPrefix } from './model.js';
import { DELETIONS } from './runner.js';

/** A version-4 UUID from 16 random bytes (RFC 9562 §5.4). */
function uuid(b: Uint8Array): string {
  const x = Buffer.from(b);
  x[6] = (x[6]! & 0x0f) | 0x40;
  x[8] = (x[8]! & 0x3f) | 0x80;
  const h = x.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The role's task not yet complete (NOT_STARTED or IN_PROGRESS), if it has one. */
async function unfinishedTask(tx: ReadTx, account: string, role: { readonly path: string; readonly name: string; readonly id: string }): Promise<string | undefined> {
  for (const p of await tx.list<PendingDeletionData>(GLOBAL, SLR_KIND.pendingDeletion, { prefix: pendingPrefix(account, role), limit: 10 })) {
    const task = (await tx.get<DeletionTaskData>(account, SLR_KIND.deletionTask, p.data.taskId))?.data;
    if (task?.roleId === role.id && (task.status === 'NOT_STARTED' || task.status === 'IN_PROGRESS')) return task.id;
  }
  return undefined;
}

export const deleteServiceLinkedRole = action({
  service: 'iam',
  name: 'DeleteServiceLinkedRole',
  params: { RoleName: { ...roleName, required: true } },
  resource: (input, _caller, ctx) => roleResource(ctx, input.RoleName),
  deniedAs: deniedRole,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const taskId = await ctx.store.write(async (tx) => {
      const role = await getRole(tx, account, input.RoleName);
      // Only the stored fact counts: a customer role under any path is DeleteRole's.
      if (role.data.serviceLinked !== true) throw InvalidInput(`Role ${role.data.name} is not a service-linked role: delete it with DeleteRole.`);
      const earlier = await unfinishedTask(tx, account, role.data);
      if (earlier !== undefined) return earlier;
      if ((await tx.count(GLOBAL, SLR_KIND.pendingDeletion, pendingPrefix(account))) >= MAX_PENDING_DELETIONS) {
        throw LimitExceeded(`Cannot exceed quota for PendingServiceLinkedRoleDeletions: ${MAX_PENDING_DELETIONS}`);
      }
      await purgeFinished(tx, account, ctx.now);
      const data: DeletionTaskData = {
        id: `task${role.data.path}${role.data.name}/${uuid(ctx.services.random(16))}`,
        roleName: role.data.name,
        roleId: role.data.id,
        status: 'NOT_STARTED',
        createdAt: ctx.now.toISOString(),
      };
      await tx.put<DeletionTaskData>({ account, kind: SLR_KIND.deletionTask, key: data.id, data }, 0);
      await tx.put<PendingDeletionData>({ account: GLOBAL, kind: SLR_KIND.pendingDeletion, key: pendingKey(account, data.id), data: { account, taskId: data.id } }, 0);
      return data.id;
    });
    // An earlier task too: one a stopped server left is then taken up here (a queued one is not queued twice).
    ctx.services.get(DELETIONS).schedule(account, taskId);
    return { DeletionTaskId: taskId };
  },
});
