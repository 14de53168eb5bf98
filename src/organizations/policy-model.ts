/**
 * Organizations policies (SCPs, RCPs) in the item store, under the management account, and the
 * two AWS managed policies every organization has without storing them.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 */
import { randomChars } from './ids.js';

export const POLICY_KIND = {
  /** key = p-…: a customer-managed policy. */
  policy: 'org-policy',
  /** key = `${targetId}/${policyId}`: ListPoliciesForTarget and enforcement are one prefix scan. */
  attachment: 'org-attachment',
  /** key = `${policyId}/${targetId}`: ListTargetsForPolicy, and PolicyInUse, are one prefix scan. */
  target: 'org-policy-target',
} as const;

export type PolicyTypeName = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';
export const POLICY_TYPES: readonly PolicyTypeName[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
export type TargetType = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export interface OrgPolicyData {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly type: PolicyTypeName;
  readonly content: string;
  readonly awsManaged: boolean;
}

export interface AttachmentData {
  readonly policyId: string;
  readonly policyType: PolicyTypeName;
  readonly targetId: string;
  readonly targetType: TargetType;
}

export const attachmentKey = (targetId: string, policyId: string): string => `${targetId}/${policyId}`;
export const targetKey = (policyId: string, targetId: string): string => `${policyId}/${targetId}`;

const FULL_ACCESS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

/** AWS: FullAWSAccess is attached everywhere when SCPs are enabled (orgs_manage_policies_scps.html). */
export const FULL_AWS_ACCESS: OrgPolicyData = Object.freeze({
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  description: 'Allows access to every operation',
  type: 'SERVICE_CONTROL_POLICY',
  content: FULL_ACCESS,
  awsManaged: true,
});

/** AWS: RCPFullAWSAccess is attached everywhere when RCPs are enabled and cannot be detached. */
export const RCP_FULL_AWS_ACCESS: OrgPolicyData = Object.freeze({
  id: 'p-RCPFullAWSAccess',
  name: 'RCPFullAWSAccess',
  description: 'Allows access to every operation',
  type: 'RESOURCE_CONTROL_POLICY',
  content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }),
  awsManaged: true,
});

export const AWS_MANAGED: readonly OrgPolicyData[] = [FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS];
export const defaultPolicyOf = (type: PolicyTypeName): OrgPolicyData => (type === 'SERVICE_CONTROL_POLICY' ? FULL_AWS_ACCESS : RCP_FULL_AWS_ACCESS);

/** Policy ids: `p-` + 8..128 of [0-9a-zA-Z_] (AWS's own are 8 lower-case characters). */
export const newPolicyId = (random: (n: number) => Uint8Array): string => `p-${randomChars(8, random)}`;

const TYPE_PATH: Record<PolicyTypeName, string> = { SERVICE_CONTROL_POLICY: 'service_control_policy', RESOURCE_CONTROL_POLICY: 'resource_control_policy' };

/** arn:aws:organizations::MGMT:policy/o-…/service_control_policy/p-…; AWS's own: …::aws:policy/service_control_policy/p-… */
export function policyArn(mgmt: string, orgId: string, p: OrgPolicyData): string {
  return p.awsManaged ? `arn:aws:organizations::aws:policy/${TYPE_PATH[p.type]}/${p.id}` : `arn:aws:organizations::${mgmt}:policy/${orgId}/${TYPE_PATH[p.type]}/${p.id}`;
}
