import { type AttributeMapping, DEFAULT_ATTRIBUTE_MAPPINGS } from './cert-attributes.js';
/**
 * IAM Roles Anywhere's resources as Rolegate keeps them: one item per trust anchor, keyed by
 * Region and id (a Region's anchors are one prefix, as the service is regional), its tags in the
 * item. https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_TrustAnchorDetail.html
 */
export const TRUST_ANCHOR_KIND = 'rolesanywhere-trust-anchor';

export interface NotificationSettingData {
  readonly enabled: boolean;
  readonly event: 'CA_CERTIFICATE_EXPIRY' | 'END_ENTITY_CERTIFICATE_EXPIRY';
  readonly threshold?: number;
  readonly channel: 'ALL';
  readonly configuredBy: string;
}

export interface RaTag {
  readonly key: string;
  readonly value: string;
}

export interface TrustAnchorData {
  readonly trustAnchorId: string;
  readonly trustAnchorArn: string;
  readonly name: string;
  readonly sourceType: 'CERTIFICATE_BUNDLE' | 'AWS_ACM_PCA';
  /** CERTIFICATE_BUNDLE: the CA certificate's PEM as given. */
  readonly x509CertificateData?: string;
  readonly acmPcaArn?: string;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly notificationSettings: readonly NotificationSettingData[];
  readonly tags: readonly RaTag[];
}

export const trustAnchorArn = (region: string, account: string, id: string): string => `arn:aws:rolesanywhere:${region}:${account}:trust-anchor/${id}`;
/** A trust anchor's ARN: Region, account, id. */
export const TRUST_ANCHOR_ARN = /^arn:aws:rolesanywhere:([a-z0-9-]{1,64}):(\d{12}):trust-anchor\/([a-f0-9-]{36})$/;
export const trustAnchorKey = (region: string, id: string): string => `${region}/${id}`;

/** The service principal AWS names as the author of default notification settings. */
export const SERVICE_PRINCIPAL = 'rolesanywhere.amazonaws.com';
/** Default threshold, in days, of both expiry notifications (AWS's default is 45 days). */
export const DEFAULT_THRESHOLD = 45;

/**
 * The anchor's settings: AWS's defaults (both events enabled, 45 days, every channel, configured
 * by the service) with the caller's settings in place of the defaults of the same event and channel.
 */
export function settingsWith(current: readonly NotificationSettingData[], given: readonly { enabled: boolean; event: NotificationSettingData['event']; threshold?: number; channel?: 'ALL' }[], account: string): NotificationSettingData[] {
  const out = current.map((s) => ({ ...s }));
  for (const g of given) {
    const s: NotificationSettingData = { enabled: g.enabled, event: g.event, threshold: g.threshold ?? DEFAULT_THRESHOLD, channel: g.channel ?? 'ALL', configuredBy: account };
    const i = out.findIndex((o) => o.event === s.event && o.channel === s.channel);
    if (i >= 0) out[i] = s;
    else out.push(s);
  }
  return out;
}

export const DEFAULT_SETTINGS: readonly NotificationSettingData[] = Object.freeze([
  { enabled: true, event: 'CA_CERTIFICATE_EXPIRY', threshold: DEFAULT_THRESHOLD, channel: 'ALL', configuredBy: SERVICE_PRINCIPAL },
  { enabled: true, event: 'END_ENTITY_CERTIFICATE_EXPIRY', threshold: DEFAULT_THRESHOLD, channel: 'ALL', configuredBy: SERVICE_PRINCIPAL },
]);

/** TrustAnchorDetail, in the model's member order; timestamps as ISO-8601 (the model's `iso8601`). */
export const trustAnchorView = (t: TrustAnchorData) => ({
  trustAnchorId: t.trustAnchorId,
  trustAnchorArn: t.trustAnchorArn,
  name: t.name,
  source: { sourceType: t.sourceType, sourceData: t.sourceType === 'CERTIFICATE_BUNDLE' ? { x509CertificateData: t.x509CertificateData } : { acmPcaArn: t.acmPcaArn } },
  enabled: t.enabled,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  notificationSettings: t.notificationSettings.map((s) => ({ enabled: s.enabled, event: s.event, threshold: s.threshold, channel: s.channel, configuredBy: s.configuredBy })),
});

export const PROFILE_KIND = 'rolesanywhere-profile';
/** A profile's session duration when none is given (AWS: one hour). */
export const DEFAULT_DURATION = 3600;

export interface ProfileData {
  readonly profileId: string;
  readonly profileArn: string;
  readonly name: string;
  readonly requireInstanceProperties: boolean;
  readonly enabled: boolean;
  /** The caller's ARN that created it. */
  readonly createdBy: string;
  readonly sessionPolicy?: string;
  readonly roleArns: readonly string[];
  readonly managedPolicyArns: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly durationSeconds: number;
  readonly acceptRoleSessionName: boolean;
  /** Put/DeleteAttributeMapping's mappings; absent on a profile that never changed them (AWS's defaults apply: cert-attributes.ts). */
  readonly attributeMappings?: readonly AttributeMapping[];
  readonly tags: readonly RaTag[];
}

export const profileArn = (region: string, account: string, id: string): string => `arn:aws:rolesanywhere:${region}:${account}:profile/${id}`;
export const profileKey = trustAnchorKey;

