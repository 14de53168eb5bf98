/**
 * What the access-key actions share: AWS's NoSuchEntity wording, the key's public shape, and the
 * rule that without UserName an action applies to the signing user.
 */
import { NoSuchEntity } from '../../core/errors.js';
import type { ActionContext, Caller } from '../../core/action.js';
import type { Item, ReadTx } from '../../store/types.js';
import { type AccessKeyData, KIND } from '../model.js';
import { callerUserResource, getUser, userResource } from '../users/common.js';

export const noSuchKey = (id: string): Error => NoSuchEntity(`The Access Key with id ${id} cannot be found.`);

/** The user ARN a key action is authorized against: the named user's, else the caller's own. */
export function keyUserResource(input: { readonly UserName?: string }, caller: Caller, ctx: ActionContext): string | Promise<string> {
  return input.UserName === undefined ? callerUserResource(caller, ctx) : userResource(ctx, input.UserName);
}

/** The key `id` when it belongs to `userName` in `account`; otherwise AWS's NoSuchEntity (for the user first). */
export async function getUserKey(tx: ReadTx, account: string, userName: string, id: string): Promise<Item<AccessKeyData>> {
  const user = await getUser(tx, account, userName);
  const item = await tx.get<AccessKeyData>(account, KIND.accessKey, `${user.key}/${id}`);
  if (item === undefined) throw noSuchKey(id);
  return item;
}

/** AccessKeyMetadata (ListAccessKeys): https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyMetadata.html */
export function keyMetadata(k: AccessKeyData): { UserName: string; AccessKeyId: string; Status: string; CreateDate: Date } {
  return { UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: new Date(k.createdAt) };
}
