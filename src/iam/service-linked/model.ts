/**
 * How service-linked-role deletion tasks and the resources that use a role are kept.
 *
 * A deletion task (DeleteServiceLinkedRole) is an item of its account, keyed by its id
 * `task/aws-service-role/<service>/<role>/<uuid>` (AWS's format), plus an entry in the pending
 * index (account GLOBAL) while it has not run, written in the same transaction: a start finds the
 * tasks a stopped server left behind there (deletion.ts).
 *
 * A finished task (SUCCEEDED or FAILED) is also listed in its account under
 * `${completedAt}/${taskId}` (kind `finished`), oldest first: that index is how finished tasks
 * are purged (deletion.ts, purgeFinished).
 *
 * A role usage (rolegate:DeclareRoleUsage) is an item keyed `${roleId}/${region}/${resourceArn}`:
 * bound to the role's unique id, so a role deleted and made again starts with none.
 */
export const SLR_KIND = {
  deletionTask: 'slr-deletion-task',
  /** GLOBAL, key `${account}/${taskId}`. */
  pendingDeletion: 'slr-deletion-pending',
  roleUsage: 'slr-role-usage',
  /** Per account, key `${completedAt}/${taskId}`. */
  finished: 'slr-deletion-finished',
} as const;

/**
 * Bounds of our own: AWS documents none (API_DeleteServiceLinkedRole.html,
 * API_GetServiceLinkedRoleDeletionStatus.html), and README states them. At most this many tasks
 * of an account are pending (NOT_STARTED or IN_PROGRESS) at once...
 */
export const MAX_PENDING_DELETIONS = 100;
/** ...a finished task answers GetServiceLinkedRoleDeletionStatus for this long after it ended... */
export const FINISHED_RETENTION_MS = 24 * 60 * 60 * 1000;
/** ...and an account keeps at most this many finished tasks, the oldest purged first. */
export const MAX_FINISHED_DELETIONS = 1000;
/**
 * ...and a FAILED task keeps at most this many of the resources that used the role (its
 * RoleUsageList, in key order; rolegate:ListRoleUsage lists them all): with up to 1000 resources
 * of 900-byte ARNs per role (src/rolegate/shapes.ts), an uncapped copy in each of an account's
 * 1000 finished tasks would approach a gigabyte.
 */
export const MAX_TASK_RESOURCES = 100;

export type DeletionStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface RoleUsageEntry {
  readonly region: string;
  readonly resources: readonly string[];
}

export interface DeletionTaskData {
  readonly id: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly status: DeletionStatus;
  readonly createdAt: string;
  /** When the runner took it up (IN_PROGRESS). */
  readonly startedAt?: string;
  readonly completedAt?: string;
  /** FAILED: why, and the resources still using the role. */
  readonly reason?: string;
  readonly usage?: readonly RoleUsageEntry[];
}

export interface PendingDeletionData {
  readonly account: string;
  readonly taskId: string;
}

export interface RoleUsageData {
  readonly roleName: string;
  readonly region: string;
  readonly resourceArn: string;
  readonly declaredAt: string;
  /** Who declared it (the caller's ARN), for the record. */
  readonly declaredBy: string;
}

export const usagePrefix = (roleId: string): string => `${roleId}/`;
export const usageKey = (roleId: string, region: string, resourceArn: string): string => `${roleId}/${region}/${resourceArn}`;
export const pendingKey = (account: string, taskId: string): string => `${account}/${taskId}`;
/** The pending-index prefix of an account's tasks (of one role, given its path and name). */
export const pendingPrefix = (account: string, role?: { readonly path: string; readonly name: string }): string => (role === undefined ? `${account}/` : `${account}/task${role.path}${role.name}/`);
export const finishedKey = (completedAt: string, taskId: string): string => `${completedAt}/${taskId}`;

/** Whether a finished task is past its retention at `now` (it then reads as unknown). */
export const expired = (task: DeletionTaskData, now: Date): boolean => task.completedAt !== undefined && Date.parse(task.completedAt) + FINISHED_RETENTION_MS <= now.getTime();
