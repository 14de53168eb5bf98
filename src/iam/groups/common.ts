/**
 * What the group actions share: lookup with AWS's NoSuchEntity wording, the ARN a call is
 * authorized against, and the Group shape. https://docs.aws.amazon.com/IAM/latest/APIReference/API_Group.html
 */
import { EntityAlreadyExists, NoSuchEntity } from '../../core/errors.js';
import type { ActionContext } from '../../core/action.js';
import type { Item, ReadTx } from '../../store/types.js';
import { type GroupData, KIND, groupArn, nameKey } from '../model.js';

export const noSuchGroup = (name: string): Error => NoSuchEntity(`The group with name ${name} cannot be found.`);
export const groupExists = (name: string): Error => EntityAlreadyExists(`Group with name ${name} already exists.`);

export async function getGroup(tx: ReadTx, account: string, name: string): Promise<Item<GroupData>> {
  const item = await tx.get<GroupData>(account, KIND.group, nameKey(name));
  if (item === undefined) throw noSuchGroup(name);
  return item;
}

/** `arn:aws:iam::ACCOUNT:group/PATH/NAME` (Service Authorization Reference, resource type "group"). */
export async function groupResource(ctx: ActionContext, name: string): Promise<string> {
  const account = ctx.caller.account;
  const item = await ctx.store.read((tx) => tx.get<GroupData>(account, KIND.group, nameKey(name)));
  return item?.data.arn ?? groupArn(account, '/', name);
}

export function groupShape(g: GroupData): { Path: string; GroupName: string; GroupId: string; Arn: string; CreateDate: Date } {
  return { Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: new Date(g.createdAt) };
}
