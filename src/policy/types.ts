/**
 * Public types of `rolegate/policy`. The shapes here are the contract between the validator
 * (text → PolicyDocumentJson), the compiler (PolicyDocumentJson → CompiledPolicy) and the evaluator.
 */

/** Which grammar a document is checked against. Boundaries and session policies use 'identity'. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp';

/**
 * A validated document in canonical form: every list-valued element is an array, Statement is
 * always an array, and condition values are strings (JSON true/5 become "true"/"5", as AWS reads them).
 * The validator returns objects with a null prototype-free plain shape built by us, never the
 * client's parsed objects, so `__proto__` keys cannot leak.
 */
export interface PolicyDocumentJson {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: readonly StatementJson[];
}

export interface StatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  readonly Principal?: PrincipalJson;
  readonly NotPrincipal?: PrincipalJson;
  /** operator (as written, e.g. "ForAnyValue:StringLikeIfExists") → condition key (as written) → values */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export type PrincipalJson =
  | '*'
  | {
      readonly AWS?: readonly string[];
      readonly Service?: readonly string[];
      readonly Federated?: readonly string[];
      readonly CanonicalUser?: readonly string[];
    };

/** A value in the request context. Multivalued keys (aws:TagKeys, ...) take arrays. */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/**
 * Who makes the request. Only `arn` is required; everything else is derived from it where AWS
 * derives it, and can be given where the ARN does not carry it (a role's path, unique ids, tags).
 *
 * Forms of `arn`:
 *  - `arn:aws:iam::111122223333:root`                          account root user
 *  - `arn:aws:iam::111122223333:user/path/name`                IAM user
 *  - `arn:aws:sts::111122223333:assumed-role/RoleName/session` role session
 *  - `arn:aws:sts::111122223333:federated-user/name`           GetFederationToken session
 *  - `ec2.amazonaws.com`                                       AWS service principal
 *  - `arn:aws:iam::111122223333:saml-provider/Idp`, `…:oidc-provider/host`, or any non-ARN
 *    subject with `federatedProvider` set: the caller of AssumeRoleWithSAML / WithWebIdentity
 *  - `*` / `anonymous`                                         unauthenticated caller (no account:
 *                                                              only a resource-based policy naming
 *                                                              `*` or its CanonicalUser grants it)
 */
export interface Principal {
  readonly arn: string;
  /** For role sessions: the role's ARN with its path (the ARN of a session drops the path). */
  readonly roleArn?: string;
  /** For federated users: the ARN of the IAM user who called GetFederationToken. */
  readonly userArn?: string;
  /** Unique id: AIDA… (user), AROA… (role; the session's aws:userid is `AROA…:session`). */
  readonly id?: string;
  /** For AssumeRoleWithWebIdentity / AssumeRoleWithSAML callers: the provider (matches `Federated`), e.g. `accounts.google.com` or a provider ARN. */
  readonly federatedProvider?: string;
  /** For S3-style canonical-user callers: matches a `CanonicalUser` principal. */
  readonly canonicalUser?: string;
  /** Principal tags (role or user tags, session tags override): aws:PrincipalTag/<key>. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Request {
  readonly principal: Principal | string;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource; defaults to the account in the resource ARN, else the principal's. */
  readonly resourceAccount?: string;
  /** Extra or overriding context keys (names are case-insensitive). */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /**
   * The resource's own keys (aws:ResourceTag/…), names already lower-cased; looked up before
   * `context`. Kept apart so a map built once per resource is shared by every request on it:
   * copying a tagged resource's keys into each request's context cost ~1 µs per key in V8.
   */
  readonly resourceContext?: ReadonlyMap<string, ContextValue>;
  /**
   * false: context keys come only from `context`; none are derived from the principal
   * (aws:username, aws:PrincipalArn, aws:PrincipalTag/…). The IAM policy simulator works this way:
   * it evaluates keys only with the values the caller supplies (API_ContextEntry.html).
   * Default true.
   */
  readonly principalKeys?: boolean;
  /**
   * The resource is a service-linked role: the role's record says so (only the service-linked-role
   * machinery sets it). The engine never infers it from the ARN, whose path any role can imitate.
   * Read only with `builtInRules: true`.
   */
  readonly serviceLinkedRole?: boolean;
}
