/**
 * What a verified web identity token contributes to the trust decision and the session:
 * the web identity condition keys, the session tags of the `https://aws.amazon.com/tags` claim
 * and the source identity of the `https://aws.amazon.com/source_identity` claim.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-idp
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
 */
import type { JWTPayload } from 'jose';
import type { ContextValue } from '../../policy/index.js';
import type { TagInput } from '../../sts/session.js';
import { IDPRejectedClaim } from '../../core/errors.js';

/**
 * Providers whose keys AWS names differently ("Available keys for AWS web identity federation"):
 * Facebook and Login with Amazon call the audience `app_id` and the subject `id` / `user_id`.
 * Every other provider (Google, Cognito and IAM OIDC providers) uses `<provider>:aud`, `:sub`, ….
 */
const KEY_NAMES: ReadonlyMap<string, { readonly aud: string; readonly sub: string }> = new Map([
  ['graph.facebook.com', { aud: 'app_id', sub: 'id' }],
  ['www.amazon.com', { aud: 'app_id', sub: 'user_id' }],
]);

/**
 * Providers AWS trusts by name: their trust policies say `"Federated": "accounts.google.com"`.
 * For an IAM OIDC provider the Federated principal (and aws:FederatedProvider) is its ARN.
 */
const NAMED_PROVIDERS: ReadonlySet<string> = new Set(['accounts.google.com', 'cognito-identity.amazonaws.com', 'graph.facebook.com', 'www.amazon.com']);

export function federatedName(name: string, arn: string): string {
  return NAMED_PROVIDERS.has(name) ? name : arn;
}

/**
 * `<provider>:aud` is the client id the token was issued to (azp when it is a client id, as for
 * Google); `:oaud` the token's own `aud` when `azp` is present; `:azp`, `:sub`, `:amr` as in the
 * token. The provider is the registered URL without https:// (e.g. `oidc.example.com/tenant:sub`).
 */
export function webIdentityKeys(name: string, payload: JWTPayload, subject: string, audience: string): Record<string, ContextValue> {
  const names = KEY_NAMES.get(name) ?? { aud: 'aud', sub: 'sub' };
  const out: Record<string, ContextValue> = { [`${name}:${names.aud}`]: audience, [`${name}:${names.sub}`]: subject };
  const azp = payload.azp;
  if (typeof azp === 'string') {
    out[`${name}:azp`] = azp;
    const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    out[`${name}:oaud`] = aud.filter((a) => typeof a === 'string');
  }
  const amr = payload.amr;
  if (typeof amr === 'string') out[`${name}:amr`] = [amr];
  else if (Array.isArray(amr)) out[`${name}:amr`] = amr.filter((a): a is string => typeof a === 'string');
  return out;
}

const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/;
const MAX_TAGS = 50;

const malformed = (what: string): Error => IDPRejectedClaim(`The ${what} claim of the web identity token is not valid.`);

/**
 * `"https://aws.amazon.com/tags": {"principal_tags": {"Project": ["Automation"]},
 * "transitive_tag_keys": ["Project"]}` — each tag value a one-element list of strings.
 */
export function tokenTags(payload: JWTPayload): { readonly tags?: TagInput[]; readonly transitive?: string[] } {
  const claim = payload[TAGS_CLAIM];
  if (claim === undefined) return {};
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw malformed(TAGS_CLAIM);
  const { principal_tags: principal, transitive_tag_keys: transitive } = claim as Record<string, unknown>;
  const tags: TagInput[] = [];
  if (principal !== undefined) {
    if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) throw malformed(TAGS_CLAIM);
    for (const [Key, raw] of Object.entries(principal)) {
      const value: unknown = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
      if (!TAG_KEY.test(Key) || typeof value !== 'string' || !TAG_VALUE.test(value)) throw malformed(TAGS_CLAIM);
      tags.push({ Key, Value: value });
    }
    if (tags.length > MAX_TAGS) throw malformed(TAGS_CLAIM);
  }
  let keys: string[] | undefined;
  if (transitive !== undefined) {
    if (!Array.isArray(transitive) || transitive.length > MAX_TAGS || !transitive.every((k) => typeof k === 'string' && TAG_KEY.test(k))) throw malformed(TAGS_CLAIM);
    keys = transitive as string[];
  }
  return { ...(principal === undefined ? {} : { tags }), ...(keys === undefined ? {} : { transitive: keys }) };
}

export function tokenSourceIdentity(payload: JWTPayload): string | undefined {
  const v = payload[SOURCE_IDENTITY_CLAIM];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !SOURCE_IDENTITY.test(v)) throw malformed(SOURCE_IDENTITY_CLAIM);
  return v;
}
