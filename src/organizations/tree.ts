/** Reading and placing the members of the organization tree (root, OUs, accounts). */
import type { ReadTx, WriteTx } from '../store/types.js';
import { ORG_KIND, type OrganizationData } from './model.js';
import type { TargetType } from './policy-model.js';
import { type ChildData, type ChildType, type ParentData, TREE_KIND, childKey, isAccountId, isOuId } from './tree-model.js';

/** AWS: "You can nest OUs up to five levels deep" (orgs_reference_limits.html). */
export const MAX_OU_DEPTH = 5;

/** What a root, OU or account id names, or undefined when the organization has no such member. */
export async function targetTypeOf(tx: ReadTx, org: OrganizationData, id: string): Promise<TargetType | undefined> {
  if (id === org.rootId) return 'ROOT';
  if (isOuId(id)) return (await tx.get(org.managementAccountId, TREE_KIND.ou, id)) === undefined ? undefined : 'ORGANIZATIONAL_UNIT';
  if (isAccountId(id)) return (await tx.get(org.managementAccountId, ORG_KIND.account, id)) === undefined ? undefined : 'ACCOUNT';
  return undefined;
}

/** Whether `id` is the root or an OU of the organization (a container accounts and OUs live in). */
export async function isContainer(tx: ReadTx, org: OrganizationData, id: string): Promise<boolean> {
  const t = await targetTypeOf(tx, org, id);
  return t === 'ROOT' || t === 'ORGANIZATIONAL_UNIT';
}

/** The parent of an account or OU (accounts written before OUs existed sit under the root). */
export async function parentOf(tx: ReadTx, org: OrganizationData, childId: string): Promise<string> {
  const p = await tx.get<ParentData>(org.managementAccountId, TREE_KIND.parent, childId);
  return p?.data.parentId ?? org.rootId;
}

/** The containers from the root down to `id`'s parent, root first. */
export async function ancestorsOf(tx: ReadTx, org: OrganizationData, id: string): Promise<string[]> {
  const out: string[] = [];
  let at = id;
  // The depth cap bounds the walk even over inconsistent data.
  for (let i = 0; i <= MAX_OU_DEPTH && at !== org.rootId; i++) {
    at = await parentOf(tx, org, at);
    out.unshift(at);
  }
  return out;
}

export async function placeChild(tx: WriteTx, org: OrganizationData, parentId: string, type: ChildType, id: string): Promise<void> {
  const mgmt = org.managementAccountId;
  await tx.put<ParentData>({ account: mgmt, kind: TREE_KIND.parent, key: id, data: { parentId } });
  await tx.put<ChildData>({ account: mgmt, kind: TREE_KIND.child, key: childKey(parentId, type, id), data: { id, type } });
}

export async function unplaceChild(tx: WriteTx, org: OrganizationData, parentId: string, type: ChildType, id: string): Promise<void> {
  const mgmt = org.managementAccountId;
  await tx.delete(mgmt, TREE_KIND.parent, id);
  await tx.delete(mgmt, TREE_KIND.child, childKey(parentId, type, id));
}

export async function childrenOf(tx: ReadTx, org: OrganizationData, parentId: string, type: ChildType): Promise<ChildData[]> {
  const items = await tx.list<ChildData>(org.managementAccountId, TREE_KIND.child, { prefix: `${parentId}/${type}/`, limit: 10_000 });
  return items.map((i) => i.data);
}
