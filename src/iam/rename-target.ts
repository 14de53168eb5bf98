/**
 * The target of a rename: UpdateUser, UpdateGroup and UpdateServerCertificate take a new name
 * and/or path, and AWS requires that "the user must have permission on both the source object and
 * the target object" (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html,
 * API_UpdateGroup.html, API_UpdateServerCertificate.html; IAM User Guide, "Renaming an IAM user").
 * The pipeline authorizes the source (the action's `resource`); the handler calls this for the
 * target inside its write transaction, with the current path read there: a path changed by a
 * concurrent rename fails the write (the item's version) instead of being authorized stale.
 * It runs before the target name is looked up, so a caller who may not rename there learns
 * nothing of whether that name is taken.
 */
import { authorizeRequest, callerContext } from '../access/authorize.js';
import type { ActionContext } from '../core/action.js';

/**
 * `target` is the ARN the entity will have (the new path and name, each defaulting to the
 * current one); `shown`, the target as a denial names it (default: the ARN). The target names no
 * stored entity yet, so it carries no aws:ResourceTag/…: the entity's own tags were checked on
 * the source.
 */
export function authorizeRenameTarget(ctx: ActionContext, actionName: string, target: string, shown?: string): void {
  authorizeRequest(ctx, actionName, target, callerContext(ctx), ctx.callerPolicies, undefined, false, shown);
}
