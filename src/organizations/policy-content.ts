/**
 * Checking an SCP or RCP as Organizations does at write time: its size (every character counts,
 * 5,120 at most) and then its grammar (the engine's 'scp' / 'rcp' validators, AWS's message).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
import { MalformedPolicyDocumentError, ORGANIZATIONS_POLICY_SIZE_LIMITS, organizationsPolicySize, validatePolicy } from '../policy/index.js';
import { ConstraintViolation, InvalidInput, MalformedPolicyDocument } from './errors.js';
import type { OrgPolicyData, PolicyTypeName } from './policy-model.js';

export function checkContent(type: PolicyTypeName, content: string): void {
  const kind = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp';
  if (organizationsPolicySize(content) > ORGANIZATIONS_POLICY_SIZE_LIMITS[kind]) {
    throw ConstraintViolation('POLICY_CONTENT_LIMIT_EXCEEDED', 'You attempted to create a policy that is larger than the maximum size.');
  }
  try {
    validatePolicy(content, kind);
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) throw MalformedPolicyDocument(e.message);
    throw e;
  }
}

/** AWS managed policies (FullAWSAccess, RCPFullAWSAccess) cannot be changed or deleted. */
export function checkMutable(p: OrgPolicyData): void {
  if (p.awsManaged) throw InvalidInput('IMMUTABLE_POLICY', "You specified a policy that is managed by AWS and can't be modified.");
}
