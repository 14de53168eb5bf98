/** The response shapes (Organization, Account, CreateAccountStatus) in the model's member order. */
import type { Output } from '../core/action.js';
import type { OrgPolicyData } from './policy-model.js';
import { policyArn } from './policy-model.js';
import { type OuData, ouArn, rootArn } from './tree-model.js';
import { type CreateAccountStatusData, type OrgAccountData, type OrganizationData, accountArn } from './model.js';

export function organizationOutput(o: OrganizationData): Output {
  return {
    Id: o.id,
    Arn: o.arn,
    FeatureSet: o.featureSet,
    MasterAccountArn: accountArn(o.managementAccountId, o.id, o.managementAccountId),
    MasterAccountId: o.managementAccountId,
    MasterAccountEmail: o.managementAccountEmail,
    AvailablePolicyTypes: policyTypesOutput(o),
  };
}

export function accountOutput(o: OrganizationData, a: OrgAccountData): Output {
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

export function createAccountStatusOutput(s: CreateAccountStatusData): Output {
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

/** The policy types enabled on the root, as PolicyTypeSummary values. */
export function policyTypesOutput(o: OrganizationData): Output {
  return (o.policyTypes ?? []).map((t) => ({ Type: t, Status: 'ENABLED' }));
}

export function rootOutput(o: OrganizationData): Output {
  return { Id: o.rootId, Arn: rootArn(o.managementAccountId, o.id, o.rootId), Name: 'Root', PolicyTypes: policyTypesOutput(o) };
}

export function ouOutput(o: OrganizationData, ou: OuData): Output {
  return { Id: ou.id, Arn: ouArn(o.managementAccountId, o.id, ou.id), Name: ou.name };
}

export function policySummaryOutput(o: OrganizationData, p: OrgPolicyData): Output {
  return { Id: p.id, Arn: policyArn(o.managementAccountId, o.id, p), Name: p.name, Description: p.description, Type: p.type, AwsManaged: p.awsManaged };
}

export function policyOutput(o: OrganizationData, p: OrgPolicyData): Output {
  return { PolicySummary: policySummaryOutput(o, p), Content: p.content };
}
