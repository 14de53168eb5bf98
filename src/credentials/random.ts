/**
 * Cryptographic randomness from a pool: one randomFillSync of 64 KiB serves hundreds of ids and
 * secrets instead of a system call each (credential minting is on the AssumeRole hot path).
 */
import { randomFillSync } from 'node:crypto';

const POOL = 64 * 1024;
let pool = Buffer.allocUnsafe(POOL);
let offset = POOL;

export function pooledRandom(n: number): Uint8Array {
  if (n > POOL / 4) return randomFillSync(Buffer.alloc(n));
  if (offset + n > POOL) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL));
    offset = 0;
  }
  // A copy, so callers may keep or modify it without touching the pool.
  const out = Uint8Array.prototype.slice.call(pool, offset, offset + n);
  pool.fill(0, offset, offset + n);
  offset += n;
  return out;
}