/**
 * ProfileDetail, in the model's member order. `attributeMappings`: the profile's, or AWS's defaults
 * on a profile that never changed them ("Default mapping behavior": GetProfile of a new profile
 * shows them, https://docs.aws.amazon.com/rolesanywhere/latest/userguide/attribute-mapping.html).
 */
export const profileView = (p: ProfileData) => ({
  profileId: p.profileId,
  profileArn: p.profileArn,
  name: p.name,
  requireInstanceProperties: p.requireInstanceProperties,
  enabled: p.enabled,
  createdBy: p.createdBy,
  sessionPolicy: p.sessionPolicy,
  roleArns: p.roleArns,
  managedPolicyArns: p.managedPolicyArns,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
  durationSeconds: p.durationSeconds,
  acceptRoleSessionName: p.acceptRoleSessionName,
  attributeMappings: (p.attributeMappings ?? DEFAULT_ATTRIBUTE_MAPPINGS).map((m) => ({ certificateField: m.certificateField, mappingRules: m.mappingRules.map((r) => ({ specifier: r.specifier })) })),
});

/**
 * A certificate revocation list imported for a trust anchor (ImportCrl), keyed as anchors are
 * (Region/id). https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CrlDetail.html
 */
export const CRL_KIND = 'rolesanywhere-crl';

export interface CrlData {
  readonly crlId: string;
  readonly crlArn: string;
  readonly name: string;
  readonly enabled: boolean;
  /** The CRL's DER, base64 (the model's Blob as the wire carries it). */
  readonly crlData: string;
  readonly trustAnchorArn: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly tags: readonly RaTag[];
}

export const crlArn = (region: string, account: string, id: string): string => `arn:aws:rolesanywhere:${region}:${account}:crl/${id}`;
export const crlKey = trustAnchorKey;

/** CrlDetail, in the model's member order; crlData the Blob as JSON carries it (base64). */
export const crlView = (c: CrlData) => ({
  crlId: c.crlId,
  crlArn: c.crlArn,
  name: c.name,
  enabled: c.enabled,
  crlData: c.crlData,
  trustAnchorArn: c.trustAnchorArn,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

/** The taggable resource types by their ARN's type, the item kind that holds each, and its ARN member. */
export const TAGGABLE: ReadonlyMap<string, { readonly kind: string; readonly arnOf: (data: unknown) => string | undefined }> = new Map([
  ['trust-anchor', { kind: TRUST_ANCHOR_KIND, arnOf: (d: unknown) => (d as Partial<TrustAnchorData> | undefined)?.trustAnchorArn }],
  ['profile', { kind: PROFILE_KIND, arnOf: (d: unknown) => (d as Partial<ProfileData> | undefined)?.profileArn }],
  ['crl', { kind: CRL_KIND, arnOf: (d: unknown) => (d as Partial<CrlData> | undefined)?.crlArn }],
]);
/** A Roles Anywhere ARN of a taggable type: Region, account, type, id. */
export const TAGGABLE_ARN = /^arn:aws:rolesanywhere:([a-z0-9-]{1,64}):(\d{12}):(trust-anchor|profile|crl)\/([a-f0-9-]{36})$/;

/**
 * A subject: one certificate subject that called CreateSession, created at its first call (AWS
 * keeps one per distinct x509Subject in the account and Region). Keyed Region/id, the id derived
 * from the account, Region and x509Subject (create-session.ts), so one subject per x509Subject.
 * https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_SubjectDetail.html
 */
/** A record kind (store/types.ts isRecordKind): its frequent writes leave the read caches alone. */
export const SUBJECT_KIND = 'rolesanywhere-subject:record';

export interface CredentialSummaryData {
  readonly seenAt: string;
  readonly serialNumber: string;
  readonly issuer: string;
  readonly enabled: boolean;
  /** PEM of the leaf presented. */
  readonly x509CertificateData: string;
  readonly failed: boolean;
}

export interface InstancePropertyData {
  readonly seenAt: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly failed: boolean;
}

export interface SubjectData {
  readonly subjectId: string;
  readonly subjectArn: string;
  readonly enabled: boolean;
  /** The leaf's subject as AWS prints it (RFC 4514 order, e.g. "CN=app,OU=dev,O=Example"). */
  readonly x509Subject: string;
  readonly lastSeenAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The credentials of the last authenticating call(s), newest first, bounded. */
  readonly credentials: readonly CredentialSummaryData[];
  readonly instanceProperties: readonly InstancePropertyData[];
}

export const subjectArn = (region: string, account: string, id: string): string => `arn:aws:rolesanywhere:${region}:${account}:subject/${id}`;
export const subjectKey = trustAnchorKey;

/** SubjectSummary, in the model's member order. */
export const subjectSummaryView = (s: SubjectData) => ({
  subjectArn: s.subjectArn,
  subjectId: s.subjectId,
  enabled: s.enabled,
  x509Subject: s.x509Subject,
  lastSeenAt: s.lastSeenAt,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** SubjectDetail, in the model's member order. */
export const subjectView = (s: SubjectData) => ({
  ...subjectSummaryView(s),
  credentials: s.credentials.map((c) => ({ seenAt: c.seenAt, serialNumber: c.serialNumber, issuer: c.issuer, enabled: c.enabled, x509CertificateData: c.x509CertificateData, failed: c.failed })),
  instanceProperties: s.instanceProperties.map((i) => ({ seenAt: i.seenAt, properties: { ...i.properties }, failed: i.failed })),
});
