/**
 * The organization tree in the item store, under the management account: one root (its id is
 * OrganizationData.rootId), organizational units, and for every account and OU one parent item
 * and one child entry under its parent, so ListChildren and ListParents are single reads/scans.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_ous.html
 */
import { randomChars } from './ids.js';

export const TREE_KIND = {
  /** key = ou-…: the OU itself. */
  ou: 'org-ou',
  /** key = child id (account id or ou-…): its parent's id. */
  parent: 'org-parent',
  /** key = `${parentId}/${ChildType}/${childId}`: ListChildren is one prefix scan. */
  child: 'org-child',
} as const;

export type ChildType = 'ACCOUNT' | 'ORGANIZATIONAL_UNIT';

export interface OuData {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface ParentData {
  readonly parentId: string;
}

export interface ChildData {
  readonly id: string;
  readonly type: ChildType;
}

export const childKey = (parentId: string, type: ChildType, id: string): string => `${parentId}/${type}/${id}`;

/** arn:aws:organizations::MGMT:root/o-…/r-… */
export const rootArn = (mgmt: string, orgId: string, rootId: string): string => `arn:aws:organizations::${mgmt}:root/${orgId}/${rootId}`;
/** arn:aws:organizations::MGMT:ou/o-…/ou-… */
export const ouArn = (mgmt: string, orgId: string, ouId: string): string => `arn:aws:organizations::${mgmt}:ou/${orgId}/${ouId}`;

/** OU ids: `ou-` + the root id's 4..32 characters + `-` + 8..32 of [a-z0-9] (AWS: ou-abcd-12345678). */
export const newOuId = (rootId: string, random: (n: number) => Uint8Array): string => `ou-${rootId.slice(2)}-${randomChars(8, random)}`;

export const isRootId = (id: string): boolean => /^r-[0-9a-z]{4,32}$/.test(id);
export const isOuId = (id: string): boolean => /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(id);
export const isAccountId = (id: string): boolean => /^\d{12}$/.test(id);
