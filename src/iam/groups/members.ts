/**
 * Group membership is kept twice, so each list AWS pages through is one key-range scan
 * (model.ts): `group-member` items keyed `${groupKey}/${userKey}` (GetGroup) and `user-group`
 * items keyed `${userKey}/${groupKey}` (ListGroupsForUser, and the caller's group policies).
 */
import type { WriteTx } from '../../store/types.js';
import { KIND } from '../model.js';
import { rekey } from '../users/relations.js';

export interface GroupMemberData {
  readonly userName: string;
}

export interface UserGroupData {
  readonly groupName: string;
}

const ALL = 10_000;

export function memberKeys(groupKey: string, userKey: string): { readonly member: string; readonly userGroup: string } {
  return { member: `${groupKey}/${userKey}`, userGroup: `${userKey}/${groupKey}` };
}

/** UpdateUser: the user's memberships follow its new name. */
export async function renameMemberUser(tx: WriteTx, account: string, oldKey: string, newKey: string, newName: string): Promise<void> {
  for (const ug of await tx.list<UserGroupData>(account, KIND.userGroup, { prefix: `${oldKey}/`, limit: ALL })) {
    const groupKey = ug.key.slice(oldKey.length + 1);
    await rekey(tx, ug, memberKeys(groupKey, newKey).userGroup, ug.data);
    const m = await tx.get<GroupMemberData>(account, KIND.groupMember, memberKeys(groupKey, oldKey).member);
    if (m !== undefined) await rekey(tx, m, memberKeys(groupKey, newKey).member, { userName: newName });
  }
}

/** UpdateGroup: the group's memberships follow its new name. */
export async function renameMemberGroup(tx: WriteTx, account: string, oldKey: string, newKey: string, newName: string): Promise<void> {
  for (const m of await tx.list<GroupMemberData>(account, KIND.groupMember, { prefix: `${oldKey}/`, limit: ALL })) {
    const userKey = m.key.slice(oldKey.length + 1);
    await rekey(tx, m, memberKeys(newKey, userKey).member, m.data);
    const ug = await tx.get<UserGroupData>(account, KIND.userGroup, memberKeys(oldKey, userKey).userGroup);
    if (ug !== undefined) await rekey(tx, ug, memberKeys(newKey, userKey).userGroup, { groupName: newName });
  }
}
