/** Which organization a caller's account belongs to, and whether it is the management account. */
import { GLOBAL } from '../core/accounts.js';
import type { ReadTx } from '../store/types.js';
import { NotInUse, NotManagementAccount } from './errors.js';
import { type MembershipData, ORGANIZATION_KEY, ORG_KIND, type OrganizationData } from './model.js';

/** The organization an account belongs to, or undefined when it belongs to none. */
export async function findOrganization(tx: ReadTx, account: string): Promise<OrganizationData | undefined> {
  const m = await tx.get<MembershipData>(GLOBAL, ORG_KIND.membership, account);
  if (m === undefined) return undefined;
  const org = await tx.get<OrganizationData>(m.data.managementAccountId, ORG_KIND.organization, ORGANIZATION_KEY);
  return org === undefined || org.data.id !== m.data.organizationId ? undefined : org.data;
}

/** The caller's organization; AWSOrganizationsNotInUseException when it belongs to none. */
export async function organizationOf(tx: ReadTx, account: string): Promise<OrganizationData> {
  const org = await findOrganization(tx, account);
  if (org === undefined) throw NotInUse();
  return org;
}

/**
 * AWS: "This operation can be called only from the organization's management account" — a
 * member account is answered AccessDeniedException (delegated administrators are not modeled).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
export async function managedOrganization(tx: ReadTx, account: string): Promise<OrganizationData> {
  const org = await organizationOf(tx, account);
  if (org.managementAccountId !== account) throw NotManagementAccount();
  return org;
}
