/**
 * How Organizations state is kept in the item store. An organization and the lists its
 * management account pages through live under the management account; what any account must
 * find about itself (its organization, whether an email is taken) lives under the global
 * account '*', next to the KIND.account items bootstrap writes.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
 */
import type { Tag } from '../iam/shapes.js';
import type { PolicyTypeName } from './policy-model.js';

export const ORG_KIND = {
  /** Under the management account, key `organization`, id = o-… */
  organization: 'organization',
  /** Under '*', key = account id: the organization an account belongs to. */
  membership: 'org-membership',
  /** Under the management account, key = account id: ListAccounts is one key-range scan. */
  account: 'org-account',
  /** Under the management account, key = car-… */
  createAccountStatus: 'create-account-status',
  /** Under '*', key = lower-cased email: AWS account emails are unique. */
  email: 'account-email',
} as const;

export const ORGANIZATION_KEY = 'organization';

export type FeatureSet = 'ALL' | 'CONSOLIDATED_BILLING';

export interface OrganizationData {
  readonly id: string;
  readonly arn: string;
  readonly featureSet: FeatureSet;
  readonly managementAccountId: string;
  readonly managementAccountEmail: string;
  readonly rootId: string;
  readonly createdAt: string;
  /** The policy types enabled on the root (EnablePolicyType); absent: none. */
  readonly policyTypes?: readonly PolicyTypeName[];
}

export interface MembershipData {
  readonly organizationId: string;
  readonly managementAccountId: string;
}

export interface OrgAccountData {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  readonly joinedMethod: 'INVITED' | 'CREATED';
  readonly joinedAt: string;
  readonly iamUserAccessToBilling?: 'ALLOW' | 'DENY';
  readonly tags: readonly Tag[];
}

export interface CreateAccountStatusData {
  readonly id: string;
  readonly accountName: string;
  readonly state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  readonly requestedAt: string;
  readonly completedAt?: string;
  readonly accountId?: string;
  readonly failureReason?: string;
}

export interface EmailData {
  readonly accountId: string;
}

export const emailKey = (email: string): string => email.toLowerCase();

/** arn:aws:organizations::MGMT:organization/o-… */
export const organizationArn = (mgmt: string, orgId: string): string => `arn:aws:organizations::${mgmt}:organization/${orgId}`;
/** arn:aws:organizations::MGMT:account/o-…/ACCOUNT (the management account's id names every ARN). */
export const accountArn = (mgmt: string, orgId: string, account: string): string => `arn:aws:organizations::${mgmt}:account/${orgId}/${account}`;
