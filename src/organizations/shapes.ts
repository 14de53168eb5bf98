/**
 * Parameter shapes from the Organizations service model (botocore
 * data/organizations/2016-11-28/service-2.json). AWS matches a pattern against the whole value,
 * so each regular expression here is anchored; the message quotes the model's text.
 */
import type { JsonSpec } from '../protocol/json.js';
import type { Pattern } from '../protocol/params.js';

const p = (re: RegExp, text: string): Pattern => ({ re, text });

export const email = { type: 'string', min: 6, max: 64, pattern: p(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, '[^\\s@]+@[^\\s@]+\\.[^\\s@]+'), sensitive: true } as const satisfies JsonSpec;
export const createAccountName = { type: 'string', min: 1, max: 50, pattern: p(/^[\u0020-\u007E]+$/, '[\\u0020-\\u007E]+'), sensitive: true } as const satisfies JsonSpec;
export const roleName = { type: 'string', max: 64, pattern: p(/^[\w+=,.@-]{1,64}$/, '[\\w+=,.@-]{1,64}') } as const satisfies JsonSpec;
export const iamUserAccessToBilling = { type: 'string', enum: ['ALLOW', 'DENY'] } as const satisfies JsonSpec;
export const featureSet = { type: 'string', enum: ['ALL', 'CONSOLIDATED_BILLING'] } as const satisfies JsonSpec;
export const accountId = { type: 'string', max: 12, pattern: p(/^\d{12}$/, '^\\d{12}$') } as const satisfies JsonSpec;
export const createAccountRequestId = { type: 'string', max: 36, pattern: p(/^car-[a-z0-9]{8,32}$/, '^car-[a-z0-9]{8,32}$') } as const satisfies JsonSpec;
export const nextToken = { type: 'string', max: 100000, pattern: p(/^[\s\S]*$/, '[\\s\\S]*') } as const satisfies JsonSpec;
export const maxResults = { type: 'integer', min: 1, max: 20 } as const satisfies JsonSpec;

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
} as const satisfies JsonSpec;
