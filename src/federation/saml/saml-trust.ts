/**
 * The trust decision for AssumeRoleWithSAML: the role's trust policy (resourcePolicyKind 'trust')
 * evaluated for the SAML provider as the caller — `{ arn: providerArn, federatedProvider:
 * providerArn }`, which only a `"Principal": {"Federated": "<provider ARN>"}` names. The caller has
 * no policies of its own. AWS answers every denial alike, a missing role included:
 * AccessDenied "Not authorized to perform sts:AssumeRoleWithSAML"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_missing-role).
 */
import type { RoleData } from '../../iam/model.js';
import type { ControlLevels } from '../../organizations/control-policies.js';
import type { ContextValue } from '../../policy/index.js';
import { trustAllows } from '../../sts/trust.js';
import { notAuthorized } from './errors.js';

export function authorizeSamlTrust(
  providerArn: string,
  actionName: 'sts:AssumeRoleWithSAML' | 'sts:TagSession' | 'sts:SetSourceIdentity',
  role: RoleData | undefined,
  roleAccount: string,
  context: Readonly<Record<string, ContextValue>>,
  rcps?: ControlLevels,
): asserts role is RoleData {
  const principal = { arn: providerArn, federatedProvider: providerArn };
  // AWS: RCPs of the role's account apply to the AssumeRole family (STS is an RCP service).
  if (role === undefined || !trustAllows(principal, actionName, role, roleAccount, context, rcps)) throw notAuthorized();
}
