/**
 * The identity store's input shapes (botocore data/identitystore/2020-06-15), patterns anchored.
 * Members the model marks sensitive (names, emails, addresses, …) are `sensitive` here: no
 * validation message or audit line quotes them.
 */
import type { Spec } from '../../core/input.js';

export const identityStoreId = {
  type: 'string',
  min: 1,
  max: 36,
  pattern: { re: /^(?:d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, text: 'd-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' },
} as const satisfies Spec;

/** ResourceId: a UUID, optionally after 10 hex digits and a dash (AWS's older form). */
export const resourceId = {
  type: 'string',
  min: 1,
  max: 47,
  pattern: { re: /^(?:[0-9a-f]{10}-)?[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/, text: '([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}' },
} as const satisfies Spec;

const text = { re: /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00a0\u3000]+$/u, text: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r  　]+' } as const;
/** SensitiveStringType. */
export const sensitiveString = { type: 'string', min: 1, max: 1024, pattern: text, sensitive: true } as const satisfies Spec;
export const userName = { type: 'string', min: 1, max: 128, pattern: { re: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, text: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' }, sensitive: true } as const satisfies Spec;
export const groupDisplayName = { type: 'string', min: 1, max: 1024, pattern: { re: /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00a0]+$/u, text: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r  ]+' }, sensitive: true } as const satisfies Spec;

export const name = {
  type: 'structure',
  members: { Formatted: sensitiveString, FamilyName: sensitiveString, GivenName: sensitiveString, MiddleName: sensitiveString, HonorificPrefix: sensitiveString, HonorificSuffix: sensitiveString },
} as const satisfies Spec;
const valued = { type: 'structure', members: { Value: sensitiveString, Type: sensitiveString, Primary: { type: 'boolean' } } } as const satisfies Spec;
export const emails = { type: 'list', min: 1, max: 1, member: valued } as const satisfies Spec;
export const phoneNumbers = { type: 'list', min: 1, max: 1, member: valued } as const satisfies Spec;
export const roles = { type: 'list', min: 1, max: 1, member: valued } as const satisfies Spec;
export const addresses = {
  type: 'list',
  min: 1,
  max: 1,
  member: {
    type: 'structure',
    members: {
      StreetAddress: sensitiveString,
      Locality: sensitiveString,
      Region: sensitiveString,
      PostalCode: sensitiveString,
      Country: sensitiveString,
      Formatted: sensitiveString,
      Type: sensitiveString,
      Primary: { type: 'boolean' },
    },
  },
} as const satisfies Spec;
export const photos = {
  type: 'list',
  min: 1,
  max: 3,
  member: { type: 'structure', members: { Value: { ...sensitiveString, required: true }, Type: sensitiveString, Display: sensitiveString, Primary: { type: 'boolean' } } },
} as const satisfies Spec;

/** A user's attributes as CreateUser takes them (and UpdateUser's operations address them). */
export const userAttributes = {
  UserName: userName,
  Name: name,
  DisplayName: sensitiveString,
  NickName: sensitiveString,
  ProfileUrl: sensitiveString,
  Emails: emails,
  Addresses: addresses,
  PhoneNumbers: phoneNumbers,
  UserType: sensitiveString,
  Title: sensitiveString,
  PreferredLanguage: sensitiveString,
  Locale: sensitiveString,
  Timezone: sensitiveString,
  Photos: photos,
  Website: sensitiveString,
  Birthdate: sensitiveString,
  Roles: roles,
} as const satisfies Record<string, Spec>;

export const groupAttributes = { DisplayName: groupDisplayName, Description: sensitiveString } as const satisfies Record<string, Spec>;

export const attributePath = {
  type: 'string',
  min: 1,
  max: 255,
  pattern: { re: /^(?:\p{L}+:\p{L}+:\p{L}+(?:\.\p{L}+){0,3}|\p{L}+(?:\.\p{L}+){0,2})$/u, text: '(?:\\p{L}+:\\p{L}+:\\p{L}+(?:\\.\\p{L}+){0,3}|\\p{L}+(?:\\.\\p{L}+){0,2})' },
} as const satisfies Spec;
export const operations = {
  type: 'list',
  min: 1,
  max: 100,
  // AttributeValue is not sensitive in the model, but it carries what the User shape's sensitive
  // members hold (names, emails, addresses): kept out of audit lines and messages alike.
  member: { type: 'structure', members: { AttributePath: { ...attributePath, required: true }, AttributeValue: { type: 'document', sensitive: true } } },
} as const satisfies Spec;

/** MemberId: a union of one member, UserId. */
export const memberId = { type: 'structure', members: { UserId: resourceId } } as const satisfies Spec;

const externalIdText = { re: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, text: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' } as const;
/** AlternateIdentifier: a union of ExternalId and UniqueAttribute. */
export const alternateIdentifier = {
  type: 'structure',
  members: {
    ExternalId: {
      type: 'structure',
      members: {
        Issuer: { type: 'string', min: 1, max: 256, pattern: externalIdText, sensitive: true, required: true },
        Id: { type: 'string', min: 1, max: 256, pattern: externalIdText, sensitive: true, required: true },
      },
    },
    UniqueAttribute: { type: 'structure', members: { AttributePath: { ...attributePath, required: true }, AttributeValue: { type: 'document', required: true, sensitive: true } } },
  },
} as const satisfies Spec;

export const maxResults = { type: 'integer', min: 1, max: 100 } as const satisfies Spec;
export const nextToken = { type: 'string', min: 1, max: 65535, pattern: { re: /^[-a-zA-Z0-9+=/:_]*$/, text: '[-a-zA-Z0-9+=/:_]*' } } as const satisfies Spec;
export const filters = {
  type: 'list',
  min: 0,
  max: 1,
  member: { type: 'structure', members: { AttributePath: { ...attributePath, required: true }, AttributeValue: { ...sensitiveString, required: true } } },
} as const satisfies Spec;
