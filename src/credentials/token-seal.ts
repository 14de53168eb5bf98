/**
 * The seal of session tokens: encrypt-then-MAC, AES-256-CTR then HMAC-SHA256 truncated to 128 bits
 * (RFC 4868) over version ‖ counter block ‖ ciphertext, under a separate key; the tag is checked,
 * in constant time, before anything is decrypted. That is the generic composition AES-CTR-HMAC
 * AEADs use (e.g. Tink's). The keys of a version come from the master key (HKDF, one pair per
 * version): raising the version seals under new keys while older versions still open.
 *
 * Why not AES-GCM: each GCM seal needs a new cipher context, and Node's set-up of one (~3 µs) was
 * the largest single cost of an AssumeRole. CTR lets one context produce keystream for hundreds of
 * tokens ahead (`Keystream`), each token taking its own never-reused stretch of it and carrying the
 * counter block that starts it.
 *
 * Sealed form: version (1) ‖ counter block (16) ‖ ciphertext ‖ tag (16), as base64url text.
 */
import { type KeyObject, createCipheriv, createSecretKey, hkdfSync, timingSafeEqual } from 'node:crypto';
import { HmacSha256 } from '../sigv4/hmac.js';
import { pooledRandom } from './random.js';

const HEADER = 17;
const TAG = 16;
/** Where a seal starts in the scratch buffer: its ciphertext (after the 17-byte header) then starts 4-aligned. */
const AT = 3;

/** Characters of the sealed text of an n-byte plaintext (base64url, no padding). */
const sealedLength = (n: number): number => Math.ceil(((HEADER + n + TAG) * 4) / 3);

/** The keystream of one chunk, starting at the 16-byte counter block `iv`. */
export type KeystreamSource = (iv: Buffer, bytes: number) => Buffer;

/**
 * AES-256-CTR keystream made ahead in chunks. A chunk starts at a counter block of 12 fresh random
 * bytes and a 32-bit block counter of 0; a token takes the next whole blocks of the chunk, is
 * XORed with them, and carries its starting counter block.
 *
 * Invariant (pinned by test/credentials/token-seal.test.ts): no stretch of keystream is handed out
 * twice — the position only moves forward, a new chunk gets a new random prefix (96 random bits,
 * as GCM's random nonces) — and every stretch is wiped once used, the old chunk when let go.
 */
export const CHUNK = 64 * 1024;
/** CTR's keystream is AES of the counter blocks: the encryption of zeros. */
const ZEROS = Buffer.alloc(CHUNK);

export class Keystream {
  readonly #source: KeystreamSource;
  readonly #chunk: number;
  #stream: Buffer = Buffer.alloc(0);
  #words: Uint32Array | undefined;
  #prefix: Uint8Array = new Uint8Array(12);
  #pos = 0;

  /** `chunk` (a multiple of 16) is smaller only in tests, to see many refills. */
  constructor(source: KeystreamSource, chunk = CHUNK) {
    if (chunk <= 0 || chunk % 16 !== 0) throw new TypeError('a keystream chunk is whole 16-byte blocks');
    this.#source = source;
    this.#chunk = chunk;
  }

  /**
   * XORs keystream over buf[start, start + n) and writes its counter block at buf[at, at + 16).
   * `words`, when given, is a view of buf's memory in 32-bit words, and `start` is a multiple of 4.
   */
  apply(buf: Buffer, words: Uint32Array | undefined, start: number, n: number, at: number): void {
    // Sealed tokens are bounded (MAX_SEALED_TOKEN) far below a chunk.
    if (n > this.#chunk) throw new RangeError('a token longer than a keystream chunk');
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
    const stream = this.#source(iv, this.#chunk);
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

export class TokenSeal {
  readonly #master: Buffer;
  readonly #current: number;
  readonly #keys = new Map<number, VersionKeys>();
  /** Where a seal is assembled (from AT on, so that its ciphertext is 4-aligned); grown on demand. */
  #scratch = Buffer.alloc(1024);
  #words: Uint32Array | undefined = wordsOf(this.#scratch);

  /** `currentVersion` seals; every version from 1 to it opens. */
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
      const source: KeystreamSource = (iv, bytes) => createCipheriv('aes-256-ctr', enc, iv).update(bytes === CHUNK ? ZEROS : Buffer.alloc(bytes));
      k = { enc, mac: new HmacSha256(derive('hmac-sha256')), keystream: new Keystream(source) };
      this.#keys.set(version, k);
    }
    return k;
  }

  /**
   * The sealed text of `plaintext` (UTF-8) under the current version. `limit`, when given, is the
   * longest sealed text allowed: a longer one is not made, and its length is returned instead.
   */
  seal(plaintext: string, limit = Infinity): string | number {
    const v = this.#current;
    const { mac, keystream } = this.#key(v);
    const room = AT + HEADER + plaintext.length * 3 + TAG;
    if (room > this.#scratch.length) {
      this.#scratch = Buffer.alloc(Math.max(room, this.#scratch.length * 2));
      this.#words = wordsOf(this.#scratch);
    }
    const buf = this.#scratch;
    const start = AT + HEADER;
    const n = buf.write(plaintext, start, 'utf8');
    if (sealedLength(n) > limit) {
      buf.fill(0, start, start + n);
      return sealedLength(n);
    }
    buf[AT] = v;
    keystream.apply(buf, this.#words, start, n, AT + 1);
    const end = start + n;
    buf.write(mac.digest(buf.subarray(AT, end), 'binary'), end, TAG, 'latin1');
    return buf.toString('base64url', AT, end + TAG);
  }

  /** The plaintext, or undefined when `sealed` is not ours (tampered, truncated, foreign, another version). */
  open(sealed: string): string | undefined {
    const raw = this.#decode(sealed);
    if (raw === undefined) return undefined;
    const { enc, mac } = this.#key(raw[0]!);
    const end = raw.length - TAG;
    const expected = mac.bytes(raw.subarray(0, end));
    if (!timingSafeEqual(expected.subarray(0, TAG), raw.subarray(end))) return undefined;
    const plain = createCipheriv('aes-256-ctr', enc, raw.subarray(1, HEADER)).update(raw.subarray(HEADER, end));
    try {
      return plain.toString('utf8');
    } finally {
      plain.fill(0);
    }
  }

  /**
   * The sealed bytes, when at least one byte of ciphertext and a key version this node opens. One
   * seal, one spelling: Node's decoder skips stray characters and ignores trailing bits, and the
   * session cache is keyed by the token's text.
   */
  #decode(text: string): Buffer | undefined {
    const raw = Buffer.from(text, 'base64url');
    if (raw.length < HEADER + 2 + TAG || raw.toString('base64url') !== text) return undefined;
    const v = raw[0]!;
    return v >= 1 && v <= this.#current ? raw : undefined;
  }
}
