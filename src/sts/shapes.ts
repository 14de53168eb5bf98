/** STS parameter shapes (botocore data/sts/2011-06-15/service-2.json). */
import type { Pattern, Spec } from '../core/input.js';

const p = (re: RegExp, text: string): Pattern => ({ re, text });

export const roleSessionName = { type: 'string', min: 2, max: 64, pattern: p(/^[\w+=,.@-]*$/, '[\\w+=,.@-]*') } as const satisfies Spec;
export const roleArn = { type: 'string', min: 20, max: 2048, pattern: p(/^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+$/u, '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+') } as const satisfies Spec;
export const sessionPolicy = { type: 'string', min: 1, max: 2048, pattern: p(/^[\u0009\u000A\u000D\u0020-\u00FF]+$/, '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+') } as const satisfies Spec;
/** AWS: "You can use up to 10 managed policy ARNs" as session policies. */
export const policyArns = {
  type: 'list',
  max: 10,
  member: { type: 'structure', members: { arn: { type: 'string', min: 20, max: 2048 } } },
} as const satisfies Spec;
export const durationSeconds = (max: number) => ({ type: 'integer', min: 900, max }) as const satisfies Spec;
export const externalId = { type: 'string', min: 2, max: 1224, pattern: p(/^[\w+=,.@:/-]*$/, '[\\w+=,.@:\\/-]*') } as const satisfies Spec;
export const serialNumber = { type: 'string', min: 9, max: 256, pattern: p(/^[\w+=/:,.@-]*$/, '[\\w+=/:,.@-]*') } as const satisfies Spec;
/**
 * Not sensitive in the model (AWS quotes a malformed code), but an MFA code is a credential for its
 * 30-second step and the audit log hides it: Rolegate never quotes it either.
 */
export const tokenCode = { type: 'string', min: 6, max: 6, pattern: p(/^[\d]*$/, '[\\d]*'), sensitive: true } as const satisfies Spec;
/** SAMLAssertionType and clientTokenType: sensitive in the model, so never quoted back. */
export const samlAssertion = { type: 'string', min: 4, max: 100_000, sensitive: true } as const satisfies Spec;
export const webIdentityToken = { type: 'string', min: 4, max: 20_000, sensitive: true } as const satisfies Spec;
export const sourceIdentity = { type: 'string', min: 2, max: 64, pattern: p(/^[\w+=,.@-]*$/, '[\\w+=,.@-]*') } as const satisfies Spec;
const tagKey = { type: 'string', min: 1, max: 128, pattern: p(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+') } as const satisfies Spec;
export const tags = {
  type: 'list',
  max: 50,
  member: {
    type: 'structure',
    members: { Key: { ...tagKey, required: true }, Value: { type: 'string', required: true, min: 0, max: 256, pattern: p(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*') } },
  },
} as const satisfies Spec;
export const transitiveTagKeys = { type: 'list', max: 50, member: tagKey } as const satisfies Spec;
