/**
 * Policy size and character-set rules, as the API layer enforces them before validation.
 *
 * IAM (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): "IAM doesn't count
 * white space when computing the size of a policy against these quotas."
 * AWS Organizations (orgs_manage_policies_scps_syntax.html, orgs_manage_policies_rcps_syntax.html):
 * "All characters in your SCP count against its maximum size" — white space included.
 */

/** IAM quotas on policy size, in characters excluding white space (reference_iam-quotas.html). */
export const IAM_POLICY_SIZE_LIMITS = Object.freeze({
  /** Each managed policy (CreatePolicy, CreatePolicyVersion). */
  managedPolicy: 6144,
  /** A role trust policy, default quota (AWS lets it be raised to 4,096). */
  roleTrustPolicy: 2048,
  roleTrustPolicyMaximum: 4096,
  /** All inline policies of one role, together. */
  roleInlinePolicies: 10240,
  /** All inline policies of one user, together. */
  userInlinePolicies: 2048,
  /** All inline policies of one group, together. */
  groupInlinePolicies: 5120,
  /** A session policy's plaintext (AssumeRole* Policy parameter, GetFederationToken). */
  sessionPolicy: 2048,
});

/** Organizations quotas, all characters counted (orgs_reference_limits.html). */
export const ORGANIZATIONS_POLICY_SIZE_LIMITS = Object.freeze({
  scp: 5120,
  rcp: 5120,
});

function isIamWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * The size IAM charges a policy against its quotas: its characters minus white space (space, tab,
 * line feed, carriage return — the only white space the allowed character set admits).
 */
export function policySize(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isIamWhitespace(text.charCodeAt(i))) n++;
  return n;
}

/** The size Organizations charges an SCP or RCP: every character. */
export function organizationsPolicySize(text: string): number {
  return text.length;
}

/**
 * IAM's policyDocumentType pattern (IAM API reference, e.g. CreatePolicy PolicyDocument):
 * "[\u0009\u000A\u000D\u0020-\u00FF]+" — tab, line feed, carriage return, and U+0020 through U+00FF.
 * An empty text does not match the pattern (the `+`).
 */
export function hasOnlyAllowedPolicyCharacters(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return false;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/**
 * IAM's LimitExceeded messages for oversize policies, for the API layer (these are not
 * MalformedPolicyDocument errors). Wording as IAM returns it, e.g.
 * "Cannot exceed quota for PolicySize: 6144" and "Cannot exceed quota for ACLSizePerRole: 2048".
 */
export const policySizeQuotaMessage = (limit: number): string => `Cannot exceed quota for PolicySize: ${limit}`;
export const trustPolicySizeQuotaMessage = (limit: number): string => `Cannot exceed quota for ACLSizePerRole: ${limit}`;
export const inlinePolicySizeMessage = (limit: number, entity: 'user' | 'group' | 'role', name: string): string =>
  `Maximum policy size of ${limit} bytes exceeded for ${entity} ${name}`;
