/**
 * Service-linked role deletion runs after the request, as AWS's does: DeleteServiceLinkedRole
 * stores a NOT_STARTED task (and its pending-index entry) and returns; the runner then completes
 * the task in ONE transaction — the role and its attachments removed and the task SUCCEEDED, or
 * the task FAILED naming the resources still declared as using the role (rolegate:DeclareRoleUsage)
 * — and drops the pending entry in that same transaction.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#delete-service-linked-role
 *
 * A server stopped between the two leaves the task NOT_STARTED with its pending entry: the next
 * start (resumeDeletions) and any GetServiceLinkedRoleDeletionStatus of it run it again. Running
 * it twice is harmless: the transaction reads the task first and only a NOT_STARTED task is
 * completed (on PostgreSQL, two nodes racing: the version check lets one commit).
 */
import { GLOBAL } from '../../core/accounts.js';
import { type Services, slot } from '../../core/services.js';
import type { Item, ReadTx, WriteTx } from '../../store/types.js';
import { KIND, type RoleData } from '../model.js';
import { adjustBoundaryUsage } from '../users/boundary.js';
import { type DeletionTaskData, type PendingDeletionData, type RoleUsageData, type RoleUsageEntry, SLR_KIND, pendingKey, usagePrefix } from './model.js';

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

/** Completes one task: the one transaction described above. Returns the task as it stands. */
export async function runDeletion(services: Services, account: string, taskId: string): Promise<DeletionTaskData | undefined> {
  return services.store.write(async (tx) => {
    const task = await tx.get<DeletionTaskData>(account, SLR_KIND.deletionTask, taskId);
    if (task === undefined || (task.data.status !== 'NOT_STARTED' && task.data.status !== 'IN_PROGRESS')) {
      await tx.delete(GLOBAL, SLR_KIND.pendingDeletion, pendingKey(account, taskId));
      return task?.data;
    }
    const completedAt = services.now().toISOString();
    let done: DeletionTaskData;
    const role = await tx.get<RoleData>(account, KIND.role, task.data.roleName.toLowerCase());
    if (role === undefined || role.data.id !== task.data.roleId) {
      // Already gone (another task of the same role completed first): nothing left to delete.
      done = { ...task.data, status: 'SUCCEEDED', completedAt };
    } else {
      const usage = await roleUsage(tx, account, role.data.id);
      if (usage.length > 0) {
        done = { ...task.data, status: 'FAILED', completedAt, reason: IN_USE_REASON, usage };
      } else {
        const blocked = await removeRole(tx, account, role);
        done = blocked === undefined ? { ...task.data, status: 'SUCCEEDED', completedAt } : { ...task.data, status: 'FAILED', completedAt, reason: blocked };
      }
    }
    await tx.put<DeletionTaskData>({ account, kind: SLR_KIND.deletionTask, key: taskId, data: done }, task.version);
    await tx.delete(GLOBAL, SLR_KIND.pendingDeletion, pendingKey(account, taskId));
    return done;
  });
}

/**
 * Runs tasks after the request that made them, one at a time per server; a task already queued
 * is not queued twice. A failure (the store unavailable, the server closing) leaves the task
 * NOT_STARTED and pending: the next start, or the next status read, runs it again.
 */
export class DeletionRunner {
  readonly #services: Services;
  readonly #queued = new Set<string>();
  #chain: Promise<void> = Promise.resolve();

  constructor(services: Services) {
    this.#services = services;
  }

  schedule(account: string, taskId: string): void {
    const key = pendingKey(account, taskId);
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#chain = this.#chain
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => runDeletion(this.#services, account, taskId))
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.#queued.delete(key));
  }

  /** Resolves when every task scheduled so far has run (tests, shutdown). */
  idle(): Promise<void> {
    return this.#chain;
  }
}

export const DELETIONS = slot('iam/service-linked-deletions', (services) => new DeletionRunner(services));

/** At start: schedules every task a stopped server left pending. */
export async function resumeDeletions(services: Services): Promise<number> {
  const pending = await services.store.read((tx) => tx.list<PendingDeletionData>(GLOBAL, SLR_KIND.pendingDeletion, { limit: 10_000 }));
  const runner = services.get(DELETIONS);
  for (const p of pending) runner.schedule(p.data.account, p.data.taskId);
  return pending.length;
}
