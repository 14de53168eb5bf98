/**
 * How IAM entities are kept in the item store. Names AWS makes unique ignoring case are keyed by
 * their lower-cased form; the data keeps the name as written. Relations are items keyed so that
 * each list AWS pages through is one key-range scan.
 */
import type { Tag } from './shapes.js';
import { USAGE_KIND } from '../store/types.js';

export const KIND = {
  account: 'account',
  user: 'user',
  /** key `${userKey}/${accessKeyId}`, id = accessKeyId */
  accessKey: 'access-key',
  group: 'group',
  /** key `${groupKey}/${userKey}` */
  groupMember: 'group-member',
  /** key `${userKey}/${groupKey}` */
  userGroup: 'user-group',
  /** customer managed policy, key = lower-cased name */
  policy: 'policy',
  /** key `${entityType}/${entityKey}/${policyName}` */
  inlinePolicy: 'inline-policy',
  /** key `${entityType}/${entityKey}/${policyArn}` */
  attachment: 'attachment',
  /** key `${policyArn}/${entityType}/${entityKey}` */
  policyEntity: 'policy-entity',
  role: 'role',
  /** key = lower-cased name, id = AIPA… */
  instanceProfile: 'instance-profile',
  /** key `${roleKey}/${instanceProfileKey}`: the profiles a role is in (ListInstanceProfilesForRole) */
  roleInstanceProfile: 'role-instance-profile',
  /** IAM OIDC identity provider, key = the URL without its scheme (the ARN's resource part). */
  oidcProvider: 'oidc-provider',
  /** IAM SAML identity provider, key = lower-cased name (src/federation/saml/) */
  samlProvider: 'saml-provider',
  /** Virtual MFA devices, key = lower-cased name, id = serial number (ARN). */
  mfaDevice: 'mfa-device',
  /** key `${userKey}/${deviceKey}`: the devices enabled for a user. */
  userMfa: 'user-mfa',
  /** key `${userKey}/${sshPublicKeyId}`, id = APKA… (src/iam/ssh-keys/) */
  sshPublicKey: 'ssh-public-key',
  /** key `${userKey}/${certificateId}`, id = the certificate id (src/iam/signing-certificates/) */
  signingCertificate: 'signing-certificate',
  /** key = SHA-256 of the certificate's DER (hex): a certificate belongs to one user of the account. */
  signingCertificateDigest: 'signing-certificate-digest',
  /** key = lower-cased name, id = ASCA… (src/iam/server-certificates/) */
  serverCertificate: 'server-certificate',
  /** key `${userKey}/${credentialId}`, id = ACCA… (src/iam/service-credentials/) */
  serviceCredential: 'service-credential',
  /** A user's console password (src/iam/passwords/), key = the user's id: a rename leaves it in place. */
  loginProfile: 'login-profile',
  /** The account password policy, key `policy` (one per account). */
  passwordPolicy: 'password-policy',
  /**
   * Last use, key `key/${accessKeyId}` or `role/${roleId}`: kept apart from the entities so the
   * frequent last-use writes never invalidate cached identities and policies.
   */
  usage: USAGE_KIND,
  /** The account's alias, key `alias` (one per account), id = the alias (unique across accounts). */
  accountAlias: 'account-alias',
  /** The account's latest credential report, key `report`. */
  credentialReport: 'credential-report',
  /** Access advisor jobs (GenerateServiceLastAccessedDetails), key `${createdAt}/${JobId}`, id = JobId. */
  accessAdvisorJob: 'access-advisor-job',
} as const;

/** When an access key or a role was last used (GetAccessKeyLastUsed, GetRole's RoleLastUsed). */
export interface UsageData {
  readonly date: string;
  readonly region: string;
  readonly service?: string;
}

export const keyUsageKey = (accessKeyId: string): string => `key/${accessKeyId}`;
export const roleUsageKey = (roleId: string): string => `role/${roleId}`;

export type EntityType = 'user' | 'group' | 'role';

export interface AccountData {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: string;
}

export interface UserData {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly createdAt: string;
  readonly permissionsBoundary?: string;
  readonly tags: readonly Tag[];
  readonly passwordLastUsed?: string;
}

export interface AccessKeyData {
  readonly accessKeyId: string;
  readonly userName: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
  /** The secret, sealed under the master key. */
  readonly sealedSecret: string;
}

export interface GroupData {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly createdAt: string;
}

export interface PolicyVersionData {
  readonly versionId: string;
  readonly document: string;
  readonly createdAt: string;
}

