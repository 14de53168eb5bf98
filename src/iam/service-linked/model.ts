/**
 * How service-linked-role deletion tasks and the resources that use a role are kept.
 *
 * A deletion task (DeleteServiceLinkedRole) is an item of its account, keyed by its id
 * `task/aws-service-role/<service>/<role>/<uuid>` (AWS's format), plus an entry in the pending
 * index (account GLOBAL) while it has not run, written in the same transaction: a start finds the
 * tasks a stopped server left behind there (deletion.ts).
 *
 * A role usage (rolegate:DeclareRoleUsage) is an item keyed `${roleId}/${region}/${resourceArn}`:
 * bound to the role's unique id, so a role deleted and made again starts with none.
 */
export const SLR_KIND = {
  deletionTask: 'slr-deletion-task',
  /** GLOBAL, key `${account}/${taskId}`. */
  pendingDeletion: 'slr-deletion-pending',
  roleUsage: 'slr-role-usage',
} as const;

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
