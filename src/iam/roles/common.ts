/**
 * What the role and instance-profile families share about roles: lookup with AWS's NoSuchEntity
 * wording, the ARN a call is authorized against, and the Role shape as each action returns it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html
 */
import { NoSuchEntity, UnmodifiableEntity } from '../../core/errors.js';
import type { Output } from '../../core/action.js';
import type { ActionContext } from '../../core/action.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND, type RoleData, type UsageData, nameKey, roleArn } from '../model.js';
import { type PrincipalLookup, renderTrust } from './trust-render.js';

type View = { readonly [k: string]: Output };

export const noSuchRole = (name: string): Error => NoSuchEntity(`The role with name ${name} cannot be found.`);

export function findRole(tx: ReadTx, account: string, name: string): Promise<Item<RoleData> | undefined> {
  return tx.get<RoleData>(account, KIND.role, nameKey(name));
}

export async function getRole(tx: ReadTx, account: string, name: string): Promise<Item<RoleData>> {
  const item = await findRole(tx, account, name);
  if (item === undefined) throw noSuchRole(name);
  return item;
}

/**
 * For the writes AWS refuses on a service-linked role (src/policy/built-in-rules.ts, protectedRole),
 * inside the write's own transaction: the built-in rule decides on the role as authorization read
 * it, before the transaction, and a role deleted and made again by CreateServiceLinkedRole in
 * between (on this node or another) would otherwise be written to. AWS's message, as
 * src/access/authorize.ts gives it.
 */
export function refuseServiceLinked(role: { readonly name: string; readonly serviceLinked?: true }): void {
  if (role.serviceLinked === true) throw UnmodifiableEntity(`Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`);
}

/** getRole for those writes: a service-linked role is refused (refuseServiceLinked). */
export async function getModifiableRole(tx: ReadTx, account: string, name: string): Promise<Item<RoleData>> {
  const item = await getRole(tx, account, name);
  refuseServiceLinked(item.data);
  return item;
}

/**
 * `arn:aws:iam::ACCOUNT:role/PATH/NAME` (Service Authorization Reference, resource type "role"),
 * read through the read cache; a role that does not exist is shown at path `/`.
 */
export async function roleResource(ctx: ActionContext, name: string): Promise<string> {
  const account = ctx.caller.account;
  const item = await ctx.services.cache.get<RoleData>(account, KIND.role, nameKey(name));
  return item?.data.arn ?? roleArn(account, '/', name);
}

const boundaryView = (r: RoleData): Output =>
  // Real AWS answers PermissionsBoundaryType "Policy" for roles (LocalStack test_iam_roles.snapshot.json,
  // recorded against AWS), although the service model's enum names "PermissionsBoundaryPolicy".
  r.permissionsBoundary === undefined ? undefined : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.permissionsBoundary };

const tagsView = (r: RoleData): Output => (r.tags.length === 0 ? undefined : r.tags.map((t) => ({ Key: t.Key, Value: t.Value })));

/** The members every Role shape starts with; InstanceProfile.Roles carries only these. */
export async function roleBase(lookup: PrincipalLookup, r: RoleData): Promise<View> {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: new Date(r.createdAt),
    AssumeRolePolicyDocument: encodeURIComponent(await renderTrust(lookup, r)),
  };
}

/**
 * CreateRole: as recorded against AWS, without Description and MaxSessionDuration even when set;
 * UpdateRoleDescription: the same with Description.
 */
export async function roleWritten(lookup: PrincipalLookup, r: RoleData, withDescription: boolean): Promise<View> {
  return {
    ...(await roleBase(lookup, r)),
    Description: withDescription ? r.description : undefined,
    PermissionsBoundary: boundaryView(r),
    Tags: tagsView(r),
  };
}

/** ListRoles: "PermissionsBoundary, RoleLastUsed, Tags" are not returned (API_ListRoles.html). */
export async function roleListed(lookup: PrincipalLookup, r: RoleData): Promise<View> {
  return { ...(await roleBase(lookup, r)), Description: r.description, MaxSessionDuration: r.maxSessionDuration };
}

/** GetRole: everything; RoleLastUsed is `{}` until a session of the role makes a call. */
export async function roleFull(lookup: PrincipalLookup, r: RoleData, used: UsageData | undefined): Promise<View> {
  return {
    ...(await roleListed(lookup, r)),
    PermissionsBoundary: boundaryView(r),
    Tags: tagsView(r),
    RoleLastUsed: used === undefined ? {} : { LastUsedDate: new Date(used.date), Region: used.region },
  };
}
