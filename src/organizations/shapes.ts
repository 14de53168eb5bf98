/**
 * Parameter shapes from the Organizations service model (botocore
 * data/organizations/2016-11-28/service-2.json). AWS matches a pattern against the whole value,
 * so each regular expression here is anchored; the message quotes the model's text.
 */
import type { Spec } from '../core/input.js';
import type { Pattern } from '../core/input.js';

const p = (re: RegExp, text: string): Pattern => ({ re, text });

export const email = { type: 'string', min: 6, max: 64, pattern: p(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, '[^\\s@]+@[^\\s@]+\\.[^\\s@]+'), sensitive: true } as const satisfies Spec;
export const createAccountName = { type: 'string', min: 1, max: 50, pattern: p(/^[\u0020-\u007E]+$/, '[\\u0020-\\u007E]+'), sensitive: true } as const satisfies Spec;
export const roleName = { type: 'string', max: 64, pattern: p(/^[\w+=,.@-]{1,64}$/, '[\\w+=,.@-]{1,64}') } as const satisfies Spec;
export const iamUserAccessToBilling = { type: 'string', enum: ['ALLOW', 'DENY'] } as const satisfies Spec;
export const featureSet = { type: 'string', enum: ['ALL', 'CONSOLIDATED_BILLING'] } as const satisfies Spec;
export const accountId = { type: 'string', max: 12, pattern: p(/^\d{12}$/, '^\\d{12}$') } as const satisfies Spec;
export const createAccountRequestId = { type: 'string', max: 36, pattern: p(/^car-[a-z0-9]{8,32}$/, '^car-[a-z0-9]{8,32}$') } as const satisfies Spec;
export const nextToken = { type: 'string', max: 100000, pattern: p(/^[\s\S]*$/, '[\\s\\S]*') } as const satisfies Spec;
export const maxResults = { type: 'integer', min: 1, max: 20 } as const satisfies Spec;

const TAG_TEXT = p(/^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u, '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$');
export const tags = {
  type: 'list',
  member: {
    type: 'structure',
    members: {
      Key: { type: 'string', required: true, min: 1, max: 128, pattern: TAG_TEXT },
      Value: { type: 'string', required: true, min: 0, max: 256, pattern: TAG_TEXT },
    },
  },
} as const satisfies Spec;

// The organization tree and its policies (botocore organizations service-2.json).
const OU_ID = '(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})';
export const rootId = { type: 'string', max: 34, pattern: p(/^r-[0-9a-z]{4,32}$/, '^r-[0-9a-z]{4,32}$') } as const satisfies Spec;
export const parentId = { type: 'string', max: 100, pattern: p(new RegExp(`^((r-[0-9a-z]{4,32})|${OU_ID})$`), `^(r-[0-9a-z]{4,32})|${OU_ID}$`) } as const satisfies Spec;
export const ouId = { type: 'string', max: 68, pattern: p(new RegExp(`^${OU_ID}$`), `^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`) } as const satisfies Spec;
export const childId = { type: 'string', max: 100, pattern: p(new RegExp(`^((\\d{12})|${OU_ID})$`), `^(\\d{12})|${OU_ID}$`) } as const satisfies Spec;
export const targetId = {
  type: 'string',
  max: 100,
  pattern: p(new RegExp(`^((r-[0-9a-z]{4,32})|(\\d{12})|${OU_ID})$`), `^(r-[0-9a-z]{4,32})|(\\d{12})|${OU_ID}$`),
} as const satisfies Spec;
export const policyId = { type: 'string', max: 130, pattern: p(/^p-[0-9a-zA-Z_]{8,128}$/, '^p-[0-9a-zA-Z_]{8,128}$') } as const satisfies Spec;
export const ouName = { type: 'string', min: 1, max: 128, pattern: p(/^[\s\S]*$/, '[\\s\\S]*') } as const satisfies Spec;
export const policyName = { type: 'string', min: 1, max: 128, pattern: p(/^[\s\S]*$/, '[\\s\\S]*') } as const satisfies Spec;
export const policyDescription = { type: 'string', max: 512, pattern: p(/^[\s\S]*$/, '[\\s\\S]*') } as const satisfies Spec;
export const policyContent = { type: 'string', min: 1, max: 1000000, pattern: p(/^[\s\S]*$/, '[\\s\\S]*') } as const satisfies Spec;
/** Rolegate serves SCPs and RCPs; AWS's other policy types (TAG_POLICY, BACKUP_POLICY, …) are not modeled. */
export const policyType = { type: 'string', enum: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] } as const satisfies Spec;
export const childType = { type: 'string', enum: ['ACCOUNT', 'ORGANIZATIONAL_UNIT'] } as const satisfies Spec;
