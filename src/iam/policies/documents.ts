/**
 * Checks on identity-policy documents sent to IAM: size quotas (LimitExceeded, white space not
 * counted — reference_iam-quotas.html) and the grammar (MalformedPolicyDocument with AWS's
 * messages, from the policy engine).
 */
import { IAM_POLICY_SIZE_LIMITS, MalformedPolicyDocumentError, policySize, policySizeQuotaMessage, validatePolicy } from '../../policy/index.js';
import { LimitExceeded, MalformedPolicyDocument } from '../../core/errors.js';

/**
 * Managed policy documents (CreatePolicy, CreatePolicyVersion): at most 6,144 characters, and
 * Version 2012-10-17 is required.
 */
export function checkManagedDocument(text: string): void {
  if (policySize(text) > IAM_POLICY_SIZE_LIMITS.managedPolicy) {
    throw LimitExceeded(policySizeQuotaMessage(IAM_POLICY_SIZE_LIMITS.managedPolicy));
  }
  validate(text, false);
}

/** Inline policy documents accept a missing or 2008-10-17 Version, as IAM does. */
export function checkInlineDocument(text: string): void {
  validate(text, true);
}

function validate(text: string, allowLegacyVersion: boolean): void {
  try {
    validatePolicy(text, 'identity', { allowLegacyVersion });
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) throw MalformedPolicyDocument(e.message);
    throw e;
  }
}
