/**
 * A session as the domain sees it: what STS issued, sealed whole into its stateless token
 * (credentials/session-token.ts, which alone knows the token's short wire names).
 */

/** role: AssumeRole*; federated: GetFederationToken; user: GetSessionToken. */
export type SessionKind = 'role' | 'federated' | 'user';

/**
 * Times are epoch seconds, as the token carries them: opening a token copies them (no Date per
 * request on the authentication path) and the expiry check is one multiplication.
 */
export interface Session {
  /** The ASIA… access key id the token belongs to. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The account the session lives in. */
  readonly account: string;
  readonly kind: SessionKind;
  /** Epoch seconds. */
  readonly issuedAt: number;
  /** Epoch seconds. */
  readonly expiresAt: number;
  /** Role sessions: the role's id, name and ARN (with path). */
  readonly roleId?: string;
  readonly roleName?: string;
  readonly roleArn?: string;
  /** Role sessions: the session name; federated sessions: the federated user's name. */
  readonly sessionName?: string;
  /** User-derived sessions (federated, user): the IAM user's id, name and ARN (the root user has no name). */
  readonly userId?: string;
  readonly userName?: string;
  readonly userArn?: string;
  /** Session policy: inline text and managed policy ARNs. */
  readonly policy?: string;
  readonly policyArns?: readonly string[];
  /** Session tags [key, value], and the keys that pass through role chaining. */
  readonly tags?: readonly (readonly [string, string])[];
  readonly transitiveTagKeys?: readonly string[];
  /** Source identity (persists through role chaining). */
  readonly sourceIdentity?: string;
  /** MFA was used to obtain the session, and when (epoch seconds). */
  readonly mfa?: boolean;
  readonly mfaTime?: number;
  /** Made by role chaining (a role session assumed this role): capped at one hour. */
  readonly chained?: boolean;
  /** Web identity / SAML role sessions: the identity provider. */
  readonly identityProvider?: string;
  /**
   * Role sessions a service issued for a workload (rolegate:GetWorkloadCredentials): the condition
   * keys AWS sets on every request signed with them, e.g. ec2:SourceInstanceARN, ec2:RoleDelivery.
   */
  readonly serviceContext?: readonly (readonly [string, string])[];
}

/** The key, secret and times, made when the token is sealed. */
export type SessionCredentials = Pick<Session, 'accessKeyId' | 'secretAccessKey' | 'issuedAt' | 'expiresAt'>;
/** What the issuer chooses. */
export type SessionFields = Omit<Session, keyof SessionCredentials>;
