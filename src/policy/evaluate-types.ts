import type { CompiledPolicy } from './compile.js';
import type { Request } from './types.js';

/** A policy as JSON text, a parsed object, a compiled policy, or any of those with a name. */
export type PolicyInput =
  | string
  | object
  | CompiledPolicy
  | { readonly id: string; readonly document: string | object | CompiledPolicy };

export type PolicyType = 'identity' | 'boundary' | 'session' | 'resource' | 'scp' | 'rcp';

/** A rule AWS applies whatever the policies say (built-in-rules.ts), as a result names it. */
export type BuiltInRule =
  | 'GetCallerIdentity'
  | 'AwsManagedPolicy'
  | 'AwsReservedRole'
  | 'ServiceLinkedRole'
  | 'AwsManagedKmsAlias'
  | 'KmsKeyWithoutPolicy';

export interface EvaluateInput {
  readonly request: Request;
  /** The principal's identity-based policies (inline, managed, group). Any Allow grants. */
  readonly identityPolicies?: readonly PolicyInput[];
  /**
   * The policy set as the principal's permissions boundary (normally one). Absent or empty: no
   * boundary (an entity has at most one; to model a boundary that allows nothing, pass a policy
   * without an Allow).
   */
  readonly permissionsBoundaries?: readonly PolicyInput[];
  /**
   * Session policies passed when the session was made (inline + managed ARNs; any Allow grants).
   * Absent: no session policy. Present but empty: a session policy that allows nothing.
   * A federated-user session (GetFederationToken) without session policies has no permissions of
   * its own, as in AWS: only a resource-based policy naming the federated-user ARN grants it.
   */
  readonly sessionPolicies?: readonly PolicyInput[];
  /** The resource's resource-based policy (for sts:AssumeRole, the role's trust policy). */
  readonly resourcePolicy?: PolicyInput;
  /**
   * 'trust' and 'key' policies must themselves allow the principal (AWS: role trust policies and
   * KMS key policies are exceptions to "identity or resource policy suffices"). Default 'resource'.
   */
  readonly resourcePolicyKind?: 'resource' | 'trust' | 'key';
  /** SCPs of the principal's account, one list per level, root first; every level must allow. */
  readonly serviceControlPolicies?: readonly (readonly PolicyInput[])[];
  /** RCPs of the resource's account, one list per level, root first (RCPFullAWSAccess is implicit). */
  readonly resourceControlPolicies?: readonly (readonly PolicyInput[])[];
  /**
   * true: also apply AWS's built-in rules, which no policy states (built-in-rules.ts):
   * sts:GetCallerIdentity is always allowed; AWS managed policies, /aws-reserved/ and
   * service-linked roles, and alias/aws/* KMS aliases cannot be changed; a KMS key is opened only
   * by its key policy; SCPs do not apply to anonymous callers. Default false: the decision is the
   * policies' alone, as AWS's policy simulator reports it. The server passes true.
   */
  readonly builtInRules?: boolean;
}

export interface MatchedStatement {
  readonly policyType: PolicyType;
  /** Index of the policy in its list (for SCP/RCP: within its level). */
  readonly policyIndex: number;
  /** For SCP/RCP: the level (0 = root). */
  readonly level?: number;
  /** The `id` given with the policy, if any. */
  readonly policyId?: string;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface EvaluationResult {
  readonly decision: Decision;
  /** For Allow: the Allow statements that granted it. For ExplicitDeny: the Deny statements that matched. */
  readonly matched: readonly MatchedStatement[];
  /**
   * For denials: the policy type that decided it — for ExplicitDeny the type holding the Deny, for
   * ImplicitDeny the type that had no Allow (this is what AWS's AccessDenied message names).
   */
  readonly deniedBy?: PolicyType;
  /**
   * Set when a built-in rule decided (only with `builtInRules: true`): an Allow no policy needed
   * (GetCallerIdentity), a denial of what the policies allow (`ExplicitDeny`, `matched: []`), or
   * the ImplicitDeny of a KMS key without a key policy. Policies that already deny keep their reason.
   */
  readonly builtInRule?: BuiltInRule;
}
