/**
 * iam:GetServiceLinkedRoleDeletionStatus — https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLinkedRoleDeletionStatus.html
 * Status NOT_STARTED | IN_PROGRESS | SUCCEEDED | FAILED; a FAILED task carries Reason and
 * RoleUsageList (the resources, per region, that still use the role). Authorized against the
 * role's ARN, which the task id spells: task/aws-service-role/<service>/<role>/<uuid>.
 * A finished task answers for FINISHED_RETENTION_MS after it ended (model.ts; AWS documents no
 * retention), then NoSuchEntity as an unknown id does (the API reference's error for an id that
 * names no task; InvalidInput is for an id not of the task form).
 */
import { action } from '../../core/action.js';
import { InvalidInput, NoSuchEntity } from '../../core/errors.js';
import { roleArn } from '../model.js';
import { type DeletionTaskData, SLR_KIND, expired } from './model.js';
import { DELETIONS } from './runner.js';
import { deletionTaskId } from './shapes.js';

// The service part as AWSServiceName's shape (1–128 of [\w+=,.@-]): an id of other characters is
// no task's, and an id of multi-byte ones would not fit a store key (1024 bytes).
const TASK = /^task(\/aws-service-role\/[\w+=,.@-]{1,128}\/)([\w+=,.@-]{1,64})\/[0-9a-f-]{36}$/;

/** Not recorded: AWS answers InvalidInput for an id that is not a deletion task's; the wording is ours. */
const invalidTask = (id: string): Error => InvalidInput(`Invalid deletion task id: ${id}`);

export const getServiceLinkedRoleDeletionStatus = action({
  service: 'iam',
  name: 'GetServiceLinkedRoleDeletionStatus',
  params: { DeletionTaskId: { ...deletionTaskId, required: true } },
  resource: (input, caller) => {
    const m = TASK.exec(input.DeletionTaskId);
    return m === null ? roleArn(caller.account, '/aws-service-role/', '*') : roleArn(caller.account, m[1]!, m[2]!);
  },
  handler: async (ctx, input) => {
    if (!TASK.test(input.DeletionTaskId)) throw invalidTask(input.DeletionTaskId);
    const account = ctx.caller.account;
    const item = await ctx.store.read((tx) => tx.get<DeletionTaskData>(account, SLR_KIND.deletionTask, input.DeletionTaskId));
    // A finished task past its retention (model.ts) answers as one never made, purged or not yet.
    if (item === undefined || expired(item.data, ctx.now)) throw NoSuchEntity(`Deletion task ${input.DeletionTaskId} cannot be found.`);
    const t = item.data;
    // A task a stopped server left behind runs again when it is asked about (and at start).
    if (t.status === 'NOT_STARTED' || t.status === 'IN_PROGRESS') ctx.services.get(DELETIONS).schedule(account, t.id);
    return {
      Status: t.status,
      Reason:
        t.status === 'FAILED'
          ? {
              Reason: t.reason,
              RoleUsageList: t.usage === undefined || t.usage.length === 0 ? undefined : t.usage.map((u) => ({ Region: u.region, Resources: [...u.resources] })),
            }
          : undefined,
    };
  },
});
