/**
 * The IAM identities policies attach to — users, groups and roles — as one table, so each
 * policy action is written once per family and a new entity type is one more row.
 */
import { NoSuchEntity } from '../../core/errors.js';
import type { ActionContext } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { type EntityType, KIND, nameKey } from '../model.js';

export interface EntityRow {
  readonly type: EntityType;
  /** The store kind holding the entity itself. */
  readonly kind: string;
  /** The Query parameter naming it (UserName, GroupName, RoleName). */
  readonly param: 'UserName' | 'GroupName' | 'RoleName';
  /** AWS's capitalised noun in action names (AttachUserPolicy …). */
  readonly noun: 'User' | 'Group' | 'Role';
  /** AWS quota names: "Cannot exceed quota for PoliciesPerUser: 10" (reference_iam-quotas.html). */
  readonly attachQuotaName: string;
  readonly attachQuota: number;
}

export const ENTITIES: Readonly<Record<EntityType, EntityRow>> = {
  user: { type: 'user', kind: KIND.user, param: 'UserName', noun: 'User', attachQuotaName: 'PoliciesPerUser', attachQuota: 10 },
  group: { type: 'group', kind: KIND.group, param: 'GroupName', noun: 'Group', attachQuotaName: 'PoliciesPerGroup', attachQuota: 10 },
  role: { type: 'role', kind: KIND.role, param: 'RoleName', noun: 'Role', attachQuotaName: 'PoliciesPerRole', attachQuota: 10 },
};

/** The parts every user, group and role item shares. */
export interface EntityData {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly permissionsBoundary?: string;
}

/**
 * The authorization resource for an entity named in a request: its ARN with its path
 * (arn:aws:iam::ACCOUNT:user/PATH/NAME, Service Authorization Reference), or, for an entity that
 * does not exist, the ARN with path / (the handler then answers NoSuchEntity).
 */
export async function entityResource(ctx: ActionContext, type: EntityType, name: string): Promise<string> {
  const account = ctx.caller.account;
  const item = await ctx.store.read((tx) => tx.get<EntityData>(account, ENTITIES[type].kind, nameKey(name)));
  return item?.data.arn ?? `arn:aws:iam::${account}:${type}/${name}`;
}

/** Prefix of an entity's inline-policy and attachment keys (model.ts). */
export const entityPrefix = (type: EntityType, name: string): string => `${type}/${nameKey(name)}/`;

/** The entity, or NoSuchEntity "The user with name X cannot be found." */
export async function requireEntity(tx: ReadTx, account: string, type: EntityType, name: string): Promise<{ version: number; data: EntityData }> {
  const item = await tx.get<EntityData>(account, ENTITIES[type].kind, nameKey(name));
  if (item === undefined) throw NoSuchEntity(`The ${type} with name ${name} cannot be found.`);
  return item;
}
