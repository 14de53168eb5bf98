/**
 * sso-admin's input shapes (botocore data/sso-admin/2020-07-20), its unanchored patterns anchored
 * here as the service applies them.
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_Operations.html
 */
import type { Spec } from '../../core/input.js';

const INSTANCE_ARN_TEXT = 'arn:aws(-[a-z]{1,5}){0,3}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}';
const PERMISSION_SET_ARN_TEXT = 'arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}';

export const instanceArn = { type: 'string', min: 10, max: 1224, pattern: { re: /^arn:aws(-[a-z]{1,5}){0,3}:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/, text: INSTANCE_ARN_TEXT } } as const satisfies Spec;
export const permissionSetArn = {
  type: 'string',
  min: 10,
  max: 1224,
  pattern: { re: /^arn:aws(-[a-z]{1,5}){0,3}:sso:::permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16}$/, text: PERMISSION_SET_ARN_TEXT },
} as const satisfies Spec;
/** TaggableResourceArn: an instance, permission set, application or trusted token issuer. */
export const taggableResourceArn = {
  type: 'string',
  min: 10,
  max: 2048,
  pattern: {
    re: /^arn:aws(-[a-z]{1,5}){0,3}:sso::((:instance\/(sso)?ins-[a-zA-Z0-9-.]{16})|(:permissionSet\/(sso)?ins-[a-zA-Z0-9-.]{16}\/ps-[a-zA-Z0-9-./]{16})|(\d{12}:application\/(sso)?ins-[a-zA-Z0-9-.]{16}\/apl-[a-zA-Z0-9]{16})|(\d{12}:trustedTokenIssuer\/(sso)?ins-[a-zA-Z0-9-.]{16}\/tti-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))$/,
    text: 'arn:aws(-[a-z]{1,5}){0,3}:sso::((:instance/(sso)?ins-[a-zA-Z0-9-.]{16})|(:permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16})|(\\d{12}:application/(sso)?ins-[a-zA-Z0-9-.]{16}/apl-[a-zA-Z0-9]{16})|(\\d{12}:trustedTokenIssuer/(sso)?ins-[a-zA-Z0-9-.]{16}/tti-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))',
  },
} as const satisfies Spec;

/** NameType (an instance's name): 0–255 of `[\w+=,.@-]`, at least one as the pattern asks. */
export const instanceName = { type: 'string', min: 0, max: 255, pattern: { re: /^[\w+=,.@-]+$/, text: '[\\w+=,.@-]+' } } as const satisfies Spec;
export const clientToken = { type: 'string', min: 1, max: 64, pattern: { re: /^[!-~]+$/, text: '[!-~]+' } } as const satisfies Spec;

export const permissionSetName = { type: 'string', min: 1, max: 32, pattern: { re: /^[\w+=,.@-]+$/, text: '[\\w+=,.@-]+' } } as const satisfies Spec;
export const permissionSetDescription = {
  type: 'string',
  min: 1,
  max: 700,
  pattern: { re: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, text: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*' },
} as const satisfies Spec;
/** Duration: an ISO-8601 duration (the value's range is checked by the handler: session-duration.ts). */
export const duration = {
  type: 'string',
  min: 1,
  max: 100,
  pattern: {
    re: /^(-?)P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/,
    text: '(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)([DW]))?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?',
  },
} as const satisfies Spec;
export const relayState = {
  type: 'string',
  min: 1,
  max: 240,
  pattern: { re: /^[a-zA-Z0-9&$@#\\/%?=~\-_'"|!:,.;*+[\] (){}]+$/, text: '[a-zA-Z0-9&$@#\\\\\\/%?=~\\-_\'"|!:,.;*+\\[\\]\\ \\(\\)\\{\\}]+' },
} as const satisfies Spec;
export const policyDocument = { type: 'string', min: 1, max: 32768, pattern: { re: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, text: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' } } as const satisfies Spec;

export const managedPolicyArn = {
  type: 'string',
  min: 20,
  max: 2048,
  pattern: { re: /^arn:aws(-[a-z]{1,5}){0,3}:iam::aws:policy((\/[A-Za-z0-9.,+@=_-]+)*)\/([A-Za-z0-9.,+=@_-]+)$/, text: 'arn:aws(-[a-z]{1,5}){0,3}:iam::aws:policy((/[A-Za-z0-9\\.,\\+@=_-]+)*)/([A-Za-z0-9\\.,\\+=@_-]+)' },
} as const satisfies Spec;
export const managedPolicyName = { type: 'string', min: 1, max: 128, pattern: { re: /^[\w+=,.@-]+$/, text: '[\\w+=,.@-]+' } } as const satisfies Spec;
export const managedPolicyPath = { type: 'string', min: 1, max: 512, pattern: { re: /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/, text: '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/' } } as const satisfies Spec;
export const customerManagedPolicyReference = { type: 'structure', members: { Name: { ...managedPolicyName, required: true }, Path: managedPolicyPath } } as const satisfies Spec;
export const permissionsBoundary = { type: 'structure', members: { CustomerManagedPolicyReference: customerManagedPolicyReference, ManagedPolicyArn: managedPolicyArn } } as const satisfies Spec;

const tagText = { re: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, text: '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)' } as const;
export const tagKey = { type: 'string', min: 1, max: 128, pattern: tagText } as const satisfies Spec;
export const tagValue = { type: 'string', min: 0, max: 256, pattern: tagText } as const satisfies Spec;
export const tagList = { type: 'list', min: 0, max: 75, member: { type: 'structure', members: { Key: { ...tagKey, required: true }, Value: { ...tagValue, required: true } } } } as const satisfies Spec;
export const tagKeyList = { type: 'list', min: 1, max: 75, member: tagKey } as const satisfies Spec;

export const maxResults = { type: 'integer', min: 1, max: 100 } as const satisfies Spec;
export const nextToken = { type: 'string', min: 0, max: 2048, pattern: { re: /^[-a-zA-Z0-9+=/_]*$/, text: '[-a-zA-Z0-9+=/_]*' } } as const satisfies Spec;

/** The two members of every permission-set call. */
export const permissionSetParams = { InstanceArn: { ...instanceArn, required: true }, PermissionSetArn: { ...permissionSetArn, required: true } } as const;
