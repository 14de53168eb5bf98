/** The response shapes (Organization, Account, CreateAccountStatus) in the model's member order. */
import type { XmlValue } from '../protocol/xml.js';
import { type CreateAccountStatusData, type OrgAccountData, type OrganizationData, accountArn } from './model.js';

export function organizationOutput(o: OrganizationData): XmlValue {
  return {
    Id: o.id,
    Arn: o.arn,
    FeatureSet: o.featureSet,
    MasterAccountArn: accountArn(o.managementAccountId, o.id, o.managementAccountId),
    MasterAccountId: o.managementAccountId,
    MasterAccountEmail: o.managementAccountEmail,
    // Rolegate enables no organization policy types (SCPs, tag policies, …) yet.
    AvailablePolicyTypes: [],
  };
}

export function accountOutput(o: OrganizationData, a: OrgAccountData): XmlValue {
  return {
    Id: a.id,
    Arn: accountArn(o.managementAccountId, o.id, a.id),
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.status,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: new Date(a.joinedAt),
  };
}

export function createAccountStatusOutput(s: CreateAccountStatusData): XmlValue {
  return {
    Id: s.id,
    AccountName: s.accountName,
    State: s.state,
    RequestedTimestamp: new Date(s.requestedAt),
    CompletedTimestamp: s.completedAt === undefined ? undefined : new Date(s.completedAt),
    AccountId: s.accountId,
    FailureReason: s.failureReason,
  };
}
