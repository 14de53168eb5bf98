/**
 * Stateless session tokens. A token is the whole session — account, role or user, session name,
 * session policies, tags, source identity, issue time, expiry and the secret — sealed with
 * AES-256-GCM under a token key derived from the master key (HKDF, one key per version). Any node
 * given the same master key opens it without a database read; raising the key version seals new
 * tokens under a new key while tokens sealed under older versions stay valid until they expire.
 */
import { type KeyObject, createCipheriv, createDecipheriv, createSecretKey, hkdfSync } from 'node:crypto';
import { pooledRandom } from './random.js';

export interface SessionClaims {
  /** The ASIA… access key id the token belongs to. */
  readonly k: string;
  /** The secret access key. */
  readonly s: string;
  /** The account the session lives in. */
  readonly a: string;
  /** role: AssumeRole*; fed: GetFederationToken; user: GetSessionToken. */
  readonly typ: 'role' | 'fed' | 'user';
  /** Issued at / expires at, epoch seconds. */
  readonly iat: number;
  readonly exp: number;
  /** Role sessions: role id, name, ARN (with path), session name. */
  readonly rid?: string;
  readonly rn?: string;
  readonly ra?: string;
  readonly sn?: string;
  /** User-derived sessions: the IAM user's id, name and ARN. Federated: `sn` is the federated name. */
  readonly uid?: string;
  readonly un?: string;
  readonly ua?: string;
  /** Session policy: inline text and managed ARNs. */
  readonly p?: string;
  readonly pa?: readonly string[];
  /** Session tags [key, value] and the keys that pass through role chaining. */
  readonly tg?: readonly (readonly [string, string])[];
  readonly tt?: readonly string[];
  /** Source identity (persists through role chaining). */
  readonly si?: string;
  /** MFA was used to obtain the session, and when (epoch seconds). */
  readonly mfa?: boolean;
  readonly mfat?: number;
  /** Made by role chaining (a role session assumed this role): capped at one hour. */
  readonly ch?: boolean;
  /** Web identity / SAML: the provider. */
  readonly fp?: string;
}

const PREFIX = 'RG';
const AAD = 'rolegate/session-token';

export class SessionTokenSealer {
  readonly #master: Buffer;
  readonly #current: number;
  readonly #keys = new Map<number, { readonly key: KeyObject; readonly aad: Buffer }>();

  /** `currentVersion` seals new tokens; every version from 1 to it opens. */
  constructor(masterKey: Buffer, currentVersion = 1) {
    if (!Number.isInteger(currentVersion) || currentVersion < 1 || currentVersion > 255) throw new TypeError('token key version must be 1..255');
    this.#master = masterKey;
    this.#current = currentVersion;
  }

  /** The key of a version and the associated data that binds a token to it. */
  #key(version: number): { readonly key: KeyObject; readonly aad: Buffer } {
    let k = this.#keys.get(version);
    if (k === undefined) {
      k = { key: createSecretKey(Buffer.from(hkdfSync('sha256', this.#master, 'rolegate', `session-token/v${version}`, 32))), aad: Buffer.from(`${AAD}/${version}`) };
      this.#keys.set(version, k);
    }
    return k;
  }

  /** version (1 byte) ‖ IV (12) ‖ tag (16) ‖ ciphertext, base64url, after the "RG" prefix. */
  seal(claims: SessionClaims): string {
    const v = this.#current;
    const { key, aad } = this.#key(v);
    const iv = pooledRandom(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(aad);
    const ct = c.update(JSON.stringify(claims), 'utf8');
    const rest = c.final(); // empty for GCM, kept for form's sake
    const out = Buffer.allocUnsafe(29 + ct.length + rest.length);
    out[0] = v;
    out.set(iv, 1);
    out.set(c.getAuthTag(), 13);
    out.set(ct, 29);
    out.set(rest, 29 + ct.length);
    return PREFIX + out.toString('base64url');
  }

  /** The claims, or undefined when the token is not one of ours (tampered, truncated, foreign). */
  open(token: string): SessionClaims | undefined {
    if (!token.startsWith(PREFIX) || token.length > 16_384) return undefined;
    const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
    if (raw.length < 1 + 12 + 16 + 2) return undefined;
    const v = raw[0]!;
    if (v < 1 || v > this.#current) return undefined;
    try {
      const { key, aad } = this.#key(v);
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(1, 13));
      d.setAAD(aad);
      d.setAuthTag(raw.subarray(13, 29));
      const json = Buffer.concat([d.update(raw.subarray(29)), d.final()]).toString('utf8');
      return JSON.parse(json) as SessionClaims;
    } catch {
      return undefined;
    }
  }
}
