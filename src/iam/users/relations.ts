/**
 * Moving what hangs off a user or group when it is renamed (UpdateUser, UpdateGroup): inline and
 * attached policies, and the policy-entity back-references ListEntitiesForPolicy reads. The
 * caller runs this inside the rename's one transaction.
 */
import { DeleteConflict } from '../../core/errors.js';
import type { Item, WriteTx } from '../../store/types.js';
import { type AttachmentData, type EntityType, KIND, type PolicyEntityData } from '../model.js';

const ALL = 10_000;

/**
 * Re-keys `item` (delete, then put: the secondary id stays unique) or, when the key is unchanged,
 * rewrites it in place at its version.
 */
export async function rekey<T>(tx: WriteTx, item: Item<T>, key: string, data: T): Promise<void> {
  const id = item.id === undefined ? {} : { id: item.id };
  if (key === item.key) {
    await tx.put<T>({ account: item.account, kind: item.kind, key, ...id, data }, item.version);
    return;
  }
  await tx.delete(item.account, item.kind, item.key, item.version);
  await tx.put<T>({ account: item.account, kind: item.kind, key, ...id, data }, 0);
}

export async function moveEntityPolicies(tx: WriteTx, account: string, type: EntityType, oldKey: string, newKey: string, newName: string): Promise<void> {
  const from = `${type}/${oldKey}/`;
  const to = `${type}/${newKey}/`;
  if (oldKey !== newKey) {
    for (const p of await tx.list(account, KIND.inlinePolicy, { prefix: from, limit: ALL })) {
      await rekey(tx, p, to + p.key.slice(from.length), p.data);
    }
  }
  for (const a of await tx.list<AttachmentData>(account, KIND.attachment, { prefix: from, limit: ALL })) {
    if (oldKey !== newKey) await rekey(tx, a, to + a.key.slice(from.length), a.data);
    const back = await tx.get<PolicyEntityData>(account, KIND.policyEntity, `${a.data.policyArn}/${type}/${oldKey}`);
    if (back !== undefined) await rekey(tx, back, `${a.data.policyArn}/${type}/${newKey}`, { ...back.data, name: newName });
  }
}

/** AWS's DeleteConflict for an entity that still has something hanging off it. */
export const deleteConflict = (what: string): Error => DeleteConflict(`Cannot delete entity, ${what}`);

/** DeleteUser, DeleteGroup: AWS's DeleteConflict while the entity has inline, then attached, policies. */
export async function checkNoPolicies(tx: WriteTx, account: string, type: EntityType, key: string): Promise<void> {
  if (await hasInlinePolicies(tx, account, type, key)) throw deleteConflict('must delete policies first.');
  if (await hasAttachedPolicies(tx, account, type, key)) throw deleteConflict('must detach all policies first.');
}

/** Whether the entity still has inline policies / attached managed policies (DeleteConflict checks). */
export async function hasInlinePolicies(tx: WriteTx, account: string, type: EntityType, key: string): Promise<boolean> {
  return (await tx.count(account, KIND.inlinePolicy, `${type}/${key}/`)) > 0;
}

export async function hasAttachedPolicies(tx: WriteTx, account: string, type: EntityType, key: string): Promise<boolean> {
  return (await tx.count(account, KIND.attachment, `${type}/${key}/`)) > 0;
}
