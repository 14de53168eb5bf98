/**
 * The identity store's items (IAM Identity Center's users, groups and group memberships), kept in
 * the instance's account and keyed under the identity store id:
 * - `ids-user` / `ids-group` / `ids-membership`: `<store>/<id>`, the entity;
 * - `ids-user-name` / `ids-group-name`: `<store>/<lower-cased UserName | DisplayName>` → the id —
 *   the uniqueness claim (AWS: UNIQUENESS_CONSTRAINT_VIOLATION; compared ignoring case);
 * - `ids-group-member`: `<store>/<group>/<user>` and `ids-member-group`: `<store>/<user>/<group>` →
 *   the membership id: a group's members and a user's groups are each one key-range scan, and a
 *   pair is a membership at most once.
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/welcome.html
 */
import { authorizeRequest, callerContext } from '../../access/authorize.js';
import type { ActionContext } from '../../core/action.js';
import { EntityAlreadyExists, NoSuchEntity, ValidationError } from '../../core/errors.js';
import type { ReadTx, WriteTx } from '../../store/types.js';
import { pageAfter, pageToken } from '../../core/page-token.js';
import { uuidFrom } from '../../credentials/random.js';
import { type InstanceData, instanceByIdentityStore } from '../model.js';

export const KIND = {
  user: 'ids-user',
  userName: 'ids-user-name',
  group: 'ids-group',
  groupName: 'ids-group-name',
  membership: 'ids-membership',
  groupMember: 'ids-group-member',
  memberGroup: 'ids-member-group',
  /** A user's password (identitycenter/passwords.ts), `<store>/<userId>`: here so that every sweep of a store's kinds takes it. */
  password: 'ids-password',
} as const;

/** Attributes as AWS names them in responses (User / Group shapes), minus the ids and audit members. */
export type Attributes = Readonly<Record<string, unknown>>;

export interface UserData {
  readonly userId: string;
  readonly attributes: Attributes;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface GroupData {
  readonly groupId: string;
  readonly attributes: Attributes;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface MembershipData {
  readonly membershipId: string;
  readonly groupId: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Ref {
  readonly id: string;
}

export const key = (store: string, ...parts: string[]): string => [store, ...parts].join('/');
/** Unique names are claimed lower-cased: AWS refuses a second "JDoe" beside "jdoe". */
export const nameKey = (store: string, name: string): string => key(store, name.toLowerCase());

export const storeArn = (account: string, store: string): string => `arn:aws:identitystore::${account}:identitystore/${store}`;
export const userArn = (id: string): string => `arn:aws:identitystore:::user/${id}`;
export const groupArn = (id: string): string => `arn:aws:identitystore:::group/${id}`;
export const membershipArn = (id: string): string => `arn:aws:identitystore:::membership/${id}`;

export async function userIn(tx: Pick<WriteTx, 'get'>, account: string, store: string, userId: string) {
  const item = await tx.get<UserData>(account, KIND.user, key(store, userId));
  if (item === undefined) throw notFound('USER', userId);
  return item;
}

export async function groupIn(tx: Pick<WriteTx, 'get'>, account: string, store: string, groupId: string) {
  const item = await tx.get<GroupData>(account, KIND.group, key(store, groupId));
  if (item === undefined) throw notFound('GROUP', groupId);
  return item;
}

/** Every action is authorized first on the identity store's ARN (the Service Authorization Reference's Identitystore type). */
export const storeResource = (input: { readonly IdentityStoreId: string }, caller: { readonly account: string }): string => storeArn(caller.account, input.IdentityStoreId);

export type ResourceType = 'GROUP' | 'USER' | 'IDENTITY_STORE' | 'GROUP_MEMBERSHIP';
const TYPE_NAME: Readonly<Record<ResourceType, string>> = { GROUP: 'Group', USER: 'User', IDENTITY_STORE: 'Identity store', GROUP_MEMBERSHIP: 'Group membership' };

/** ResourceNotFoundException with its ResourceType and ResourceId members. */
export const notFound = (type: ResourceType, id?: string) => NoSuchEntity(`${TYPE_NAME[type]} not found.`, id === undefined ? { ResourceType: type } : { ResourceType: type, ResourceId: id });
/** ConflictException for a uniqueness claim already held. */
export const duplicate = (what: string) => EntityAlreadyExists(`Duplicate ${what}`, { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' });
export const invalid = (message: string) => ValidationError(message);

/** The caller's account's instance when `store` is its identity store; else ResourceNotFoundException (another account's store is not found either). */
export async function storeOf(tx: ReadTx, account: string, store: string): Promise<InstanceData> {
  const instance = await instanceByIdentityStore(tx, account, store);
  if (instance === undefined) throw notFound('IDENTITY_STORE', store);
  return instance;
}

/**
 * The further resources an action names (its user, group, membership), each authorized as the
 * pipeline authorizes the identity store: AWS evaluates the call against each resource type the
 * Service Authorization Reference lists for it, and a Deny on any one holds.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentitystore.html
 */
export function authorizeAlso(ctx: ActionContext, actionName: string, arns: readonly string[]): void {
  const context = callerContext(ctx);
  for (const arn of arns) authorizeRequest(ctx, `identitystore:${actionName}`, arn, context, ctx.callerPolicies);
}

export const DEFAULT_PAGE = 100;

/** One page of `kind` under `prefix`: the items and the NextToken when more follow. */
export async function page<T>(tx: ReadTx, account: string, kind: string, prefix: string, input: { readonly MaxResults?: number; readonly NextToken?: string }) {
  const size = input.MaxResults ?? DEFAULT_PAGE;
  const after = pageAfter(input.NextToken, prefix);
  const items = await tx.list<T>(account, kind, { prefix, ...(after === undefined ? {} : { after }), limit: size + 1 });
  const shown = items.slice(0, size);
  return { items: shown, next: items.length > size ? pageToken(shown[shown.length - 1]!.key) : undefined };
}

/** A new resource id: a random (version 4) UUID, the form ResourceId takes. */
export const newId = (ctx: Pick<ActionContext, 'services'>): string => uuidFrom(ctx.services.random);
