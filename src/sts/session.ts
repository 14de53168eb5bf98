/**
 * What every credential-issuing STS action shares: session tags (case-insensitive keys,
 * transitive keys through role chaining), the packed size of session policies and tags, and the
 * issuing of ASIA credentials sealed into a stateless session token.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
import { deflateRawSync } from 'node:zlib';
import { newAccessKeyId, newSecretAccessKey } from '../credentials/ids.js';
import type { SessionClaims } from '../credentials/session-token.js';
import { MalformedPolicyDocumentError, validatePolicy } from '../policy/index.js';
import { AwsError, InvalidParameterValue, MalformedPolicyDocument } from '../protocol/errors.js';
import type { Services } from '../server/services.js';

export interface TagInput {
  readonly Key: string;
  readonly Value: string;
}

export interface SessionTags {
  readonly tags: readonly (readonly [string, string])[];
  readonly transitive: readonly string[];
}

/**
 * Merges the request's tags with the transitive tags of the calling session (role chaining).
 * AWS's messages, as recorded against AWS (LocalStack tests/aws/services/sts snapshots).
 */
const NO_TAGS: SessionTags = Object.freeze({ tags: Object.freeze([]), transitive: Object.freeze([]) });

export function sessionTags(tags: readonly TagInput[] | undefined, transitive: readonly string[] | undefined, caller: SessionClaims | undefined): SessionTags {
  if (tags === undefined && transitive === undefined && caller?.tt === undefined && caller?.tg === undefined) return NO_TAGS;
  const seen = new Set<string>();
  for (const t of tags ?? []) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw InvalidParameterValue('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  for (const k of transitive ?? []) {
    if (!seen.has(k.toLowerCase())) throw InvalidParameterValue('The specified transitive tag key must be included in the requested tags.');
  }
  const inherited = new Set((caller?.tt ?? []).map((k) => k.toLowerCase()));
  for (const k of seen) {
    if (inherited.has(k)) {
      throw InvalidParameterValue("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.");
    }
  }
  const carried = (caller?.tg ?? []).filter(([k]) => inherited.has(k.toLowerCase()));
  return {
    tags: [...carried, ...(tags ?? []).map((t) => [t.Key, t.Value] as const)],
    transitive: [...(caller?.tt ?? []), ...(transitive ?? [])],
  };
}

/** Inline session policy: AWS's grammar for identity policies. */
export function checkSessionPolicy(policy: string | undefined): void {
  if (policy === undefined) return;
  try {
    validatePolicy(policy, 'identity');
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) throw MalformedPolicyDocument(e.message);
    throw e;
  }
}

/**
 * AWS packs session policies and tags into a compressed binary form with a fixed budget and
 * reports the share used as PackedPolicySize (percent). Our packing: the minified policy, the
 * policy ARNs and the tags, deflated, against a 2,048-byte budget.
 */
const PACKED_BUDGET = 2048;
export function packedPolicySize(policy: string | undefined, arns: readonly string[], tags: SessionTags): number {
  let text = '';
  if (policy !== undefined) text += JSON.stringify(JSON.parse(policy) as unknown);
  for (const a of arns) text += `\n${a}`;
  for (const [k, v] of tags.tags) text += `\n${k}=${v}`;
  for (const k of tags.transitive) text += `\n*${k}`;
  if (text === '') return 0;
  const percent = Math.ceil((deflateRawSync(Buffer.from(text, 'utf8')).length * 100) / PACKED_BUDGET);
  if (percent > 100) throw new AwsError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`, 400);
  return percent;
}

// A type alias (not an interface) so it fits the XML encoder's index-signature shape.
export type IssuedCredentials = {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: Date;
};

/** New temporary credentials for `claims` (minus the key, secret and times, which this fills in). */
export function issueCredentials(
  services: Services,
  now: Date,
  durationSeconds: number,
  claims: Omit<SessionClaims, 'k' | 's' | 'iat' | 'exp'>,
): IssuedCredentials {
  const accessKeyId = newAccessKeyId('ASIA', claims.a, services.random);
  const secret = newSecretAccessKey(services.random);
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + durationSeconds;
  const token = services.tokens.seal(Object.assign({ k: accessKeyId, s: secret, iat, exp }, claims));
  return { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: new Date(exp * 1000) };
}
