/**
 * Console password hashes: scrypt (memory-hard, RFC 7914) from node:crypto, run on libuv's thread
 * pool (crypto.scrypt, never scryptSync: a hash costs ~100 ms of CPU and must not stall the event
 * loop). A hash is stored with its parameters, `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` (base64url),
 * so they can be raised later: old hashes keep verifying with the parameters they were made with.
 * Passwords are never stored, logged or put in an error; keys are compared in constant time.
 * Every run passes the server's hash gate (gate.ts) under the caller it is for.
 */
import { scrypt, timingSafeEqual } from 'node:crypto';
import type { Services } from '../../core/services.js';
import { HASH_GATE, type HashCaller } from './gate.js';

export interface ScryptParams {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's scrypt floor (N = 2^15, r = 8, p = 1): 32 MiB and ~100 ms per hash on one core. */
export const CURRENT: ScryptParams = Object.freeze({ logN: 15, r: 8, p: 1 });
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/**
 * Stored hashes are ours, but a corrupt row must not ask for gigabytes: scrypt's memory is
 * 128·N·r bytes (p runs in sequence), and a hash whose parameters ask for more than 256 MiB is
 * treated as matching nothing.
 */
const MAX_LOG_N = 19;
const MAX_MEMORY = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  // maxmem: scrypt needs 128·N·r·p bytes and a little more; Node's default (32 MiB) is just short.
  const maxmem = 256 * N * params.r * params.p;
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(password, 'utf8'), salt, KEY_BYTES, { N, r: params.r, p: params.p, maxmem }, (err, key) => (err === null ? resolve(key) : reject(err)));
  });
}

/** A new hash of `password` with the current parameters and a fresh salt. */
export async function hashPassword(services: Services, caller: HashCaller, password: string, params: ScryptParams = CURRENT): Promise<string> {
  const salt = Buffer.from(services.random(SALT_BYTES));
  const key = await services.get(HASH_GATE).run(caller, () => derive(password, salt, params));
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface Parsed {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![logN, r, p].every(Number.isSafeInteger) || logN < 10 || logN > MAX_LOG_N || r < 1 || r > 32 || p < 1 || p > 16) return undefined;
  if (128 * 2 ** logN * r > MAX_MEMORY) return undefined;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < SALT_BYTES || key.length !== KEY_BYTES) return undefined;
  return { params: { logN, r, p }, salt, key };
}

/** Whether `password` matches `stored` (constant-time comparison of the derived keys). */
export async function passwordMatches(services: Services, caller: HashCaller, password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (h === undefined) return false;
  const key = await services.get(HASH_GATE).run(caller, () => derive(password, h.salt, h.params));
  return timingSafeEqual(key, h.key);
}

/** A hash no password matches, with the current parameters: unknown users cost the same time as known ones. */
export async function burnTime(services: Services, caller: HashCaller, password: string): Promise<void> {
  const salt = Buffer.alloc(SALT_BYTES);
  await services.get(HASH_GATE).run(caller, () => derive(password, salt, CURRENT));
}

/** Whether the hash was made with weaker parameters than today's (a sign-in may then rehash it). */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return h === undefined || h.params.logN < CURRENT.logN || h.params.r < CURRENT.r || h.params.p < CURRENT.p;
}
