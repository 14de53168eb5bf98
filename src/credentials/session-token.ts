/**
 * Stateless session tokens. A token is the whole session — account, role or user, session name,
 * session policies, tags, source identity, issue time, expiry and the secret — sealed under token
 * keys derived from the master key (HKDF, one pair per version). Any node given the same master key
 * opens it without a database read; raising the key version seals new tokens under new keys while
 * tokens sealed under older versions stay valid until they expire.
 *
 * The seal is encrypt-then-MAC: AES-256-CTR, then HMAC-SHA256 truncated to 128 bits (RFC 4868)
 * over version ‖ counter block ‖ ciphertext, under a separate key; the tag is checked, in constant
 * time, before anything is decrypted. That is the generic composition AES-CTR-HMAC AEADs use
 * (e.g. Tink's). Why not AES-GCM: each GCM seal needs a new cipher context, and Node's set-up of
 * one (~3 µs) was the largest single cost of an AssumeRole. CTR lets one context produce keystream
 * for hundreds of tokens ahead (`Keystream`), each token taking its own never-reused stretch of it
 * and carrying the counter block that starts it.
 */
import { type KeyObject, createCipheriv, createDecipheriv, createSecretKey, hkdfSync, timingSafeEqual } from 'node:crypto';
import { HmacSha256 } from '../sigv4/hmac.js';
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

/** Tokens of this format; "RG" marks the AES-256-GCM tokens of earlier builds, still opened. */
const PREFIX = 'RT';
const LEGACY_PREFIX = 'RG';
/** version (1) ‖ counter block (16) ‖ ciphertext ‖ tag (16). */
const HEADER = 17;
const TAG = 16;
/** Where a token starts in the scratch buffer: its ciphertext (after the 17-byte header) then starts 4-aligned. */
const AT = 3;
/** The longest token opened. */
const MAX_TOKEN = 16_384;
/**
 * The longest token sealed: the token travels in the X-Amz-Security-Token header, and Node's HTTP
 * parser takes 16 KiB of headers in all, so a longer one could be issued but never used. A session
 * whose token would be longer is refused (PackedPolicyTooLarge: the token is our packed form).
 */
export const MAX_SEALED_TOKEN = 12_288;

/** Thrown by seal when the session does not fit MAX_SEALED_TOKEN; `percent` of it the session would take. */
export class SessionTooLarge extends Error {
  constructor(readonly percent: number) {
    super(`the session's token would take ${percent}% of the ${MAX_SEALED_TOKEN} characters allowed`);
  }
}

/** Characters of a token whose plaintext is n bytes (base64url, no padding). */
const tokenLength = (n: number): number => PREFIX.length + Math.ceil(((HEADER + n + TAG) * 4) / 3);

/**
 * AES-256-CTR keystream made ahead in chunks. A chunk starts at a counter block of 12 fresh random
 * bytes and a 32-bit block counter of 0; a token takes the next whole blocks of the chunk, is
 * XORed with them, and carries its starting counter block. Stretches are never handed out twice
 * (the position only moves forward, a new chunk gets a new random prefix: 96 random bits, as
 * GCM's random nonces) and are wiped once used.
 */
const CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(CHUNK);

class Keystream {
  readonly #key: KeyObject;
  #stream: Buffer = Buffer.alloc(0);
  #words: Uint32Array | undefined;
  #prefix: Uint8Array = new Uint8Array(12);
  #pos = 0;

  constructor(key: KeyObject) {
    this.#key = key;
  }

  /**
   * XORs keystream over buf[start, start + n) and writes its counter block at buf[at, at + 16).
   * `words`, when given, is a view of buf's memory in 32-bit words, and `start` is a multiple of 4.
   */
  apply(buf: Buffer, words: Uint32Array | undefined, start: number, n: number, at: number): void {
    // Sealed tokens are bounded (MAX_SEALED_TOKEN) far below a chunk.
    if (n > CHUNK) throw new RangeError('a token longer than a keystream chunk');
    if (this.#pos + n > this.#stream.length) this.#refill();
    const ks = this.#stream;
    const pos = this.#pos;
    buf.set(this.#prefix, at);
    buf.writeUInt32BE(pos >>> 4, at + 12);
    // Four bytes at a time where both sides are 4-aligned (`words` views buf from its byteOffset,
    // which is 4-aligned; the stream's stretches start on whole blocks).
    let i = 0;
    const kw = this.#words;
    if (words !== undefined && kw !== undefined && (start & 3) === 0) {
      const sw = start >>> 2;
      const kp = pos >>> 2;
      for (const whole = n >>> 2; i < whole; i++) words[sw + i]! ^= kw[kp + i]!;
      i <<= 2;
    }
    for (; i < n; i++) buf[start + i]! ^= ks[pos + i]!;
    // Whole blocks per token: the next one starts on a fresh counter value.
    const end = Math.min(ks.length, (pos + n + 15) & ~15);
    ks.fill(0, pos, end);
    this.#pos = end;
  }

  #refill(): void {
    // The next chunk is made before the old one is let go: if making it fails, the old chunk's
    // unused stretch is still keystream (never zeros), and the next call tries again.
    const prefix = pooledRandom(12);
    const iv = Buffer.alloc(16);
    iv.set(prefix);
    const stream = createCipheriv('aes-256-ctr', this.#key, iv).update(ZEROS);
    this.#stream.fill(0);
    this.#prefix = prefix;
    this.#stream = stream;
    this.#words = wordsOf(stream);
    this.#pos = 0;
  }
}

/** A view of b's memory in 32-bit words, when b starts 4-aligned. */
function wordsOf(b: Buffer): Uint32Array | undefined {
  return b.byteOffset % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2) : undefined;
}

interface VersionKeys {
  readonly enc: KeyObject;
  readonly mac: HmacSha256;
  readonly keystream: Keystream;
}

export class SessionTokenSealer {
  readonly #master: Buffer;
  readonly #current: number;
  readonly #keys = new Map<number, VersionKeys>();
  readonly #legacyKeys = new Map<number, KeyObject>();
  /** Where a token is assembled (from AT on, so that its ciphertext is 4-aligned); grown on demand. */
  #scratch = Buffer.alloc(1024);
  #words: Uint32Array | undefined = wordsOf(this.#scratch);

