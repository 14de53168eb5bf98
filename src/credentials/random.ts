/**
 * Cryptographic randomness from a pool: one randomFillSync of 64 KiB serves hundreds of ids and
 * secrets instead of a system call each (credential minting is on the AssumeRole hot path).
 */
import { randomFillSync } from 'node:crypto';

const POOL = 64 * 1024;
let pool = Buffer.allocUnsafe(POOL);
let offset = POOL;

/** Where the next n unused bytes of the pool start (refilled when fewer are left); they are now taken. */
function take(n: number): number {
  if (offset + n > POOL) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL));
    offset = 0;
  }
  const at = offset;
  offset += n;
  return at;
}

export function pooledRandom(n: number): Uint8Array {
  if (n > POOL / 4) return randomFillSync(Buffer.alloc(n));
  const at = take(n);
  // A copy, so callers may keep or modify it without touching the pool.
  const out = Uint8Array.prototype.slice.call(pool, at, at + n);
  pool.fill(0, at, at + n);
  return out;
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const UUID_TEXT = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
/** Where each of the 16 bytes' two hex digits go in "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx". */
const UUID_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/**
 * A random (version 4, RFC 9562) UUID from the pool, for request and event ids. One string is
 * made: Node's randomUUID builds each from some twenty intermediate strings, two per request.
 */
export function randomUuid(): string {
  const at = take(16);
  pool[at + 6] = (pool[at + 6]! & 0x0f) | 0x40;
  pool[at + 8] = (pool[at + 8]! & 0x3f) | 0x80;
  for (let i = 0; i < 16; i++) {
    const b = pool[at + i]!;
    const to = UUID_AT[i]!;
    UUID_TEXT[to] = HEX[b >>> 4]!;
    UUID_TEXT[to + 1] = HEX[b & 15]!;
  }
  pool.fill(0, at, at + 16);
  return UUID_TEXT.toString('latin1');
}

/** A version 4 UUID from the given random source (a server's `services.random`, which tests may fix). */
export function uuidFrom(random: (n: number) => Uint8Array): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
