/**
 * Instance profiles: lookup with AWS's NoSuchEntity wording ("Instance Profile X cannot be
 * found."), the ARN calls are authorized against, and the InstanceProfile shape with its roles
 * embedded as AWS embeds them (Path, RoleName, RoleId, Arn, CreateDate, AssumeRolePolicyDocument).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_InstanceProfile.html
 */
import { NoSuchEntity } from '../../core/errors.js';
import type { Output } from '../../core/action.js';
import type { ActionContext } from '../../core/action.js';
import type { Item, ReadTx } from '../../store/types.js';
import { type InstanceProfileData, KIND, type RoleData, instanceProfileArn, nameKey } from '../model.js';
import { roleBase } from '../roles/common.js';

export const noSuchProfile = (name: string): Error => NoSuchEntity(`Instance Profile ${name} cannot be found.`);

export async function getProfile(tx: ReadTx, account: string, name: string): Promise<Item<InstanceProfileData>> {
  const item = await tx.get<InstanceProfileData>(account, KIND.instanceProfile, nameKey(name));
  if (item === undefined) throw noSuchProfile(name);
  return item;
}

/** `arn:aws:iam::ACCOUNT:instance-profile/PATH/NAME` (Service Authorization Reference). */
export async function profileResource(ctx: ActionContext, name: string): Promise<string> {
  const account = ctx.caller.account;
  const item = await ctx.services.cache.get<InstanceProfileData>(account, KIND.instanceProfile, nameKey(name));
  return item?.data.arn ?? instanceProfileArn(account, '/', name);
}

/**
 * `tags`: 'always' for GetInstanceProfile (AWS answers `Tags: []` there), 'present' for
 * CreateInstanceProfile, 'never' for the List actions — as recorded against AWS (LocalStack
 * test_iam_instance_profiles.snapshot.json).
 */
export async function profileView(tx: ReadTx, p: InstanceProfileData, tags: 'always' | 'present' | 'never'): Promise<Output> {
  const roles: Output[] = [];
  for (const key of p.roles) {
    const role = await tx.get<RoleData>(p.arn.split(':')[4]!, KIND.role, key);
    if (role !== undefined) roles.push(await roleBase(tx, role.data));
  }
  const tagList = p.tags.map((t) => ({ Key: t.Key, Value: t.Value }));
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.id,
    Arn: p.arn,
    CreateDate: new Date(p.createdAt),
    Roles: roles,
    Tags: tags === 'always' || (tags === 'present' && tagList.length > 0) ? tagList : undefined,
  };
}
