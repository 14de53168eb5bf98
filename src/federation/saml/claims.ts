/**
 * AWS's SAML attributes (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html):
 * Role (comma-separated role/provider ARN pairs, either order), RoleSessionName (required),
 * SessionDuration, SourceIdentity, PrincipalTag:KEY and TransitiveTagKeys. Attribute names are
 * case-sensitive, as AWS says.
 */
import type { TagInput } from '../../sts/session.js';
import { InvalidIdentityToken } from '../../core/errors.js';
import { MSG, invalidResponse } from './errors.js';

type Attributes = ReadonlyMap<string, readonly string[]>;

const BASE = 'https://aws.amazon.com/SAML/Attributes/';
const ROLE = `${BASE}Role`;
const SESSION_NAME = `${BASE}RoleSessionName`;
const SESSION_DURATION = `${BASE}SessionDuration`;
const SOURCE_IDENTITY = `${BASE}SourceIdentity`;
const TRANSITIVE = `${BASE}TransitiveTagKeys`;
const TAG = `${BASE}PrincipalTag:`;

const NAME = /^[\w+=,.@-]{2,64}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** AWS: "You can pass up to 50 session tags." (id_session-tags.html) */
const MAX_TAGS = 50;

/** AWS: the Role attribute must list the requested role and provider as one pair. */
export function hasRolePair(attrs: Attributes, roleArn: string, providerArn: string): boolean {
  return (attrs.get(ROLE) ?? []).some((v) => {
    const parts = v.split(',').map((p) => p.trim());
    if (parts.length !== 2) return false;
    return (parts[0] === roleArn && parts[1] === providerArn) || (parts[0] === providerArn && parts[1] === roleArn);
  });
}

export function roleSessionName(attrs: Attributes): string {
  const v = attrs.get(SESSION_NAME)?.[0];
  if (v === undefined || v === '') throw InvalidIdentityToken(MSG.sessionNameMissing);
  if (!NAME.test(v)) throw InvalidIdentityToken(MSG.sessionNameInvalid);
  return v;
}

export function sourceIdentity(attrs: Attributes): string | undefined {
  const v = attrs.get(SOURCE_IDENTITY)?.[0];
  if (v === undefined) return undefined;
  if (!NAME.test(v) || v.toLowerCase().startsWith('aws:')) throw InvalidIdentityToken(MSG.sourceIdentityInvalid);
  return v;
}

/** AWS: "The value can range from 900 seconds (15 minutes) to 43200 seconds (12 hours)." */
export function sessionDuration(attrs: Attributes): number | undefined {
  const v = attrs.get(SESSION_DURATION)?.[0];
  if (v === undefined) return undefined;
  const n = /^\d{1,6}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 900 && n <= 43200)) throw invalidResponse('SessionDuration must be an integer from 900 to 43200');
  return n;
}

export function principalTags(attrs: Attributes): TagInput[] | undefined {
  const tags: TagInput[] = [];
  for (const [name, values] of attrs) {
    if (!name.startsWith(TAG)) continue;
    const Key = name.slice(TAG.length);
    const Value = values[0] ?? '';
    if (!TAG_KEY.test(Key) || !TAG_VALUE.test(Value) || Key.toLowerCase().startsWith('aws:')) {
      throw invalidResponse('a PrincipalTag attribute is not a valid session tag');
    }
    tags.push({ Key, Value });
  }
  if (tags.length > MAX_TAGS) throw invalidResponse(`at most ${MAX_TAGS} session tags can be passed`);
  return tags.length === 0 ? undefined : tags;
}

export function transitiveTagKeys(attrs: Attributes): string[] | undefined {
  const v = attrs.get(TRANSITIVE);
  return v === undefined || v.length === 0 ? undefined : [...v];
}
