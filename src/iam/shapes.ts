/**
 * Parameter shapes from the IAM service model (botocore data/iam/2010-05-08/service-2.json):
 * lengths, patterns and enums exactly as AWS validates them.
 */
import type { Pattern, Spec } from '../core/input.js';

const p = (re: RegExp, text: string): Pattern => ({ re, text });

export const NAME = p(/^[\w+=,.@-]+$/, '[\\w+=,.@-]+');
export const PATH = p(/^(\/|\/[\u0021-\u007E]+\/)$/, '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
export const PATH_PREFIX = p(/^\/[\u0021-\u007F]*$/, '\\u002F[\\u0021-\\u007F]*');
export const POLICY_PATH = p(/^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/, '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/');
export const MARKER = p(/^[\u0020-\u00FF]+$/, '[\\u0020-\\u00FF]+');
export const POLICY_DOCUMENT = p(/^[\u0009\u000A\u000D\u0020-\u00FF]+$/, '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+');
export const ACCESS_KEY_ID = p(/^\w+$/, '[\\w]+');
export const TAG_KEY = p(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
export const TAG_VALUE = p(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*');
export const POLICY_VERSION_ID = p(/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/, 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?');
export const DESCRIPTION = p(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/, '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*');

export const userName = { type: 'string', min: 1, max: 64, pattern: NAME } as const satisfies Spec;
export const existingUserName = { type: 'string', min: 1, max: 128, pattern: NAME } as const satisfies Spec;
export const groupName = { type: 'string', min: 1, max: 128, pattern: NAME } as const satisfies Spec;
export const roleName = { type: 'string', min: 1, max: 64, pattern: NAME } as const satisfies Spec;
export const policyName = { type: 'string', min: 1, max: 128, pattern: NAME } as const satisfies Spec;
export const path = { type: 'string', min: 1, max: 512, pattern: PATH } as const satisfies Spec;
export const pathPrefix = { type: 'string', min: 1, max: 512, pattern: PATH_PREFIX } as const satisfies Spec;
export const policyPath = { type: 'string', min: 1, max: 512, pattern: POLICY_PATH } as const satisfies Spec;
export const arn = { type: 'string', min: 20, max: 2048 } as const satisfies Spec;
export const marker = { type: 'string', min: 1, max: 320, pattern: MARKER } as const satisfies Spec;
export const maxItems = { type: 'integer', min: 1, max: 1000 } as const satisfies Spec;
export const policyDocument = { type: 'string', min: 1, max: 131072, pattern: POLICY_DOCUMENT } as const satisfies Spec;
export const accessKeyId = { type: 'string', min: 16, max: 128, pattern: ACCESS_KEY_ID } as const satisfies Spec;
export const status = { type: 'string', enum: ['Active', 'Inactive', 'Expired'] } as const satisfies Spec;
export const policyDescription = { type: 'string', max: 1000 } as const satisfies Spec;
// AWS's validation messages quote neither version ids nor tags ("Value at 'versionId' …", "Value
// at 'tags.1.member.key' …"), and report a bad tag key once at 'tagKeys' with the key shape's
// every constraint: LocalStack test_iam_policies.py::test_policy_tag_update_errors,
// test_iam_roles.py::test_role_tag_errors, test_iam_managed_policies.py, recorded against AWS.
export const policyVersionId = { type: 'string', pattern: POLICY_VERSION_ID, quoted: false } as const satisfies Spec;

export const tag = {
  type: 'structure',
  members: {
    Key: { type: 'string', required: true, min: 1, max: 128, pattern: TAG_KEY, quoted: false },
    Value: { type: 'string', required: true, min: 0, max: 256, pattern: TAG_VALUE, quoted: false },
  },
} as const satisfies Spec;
export const tags = { type: 'list', member: tag, max: 50, quoted: false } as const satisfies Spec;
export const tagKeys = {
  type: 'list',
  member: { type: 'string', min: 1, max: 128, pattern: TAG_KEY, quoted: false },
  max: 50,
  quoted: false,
  memberFailures: 'list',
} as const satisfies Spec;

// A type alias, not an interface: it then fits the XML encoder's index-signature shape.
export type Tag = {
  readonly Key: string;
  readonly Value: string;
};

/** Paging inputs every IAM List action takes. */
export const paging = { Marker: marker, MaxItems: maxItems } as const;
