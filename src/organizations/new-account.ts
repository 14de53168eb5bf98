/**
 * Creating a member account: a fresh 12-digit id, the account itself (a KIND.account item under
 * '*', as bootstrap records its account), its email, its membership, its place in the
 * organization's account list, and the access role the management account assumes.
 */
import { newAccountId } from '../credentials/ids.js';
import { type AccountData, KIND } from '../iam/model.js';
import type { Tag } from '../iam/shapes.js';
import { GLOBAL } from '../core/accounts.js';
import type { WriteTx } from '../store/types.js';
import { attachDefaults } from './attachments.js';
import { createAccessRole } from './member-role.js';
import { placeChild } from './tree.js';
import { type EmailData, type MembershipData, ORG_KIND, type OrgAccountData, type OrganizationData, emailKey } from './model.js';

export interface NewAccount {
  readonly name: string;
  readonly email: string;
  readonly roleName: string;
  readonly iamUserAccessToBilling?: 'ALLOW' | 'DENY';
  readonly tags: readonly Tag[];
}

const MAX_ID_ATTEMPTS = 16;

async function freshAccountId(tx: WriteTx, random: (n: number) => Uint8Array): Promise<string> {
  for (let i = 0; i < MAX_ID_ATTEMPTS; i++) {
    const id = newAccountId(random);
    if ((await tx.get(GLOBAL, KIND.account, id)) === undefined) return id;
  }
  throw new Error('could not allocate an unused account id');
}

/** Writes the account and returns its id. The caller has checked that the email is free. */
export async function provisionAccount(tx: WriteTx, org: OrganizationData, a: NewAccount, createdAt: string, random: (n: number) => Uint8Array): Promise<string> {
  const id = await freshAccountId(tx, random);
  await tx.put<AccountData>({ account: GLOBAL, kind: KIND.account, key: id, id, data: { id, name: a.name, email: a.email, createdAt } }, 0);
  await tx.put<EmailData>({ account: GLOBAL, kind: ORG_KIND.email, key: emailKey(a.email), data: { accountId: id } }, 0);
  await tx.put<MembershipData>({ account: GLOBAL, kind: ORG_KIND.membership, key: id, data: { organizationId: org.id, managementAccountId: org.managementAccountId } }, 0);
  const member: OrgAccountData = {
    id,
    name: a.name,
    email: a.email,
    status: 'ACTIVE',
    joinedMethod: 'CREATED',
    joinedAt: createdAt,
    ...(a.iamUserAccessToBilling === undefined ? {} : { iamUserAccessToBilling: a.iamUserAccessToBilling }),
    tags: a.tags,
  };
  await tx.put<OrgAccountData>({ account: org.managementAccountId, kind: ORG_KIND.account, key: id, data: member }, 0);
  // AWS: a created account starts under the root, with the default policy of each enabled type.
  await placeChild(tx, org, org.rootId, 'ACCOUNT', id);
  await attachDefaults(tx, org, id, 'ACCOUNT');
  await createAccessRole(tx, id, org.managementAccountId, a.roleName, createdAt, random);
  return id;
}
