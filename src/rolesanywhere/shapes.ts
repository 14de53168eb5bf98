/**
 * IAM Roles Anywhere's input shapes (botocore data/rolesanywhere/2018-05-10). The model's patterns
 * are unanchored (`[ a-zA-Z0-9-_]*` would match anything); here they are anchored, as the service
 * refuses names outside them.
 */
import type { Spec } from '../core/input.js';

/** ResourceName: 1–255 of letters, digits, space, `-`, `_`. */
export const resourceName = { type: 'string', min: 1, max: 255, pattern: { re: /^[ a-zA-Z0-9_-]*$/, text: '[ a-zA-Z0-9-_]*' } } as const satisfies Spec;
/** Uuid: the 36 characters of a lower-case UUID. */
export const uuid = { type: 'string', min: 36, max: 36, pattern: { re: /^[a-f0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}$/, text: '.*[a-f0-9]{8}-([a-z0-9]{4}-){3}[a-z0-9]{12}.*' } } as const satisfies Spec;
export const amazonResourceName = { type: 'string', min: 1, max: 1011 } as const satisfies Spec;

const tagText = { re: /^[ a-zA-Z0-9_.:/=+@-]*$/, text: '[ a-zA-Z0-9_.:/=+@-]*' } as const;
export const tagKey = { type: 'string', min: 1, max: 128, pattern: tagText, sensitive: true } as const satisfies Spec;
export const tagValue = { type: 'string', min: 0, max: 256, pattern: tagText, sensitive: true } as const satisfies Spec;
export const tagList = { type: 'list', max: 200, member: { type: 'structure', members: { key: { ...tagKey, required: true }, value: { ...tagValue, required: true } } } } as const satisfies Spec;
export const tagKeyList = { type: 'list', max: 200, member: tagKey } as const satisfies Spec;

export const notificationEvent = { type: 'string', enum: ['CA_CERTIFICATE_EXPIRY', 'END_ENTITY_CERTIFICATE_EXPIRY'] } as const satisfies Spec;
export const notificationChannel = { type: 'string', enum: ['ALL'] } as const satisfies Spec;
export const notificationSettings = {
  type: 'list',
  max: 50,
  member: {
    type: 'structure',
    members: {
      enabled: { type: 'boolean', required: true },
      event: { ...notificationEvent, required: true },
      threshold: { type: 'integer', min: 1, max: 360 },
      channel: notificationChannel,
    },
  },
} as const satisfies Spec;

export const trustAnchorType = { type: 'string', enum: ['AWS_ACM_PCA', 'CERTIFICATE_BUNDLE', 'SELF_SIGNED_REPOSITORY'] } as const satisfies Spec;
export const source = {
  type: 'structure',
  members: {
    sourceType: trustAnchorType,
    sourceData: { type: 'structure', members: { x509CertificateData: { type: 'string', min: 1, max: 16000 }, acmPcaArn: { type: 'string' } } },
  },
} as const satisfies Spec;

/** ListRequest: nextToken and pageSize, both in the query string. */
export const listParams = { nextToken: { type: 'string', min: 1, max: 10000 }, pageSize: { type: 'integer' } } as const;

/** RoleArn: an IAM role's ARN (the model's pattern, anchored). */
export const roleArnList = { type: 'list', max: 250, member: { type: 'string', min: 1, max: 1011, pattern: { re: /^arn:aws(-[^:]+)?:iam(:.*){2}(:role.*)$/, text: 'arn:aws(-[^:]+)?:iam(:.*){2}(:role.*)' } } } as const satisfies Spec;
export const managedPolicyList = { type: 'list', max: 50, member: { type: 'string', min: 1, max: 200 } } as const satisfies Spec;
export const durationSeconds = { type: 'integer', min: 900, max: 43200 } as const satisfies Spec;
export const sessionPolicy = { type: 'string', min: 1, max: 100000 } as const satisfies Spec;

/** TrustAnchorArn (the model's pattern, anchored). */
export const trustAnchorArnShape = { type: 'string', min: 1, max: 1011, pattern: { re: /^arn:aws(-[^:]+)?:rolesanywhere(:.*){2}(:trust-anchor.*)$/, text: 'arn:aws(-[^:]+)?:rolesanywhere(:.*){2}(:trust-anchor.*)' } } as const satisfies Spec;
/** The most bytes a CRL may have (ImportCrlRequestCrlDataBlob, UpdateCrlRequestCrlDataBlob: 1–300000). */
export const MAX_CRL_DATA = 300000;
/**
 * crlData, a Blob: base64 text on the JSON wire, its decoded length (1–MAX_CRL_DATA) checked by the
 * handler (crls.ts), as the model's constraint is on the bytes; the body limit (1 MiB) bounds the
 * text. Never quoted back.
 */
export const crlData = { type: 'string', min: 1, quoted: false } as const satisfies Spec;

export const certificateField = { type: 'string', enum: ['x509Subject', 'x509Issuer', 'x509SAN'] } as const satisfies Spec;
/** MappingRules: each a specifier (MappingRuleSpecifierString, 0–60 characters). */
export const mappingRules = { type: 'list', max: 50, member: { type: 'structure', members: { specifier: { type: 'string', min: 0, max: 60, required: true } } } } as const satisfies Spec;
/** SpecifierList (the model bounds neither the list nor its strings; these bounds are ours). */
export const specifierList = { type: 'list', max: 50, member: { type: 'string', max: 60 } } as const satisfies Spec;
