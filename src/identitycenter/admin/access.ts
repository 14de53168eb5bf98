/**
 * What every sso-admin call on an instance or a permission set does first: find them in the
 * caller's account (ResourceNotFoundException otherwise) and authorize the instance as well as
 * the action's own resource, since the Service Authorization Reference lists both resource types
 * (Instance and PermissionSet) as required for the permission-set actions.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiamidentitycentersuccessortoawssinglesign-on.html
 */
import { authorizeRequest, callerContext } from '../../access/authorize.js';
import type { ActionContext } from '../../core/action.js';
import { NoSuchEntity } from '../../core/errors.js';
import { resourceTagsOf } from '../../iam/resource-tags.js';
import type { Item, ReadTx } from '../../store/types.js';
import { type InstanceData, instanceOf } from '../model.js';
import { type PermissionSetData, permissionSetOf } from './model.js';

export const instanceNotFound = (arn: string) => NoSuchEntity(`Instance ${arn} does not exist.`);
export const permissionSetNotFound = (arn: string) => NoSuchEntity(`PermissionSet ${arn} does not exist.`);

/** The caller's instance when `arn` names it, else ResourceNotFoundException. */
export async function requireInstance(tx: ReadTx, ctx: ActionContext, arn: string): Promise<InstanceData> {
  const instance = await instanceOf(tx, ctx.caller.account);
  if (instance?.instanceArn !== arn) throw instanceNotFound(arn);
  return instance;
}

/** The permission set `setArn` names in the caller's instance `instanceArn`, else ResourceNotFoundException. */
export async function requirePermissionSet(tx: ReadTx, ctx: ActionContext, instanceArn: string, setArn: string): Promise<{ instance: InstanceData; set: Item<PermissionSetData> }> {
  const instance = await requireInstance(tx, ctx, instanceArn);
  const set = await permissionSetOf(tx, ctx.caller.account, setArn);
  if (set === undefined || set.data.instanceId !== instance.instanceId) throw permissionSetNotFound(setArn);
  return { instance, set };
}

/**
 * `sso:<action>` on a further resource of the call (the instance of a permission-set call, the new
 * permission set of CreatePermissionSet), with its tags and `extra` context (request tags): a Deny
 * on either holds. Called before anything is looked up, so a denial says nothing of existence.
 */
export async function authorizeAlso(ctx: ActionContext, actionName: string, arn: string, extra: Readonly<Record<string, string | readonly string[]>> = {}): Promise<void> {
  const tags = await resourceTagsOf('sso', actionName, arn, ctx);
  authorizeRequest(ctx, `sso:${actionName}`, arn, { ...callerContext(ctx), ...extra }, ctx.callerPolicies, tags);
}