export interface ManagedPolicyData {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly description?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly defaultVersionId: string;
  /** Next version number to hand out (AWS never reuses version ids). */
  readonly nextVersion: number;
  readonly versions: readonly PolicyVersionData[];
  readonly attachmentCount: number;
  readonly boundaryUsageCount: number;
  readonly tags: readonly Tag[];
}

export interface InlinePolicyData {
  readonly name: string;
  readonly document: string;
}

export interface AttachmentData {
  readonly policyArn: string;
  readonly policyName: string;
  /** Attachment order within the entity (ListAttached…Policies lists in it); absent on older items. */
  readonly seq?: number;
}

export interface PolicyEntityData {
  readonly entityType: EntityType;
  readonly name: string;
  readonly id: string;
}

export const nameKey = (name: string): string => name.toLowerCase();

export const userArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:user${path}${name}`;
export const groupArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:group${path}${name}`;
export const roleArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:role${path}${name}`;
export const policyArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:policy${path}${name}`;
export const rootArn = (account: string): string => `arn:aws:iam::${account}:root`;

/** AWS times in stored items are ISO strings; the XML encoder turns Dates into AWS's format. */
export const iso = (d: Date): string => d.toISOString();

export interface RoleData {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly createdAt: string;
  /** The trust policy as written (returned URL-encoded by GetRole). */
  readonly assumeRolePolicyDocument: string;
  readonly description?: string;
  /** 3600..43200 seconds. */
  readonly maxSessionDuration: number;
  readonly permissionsBoundary?: string;
  readonly tags: readonly Tag[];
  /**
   * Trust binding: each IAM user or role ARN the trust policy names, mapped to that principal's
   * unique id (AIDA…/AROA…) when the policy was written. A principal deleted (or re-created under
   * the same name) no longer matches; GetRole then shows the id, as AWS does
   * (reference_policies_elements_principal.html, "IAM role principals"). Absent on roles written
   * before binding existed or naming no such principal.
   */
  readonly trustPrincipals?: Readonly<Record<string, string>>;
  /**
   * A service-linked role: set only by the code that creates service-linked roles, never from
   * request parameters (CreateRole refuses their path prefix). SCPs don't restrict these roles
   * (orgs_manage_policies_scps.html), and this flag — not the ARN text — is what exempts them.
   */
  readonly serviceLinked?: true;
}

/** AWS: "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles". */
export const SERVICE_LINKED_PATH_PREFIX = '/aws-service-role/';

export interface InstanceProfileData {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly arn: string;
  readonly createdAt: string;
  /** The lower-cased names (keys) of the roles in the profile: at most one (AWS quota). */
  readonly roles: readonly string[];
  readonly tags: readonly Tag[];
}

export interface RoleInstanceProfileData {
  readonly instanceProfileName: string;
}

export const instanceProfileArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:instance-profile${path}${name}`;

/** An IAM OpenID Connect identity provider (src/federation/oidc/). */
export interface OidcProviderData {
  /** The URL as registered, https://host[/path]. */
  readonly url: string;
  readonly arn: string;
  readonly clientIds: readonly string[];
  /** Lower-case hex SHA-1 thumbprints (40 characters). */
  readonly thumbprints: readonly string[];
  readonly createdAt: string;
  readonly tags: readonly Tag[];
}

/** An IAM SAML 2.0 identity provider (src/federation/saml/). */
export interface SamlProviderData {
  readonly name: string;
  readonly arn: string;
  /** SAMLProviderUUID. */
  readonly uuid: string;
  readonly createdAt: string;
  readonly validUntil: string;
  /** The metadata document as written, and what was read from it. */
  readonly metadata: string;
  readonly entityId: string;
  /** The IdP's signing certificates (base64 DER), the only keys its assertions are checked against. */
  readonly signingCerts: readonly string[];
  readonly assertionEncryptionMode?: 'Required' | 'Allowed';
  /** Private keys for encrypted assertions, sealed under the master key. */
  readonly privateKeys: readonly { readonly keyId: string; readonly createdAt: string; readonly sealed: string }[];
  readonly tags: readonly Tag[];
}

/** A virtual MFA device; key = lower-cased name, id = its serial number (the device ARN). */
export interface MfaDeviceData {
  readonly serialNumber: string;
  readonly name: string;
  readonly path: string;
  /** The TOTP seed, sealed under the master key. */
  readonly sealedSeed: string;
  readonly createdAt: string;
  readonly tags: readonly Tag[];
  /** Set while enabled for a user. */
  readonly userName?: string;
  readonly enableDate?: string;
  /** The last TOTP step accepted: a code is never accepted twice (replay). */
  readonly lastStep?: number;
}
