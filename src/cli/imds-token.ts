/**
 * IMDSv2 session tokens: random, stateless, checked in constant time. A token is 16 random bytes,
 * its expiry (epoch ms, 8 bytes) and an HMAC-SHA256 of both under a key made at start — so a flood
 * of PUTs holds no memory, and a token is good only for this process and only until it expires.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const NONCE = 16;
const MAC = 32;
const LENGTH = NONCE + 8 + MAC;
/** base64url of LENGTH bytes. */
const TEXT_LENGTH = Math.ceil((LENGTH * 4) / 3);

/** Tokens already verified, with their expiry: a client reuses its token, so most reads skip the HMAC. Bounded. */
const VERIFIED_MAX = 1024;

export class ImdsTokens {
  readonly #key = randomBytes(32);
  readonly #verified = new Map<string, number>();

  #mac(body: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(body).digest();
  }

  issue(ttlSeconds: number, nowMs: number): string {
    const body = Buffer.alloc(NONCE + 8);
    randomBytes(NONCE).copy(body);
    body.writeBigUInt64BE(BigInt(nowMs + ttlSeconds * 1000), NONCE);
    return Buffer.concat([body, this.#mac(body)]).toString('base64url');
  }

  /** Seconds the token has left (at least 1), or 0 when it is not one of ours or has expired. */
  remaining(token: string, nowMs: number): number {
    let expiresAt = this.#verified.get(token);
    if (expiresAt === undefined) {
      expiresAt = this.#verify(token);
      if (expiresAt === undefined) return 0;
      if (this.#verified.size >= VERIFIED_MAX) this.#verified.clear();
      this.#verified.set(token, expiresAt);
    }
    const left = expiresAt - nowMs;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** The token's expiry when its MAC is ours (compared in constant time), else undefined. */
  #verify(token: string): number | undefined {
    if (token.length !== TEXT_LENGTH) return undefined;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== LENGTH) return undefined;
    const body = raw.subarray(0, NONCE + 8);
    if (!timingSafeEqual(raw.subarray(NONCE + 8), this.#mac(body))) return undefined;
    return Number(body.readBigUInt64BE(NONCE));
  }
}