  /** `currentVersion` seals new tokens; every version from 1 to it opens. */
  constructor(masterKey: Buffer, currentVersion = 1) {
    if (!Number.isInteger(currentVersion) || currentVersion < 1 || currentVersion > 255) throw new TypeError('token key version must be 1..255');
    this.#master = masterKey;
    this.#current = currentVersion;
  }

  /** The keys of a version: one for AES-256-CTR, one for HMAC-SHA256, never the same. */
  #key(version: number): VersionKeys {
    let k = this.#keys.get(version);
    if (k === undefined) {
      const derive = (use: string): Buffer => Buffer.from(hkdfSync('sha256', this.#master, 'rolegate', `session-token/v${version}/${use}`, 32));
      const enc = createSecretKey(derive('aes-256-ctr'));
      k = { enc, mac: new HmacSha256(derive('hmac-sha256')), keystream: new Keystream(enc) };
      this.#keys.set(version, k);
    }
    return k;
  }

  seal(claims: SessionClaims): string {
    const v = this.#current;
    const { mac, keystream } = this.#key(v);
    const json = JSON.stringify(claims);
    const room = AT + HEADER + json.length * 3 + TAG;
    if (room > this.#scratch.length) {
      this.#scratch = Buffer.alloc(Math.max(room, this.#scratch.length * 2));
      this.#words = wordsOf(this.#scratch);
    }
    const buf = this.#scratch;
    const start = AT + HEADER;
    const n = buf.write(json, start, 'utf8');
    if (tokenLength(n) > MAX_SEALED_TOKEN) {
      buf.fill(0, start, start + n);
      throw new SessionTooLarge(Math.ceil((tokenLength(n) * 100) / MAX_SEALED_TOKEN));
    }
    buf[AT] = v;
    keystream.apply(buf, this.#words, start, n, AT + 1);
    const end = start + n;
    buf.write(mac.digest(buf.subarray(AT, end), 'binary'), end, TAG, 'latin1');
    return PREFIX + buf.toString('base64url', AT, end + TAG);
  }

  /** The claims, or undefined when the token is not one of ours (tampered, truncated, foreign). */
  open(token: string): SessionClaims | undefined {
    if (token.length > MAX_TOKEN) return undefined;
    if (token.startsWith(LEGACY_PREFIX)) return this.#openLegacy(token);
    if (!token.startsWith(PREFIX)) return undefined;
    const raw = this.#decode(token, HEADER + 2 + TAG);
    if (raw === undefined) return undefined;
    const { enc, mac } = this.#key(raw[0]!);
    const end = raw.length - TAG;
    const expected = mac.bytes(raw.subarray(0, end));
    if (!timingSafeEqual(expected.subarray(0, TAG), raw.subarray(end))) return undefined;
    const plain = createCipheriv('aes-256-ctr', enc, raw.subarray(1, HEADER)).update(raw.subarray(HEADER, end));
    try {
      return JSON.parse(plain.toString('utf8')) as SessionClaims;
    } catch {
      return undefined;
    } finally {
      plain.fill(0);
    }
  }

  /**
   * The bytes after the two-letter prefix, when at least `min` of them and a key version this node
   * opens. One token, one spelling: Node's decoder skips stray characters and ignores trailing
   * bits, and the session cache is keyed by the token's text.
   */
  #decode(token: string, min: number): Buffer | undefined {
    const text = token.slice(2);
    const raw = Buffer.from(text, 'base64url');
    if (raw.length < min || raw.toString('base64url') !== text) return undefined;
    const v = raw[0]!;
    return v >= 1 && v <= this.#current ? raw : undefined;
  }

  /**
   * Tokens of earlier builds: AES-256-GCM, version ‖ IV (12) ‖ tag (16) ‖ ciphertext after "RG",
   * under HKDF(master, "session-token/v<n>"), so that an upgrade cuts no live session. They expire
   * within 36 hours of the upgrade (GetSessionToken's longest); then this can go.
   */
  #openLegacy(token: string): SessionClaims | undefined {
    const raw = this.#decode(token, 1 + 12 + 16 + 2);
    if (raw === undefined) return undefined;
    const v = raw[0]!;
    try {
      let key = this.#legacyKeys.get(v);
      if (key === undefined) {
        key = createSecretKey(Buffer.from(hkdfSync('sha256', this.#master, 'rolegate', `session-token/v${v}`, 32)));
        this.#legacyKeys.set(v, key);
      }
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(1, 13), { authTagLength: 16 });
      d.setAAD(Buffer.from(`rolegate/session-token/${v}`));
      d.setAuthTag(raw.subarray(13, 29));
      const json = Buffer.concat([d.update(raw.subarray(29)), d.final()]).toString('utf8');
      return JSON.parse(json) as SessionClaims;
    } catch {
      return undefined;
    }
  }
}
