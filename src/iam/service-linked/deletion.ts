/**
 * Service-linked role deletion runs after the request, as AWS's does: DeleteServiceLinkedRole
 * stores a NOT_STARTED task (and its pending-index entry) and returns; the runner (runner.ts)
 * then takes it up — one transaction makes it IN_PROGRESS (claimDeletion) — and completes it in
 * ONE transaction (completeDeletion): the role and its attachments removed and the task
 * SUCCEEDED, or the task FAILED naming the resources still declared as using the role
 * (rolegate:DeclareRoleUsage); the pending entry is dropped, the task entered in the finished
 * index and the account's expired finished tasks purged, all in that same transaction.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#delete-service-linked-role
 *
 * A server stopped in between leaves the task NOT_STARTED or IN_PROGRESS with its pending entry:
 * the next start (resumeDeletions) and any GetServiceLinkedRoleDeletionStatus of it run it again.
 * Running it twice is harmless: each transaction reads the task first and only an unfinished
 * task is completed (on PostgreSQL, two nodes racing: the version check lets one commit).
 */
import { GLOBAL } from '../../core/accounts.js';
import type { Services } from '../../core/services.js';
import type { Item, ReadTx, WriteTx } from '../../store/types.js';
import { KIND, type RoleData } from '../model.js';
import { adjustBoundaryUsage } from '../users/boundary.js';
import { type DeletionTaskData, FINISHED_RETENTION_MS, MAX_FINISHED_DELETIONS, MAX_TASK_RESOURCES, type RoleUsageData, type RoleUsageEntry, SLR_KIND, finishedKey, pendingKey, usagePrefix } from './model.js';

/** Reason of a task failed because resources still use the role. */
export const IN_USE_REASON = 'The service-linked role is in use by one or more resources. Delete or detach them, then delete the role again.';

/** The declared usages of a role, grouped by region in key order (AWS's RoleUsageList). */
export async function roleUsage(tx: ReadTx, account: string, roleId: string): Promise<RoleUsageEntry[]> {
  const rows = await tx.list<RoleUsageData>(account, SLR_KIND.roleUsage, { prefix: usagePrefix(roleId), limit: 10_000 });
  const byRegion = new Map<string, string[]>();
  for (const r of rows) {
    const list = byRegion.get(r.data.region) ?? [];
    list.push(r.data.resourceArn);
    byRegion.set(r.data.region, list);
  }
  return [...byRegion].map(([region, resources]) => ({ region, resources }));
}

/** The first `max` resources of `usage`, region by region (a FAILED task's copy: model.ts). */
function firstResources(usage: readonly RoleUsageEntry[], max: number): RoleUsageEntry[] {
  const kept: RoleUsageEntry[] = [];
  let room = max;
  for (const u of usage) {
    if (room === 0) break;
    kept.push(u.resources.length <= room ? u : { region: u.region, resources: u.resources.slice(0, room) });
    room -= Math.min(room, u.resources.length);
  }
  return kept;
}

async function removeRole(tx: WriteTx, account: string, role: Item<RoleData>): Promise<string | undefined> {
  const key = role.key;
  if ((await tx.count(account, KIND.roleInstanceProfile, `${key}/`)) > 0) return 'The role is in an instance profile: remove it from the instance profile first.';
  for (const a of await tx.list<{ policyArn: string }>(account, KIND.attachment, { prefix: `role/${key}/`, limit: 10_000 })) {
    await tx.delete(account, KIND.attachment, a.key);
    await tx.delete(account, KIND.policyEntity, `${a.data.policyArn}/role/${key}`);
  }
  for (const p of await tx.list(account, KIND.inlinePolicy, { prefix: `role/${key}/`, limit: 10_000 })) await tx.delete(account, KIND.inlinePolicy, p.key);
  if (role.data.permissionsBoundary !== undefined) await adjustBoundaryUsage(tx, account, role.data.permissionsBoundary, -1);
  await tx.delete(account, KIND.role, key, role.version);
  return undefined;
}

const unfinished = (t: DeletionTaskData | undefined): t is DeletionTaskData => t !== undefined && (t.status === 'NOT_STARTED' || t.status === 'IN_PROGRESS');

