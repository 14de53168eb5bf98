/**
 * What the user, access-key and group families share about users: lookup with AWS's NoSuchEntity
 * wording, the ARN a call is authorized against, and the User shape as each action returns it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html
 */
import type { ActionContext, Caller } from '../../core/action.js';
import { NoSuchEntity, ValidationError } from '../../core/errors.js';
import type { Output } from '../../core/action.js';
import type { Item, ReadTx } from '../../store/types.js';
import { KIND, type UserData, nameKey, userArn } from '../model.js';

export const noSuchUser = (name: string): Error => NoSuchEntity(`The user with name ${name} cannot be found.`);

export async function findUser(tx: ReadTx, account: string, name: string): Promise<Item<UserData> | undefined> {
  return tx.get<UserData>(account, KIND.user, nameKey(name));
}

export async function getUser(tx: ReadTx, account: string, name: string): Promise<Item<UserData>> {
  const item = await findUser(tx, account, name);
  if (item === undefined) throw noSuchUser(name);
  return item;
}

/**
 * The ARN a call on user `name` is authorized against: `arn:aws:iam::ACCOUNT:user/PATH/NAME`
 * (Service Authorization Reference, resource type "user"). The path lives in the store; a user
 * that does not exist is shown at path `/`, as AWS shows it.
 */
export async function userResource(ctx: ActionContext, name: string): Promise<string> {
  const account = ctx.caller.account;
  const item = await ctx.store.read((tx) => findUser(tx, account, name));
  return item?.data.arn ?? userArn(account, '/', name);
}

/**
 * The user an action without UserName applies to: AWS "determines the user name implicitly based
 * on the AWS access key ID used to sign the request". Role and federated sessions have none.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
 */
export function impliedUserName(input: { readonly UserName?: string }, caller: Caller): string {
  if (input.UserName !== undefined) return input.UserName;
  if (caller.type === 'user' && caller.userName !== undefined) return caller.userName;
  throw ValidationError('Must specify userName when calling with non-User credentials');
}

/**
 * The ARN a call on the signing user is authorized against: the user as stored now. A
 * GetSessionToken session carries its user's ARN as it was at issue; once the path has changed
 * that ARN names no user, and the call would go without the user's tags (aws:ResourceTag/…).
 * Other callers keep their own ARN (the handler then answers as AWS does).
 */
export function callerUserResource(caller: Caller, ctx: ActionContext): string | Promise<string> {
  return caller.type === 'user' && caller.userName !== undefined ? userResource(ctx, caller.userName) : caller.arn;
}

/** The ARN a call on the user the input names (else, per impliedUserName, the caller) is authorized against. */
export function impliedUserResource(input: { readonly UserName?: string }, caller: Caller, ctx: ActionContext): Promise<string> {
  return userResource(ctx, impliedUserName(input, caller));
}

type View = { readonly [k: string]: Output };

/** The members every User shape starts with; UserDetail (GetAccountAuthorizationDetails) has only these of ListUsers'. */
export function userBase(u: UserData): View {
  return { Path: u.path, UserName: u.name, UserId: u.id, Arn: u.arn, CreateDate: new Date(u.createdAt) };
}

/** ListUsers, GetGroup: AWS's listing operations return a subset of the attributes (no tags, no boundary). */
export function userSummary(u: UserData): View {
  return { ...userBase(u), PasswordLastUsed: u.passwordLastUsed === undefined ? undefined : new Date(u.passwordLastUsed) };
}

/** The user's PermissionsBoundary member, absent when none is set. */
export const userBoundaryView = (u: UserData): Output =>
  u.permissionsBoundary === undefined ? undefined : { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: u.permissionsBoundary };

/** GetUser, CreateUser: PermissionsBoundary and Tags only when set. */
export function userFull(u: UserData): View {
  return {
    ...userSummary(u),
    PermissionsBoundary: userBoundaryView(u),
    Tags: u.tags.length === 0 ? undefined : u.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}