/**
 * Takes a task up: NOT_STARTED becomes IN_PROGRESS (an IN_PROGRESS one, left by a stopped
 * server, stays so). Answers whether it is still to be completed; a finished or vanished task
 * only loses its pending entry.
 */
export async function claimDeletion(services: Services, account: string, taskId: string): Promise<boolean> {
  return services.store.write(async (tx) => {
    const task = await tx.get<DeletionTaskData>(account, SLR_KIND.deletionTask, taskId);
    if (!unfinished(task?.data)) {
      await tx.delete(GLOBAL, SLR_KIND.pendingDeletion, pendingKey(account, taskId));
      return false;
    }
    if (task.data.status === 'NOT_STARTED') {
      const started: DeletionTaskData = { ...task.data, status: 'IN_PROGRESS', startedAt: services.now().toISOString() };
      await tx.put<DeletionTaskData>({ account, kind: SLR_KIND.deletionTask, key: taskId, data: started }, task.version);
    }
    return true;
  });
}

/** The outcome of a task whose role is `role` (undefined: already gone). */
async function outcome(tx: WriteTx, account: string, task: DeletionTaskData, role: Item<RoleData> | undefined, completedAt: string): Promise<DeletionTaskData> {
  // Already gone (another task of the same role completed first): nothing left to delete.
  if (role === undefined || role.data.id !== task.roleId) return { ...task, status: 'SUCCEEDED', completedAt };
  const usage = await roleUsage(tx, account, role.data.id);
  if (usage.length > 0) return { ...task, status: 'FAILED', completedAt, reason: IN_USE_REASON, usage: firstResources(usage, MAX_TASK_RESOURCES) };
  const blocked = await removeRole(tx, account, role);
  return blocked === undefined ? { ...task, status: 'SUCCEEDED', completedAt } : { ...task, status: 'FAILED', completedAt, reason: blocked };
}

/** Completes one task: the one transaction described above. Returns the task as it stands. */
export async function completeDeletion(services: Services, account: string, taskId: string): Promise<DeletionTaskData | undefined> {
  return services.store.write(async (tx) => {
    const task = await tx.get<DeletionTaskData>(account, SLR_KIND.deletionTask, taskId);
    if (!unfinished(task?.data)) {
      await tx.delete(GLOBAL, SLR_KIND.pendingDeletion, pendingKey(account, taskId));
      return task?.data;
    }
    const now = services.now();
    const role = await tx.get<RoleData>(account, KIND.role, task.data.roleName.toLowerCase());
    const done = await outcome(tx, account, task.data, role, now.toISOString());
    await tx.put<DeletionTaskData>({ account, kind: SLR_KIND.deletionTask, key: taskId, data: done }, task.version);
    await tx.delete(GLOBAL, SLR_KIND.pendingDeletion, pendingKey(account, taskId));
    await purgeFinished(tx, account, now);
    await tx.put({ account, kind: SLR_KIND.finished, key: finishedKey(done.completedAt!, taskId), data: {} }, 0);
    return done;
  });
}

/** At most this many finished tasks are purged per transaction (each completion adds one). */
const PURGE_BATCH = 20;

/**
 * Purges an account's finished tasks that are past their retention, and the oldest beyond the
 * per-account bound (model.ts), oldest first, at most PURGE_BATCH of them: runs in the
 * transactions that complete a task or submit one. A task past retention that is not purged yet
 * (its account deletes nothing more) already reads as unknown (deletion-status.ts).
 */
export async function purgeFinished(tx: WriteTx, account: string, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - FINISHED_RETENTION_MS).toISOString();
  let excess = (await tx.count(account, SLR_KIND.finished)) + 1 - MAX_FINISHED_DELETIONS;
  for (const f of await tx.list(account, SLR_KIND.finished, { limit: PURGE_BATCH })) {
    const slash = f.key.indexOf('/');
    // The key starts with completedAt (ISO 8601, which sorts as time does).
    if (f.key.slice(0, slash) > cutoff && excess <= 0) break;
    await tx.delete(account, SLR_KIND.deletionTask, f.key.slice(slash + 1));
    await tx.delete(account, SLR_KIND.finished, f.key);
    excess--;
  }
}
