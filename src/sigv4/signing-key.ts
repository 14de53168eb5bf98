/**
 * The signing key ("Create a signed AWS API request", step 4):
 *   kDate = HMAC("AWS4" + secret, yyyymmdd); kRegion = HMAC(kDate, region);
 *   kService = HMAC(kRegion, service); kSigning = HMAC(kService, "aws4_request")
 * It changes once a day per scope, so it is cached: an LRU of at most 1024 keys. The cache is
 * keyed by an HMAC (under a random per-process key) of secret, date, region and service, never by
 * the secret itself, so no readable secret sits in the map.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { HmacSha256 } from './hmac.js';

export const SIGNING_KEY_CACHE_SIZE = 1024;

const cacheKeyKey = randomBytes(32);
const cache = new Map<string, { readonly key: Buffer; readonly secret: string }>();
/** The last key handed out for an owner, with what it was derived from. */
let lastUsed: { readonly owner: string; readonly secret: string; readonly date: string; readonly region: string; readonly service: string; readonly key: Buffer } | undefined;

const hmac = (key: Uint8Array | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/**
 * `keyOwner` (the access key id the secret belongs to) lets the cache be keyed by that public id
 * instead of an HMAC over the secret — one HMAC fewer per request. The entry then remembers which
 * secret it was derived from, so a different secret under the same id never reuses it.
 */
export function signingKey(secret: string, date: string, region: string, service: string, keyOwner?: string): Buffer {
  // The usual run of calls under one key and scope skips building the id and the map lookup.
  const last = lastUsed;
  if (keyOwner !== undefined && last !== undefined && last.owner === keyOwner && last.secret === secret && last.date === date && last.region === region && last.service === service) {
    return last.key;
  }
  // NUL separators: no two (secret or owner, date, region, service) tuples give the same input.
  const id =
    keyOwner !== undefined
      ? `k\0${keyOwner}\0${date}\0${region}\0${service}`
      : createHmac('sha256', cacheKeyKey).update(`${secret}\0${date}\0${region}\0${service}`, 'utf8').digest('base64');
  const hit = cache.get(id);
  let key: Buffer;
  if (hit !== undefined && (keyOwner === undefined || hit.secret === secret)) {
    cache.delete(id); // re-insert: Map order is our recency order
    cache.set(id, hit);
    key = hit.key;
  } else {
    key = deriveSigningKey(secret, date, region, service);
    cache.delete(id);
    cache.set(id, { key, secret: keyOwner === undefined ? '' : secret });
    if (cache.size > SIGNING_KEY_CACHE_SIZE) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
  }
  lastUsed = keyOwner === undefined ? undefined : { owner: keyOwner, secret, date, region, service, key };
  return key;
}

/** For tests: the number of cached keys, and a way to start cold. */
export function signingKeyCacheSize(): number {
  return cache.size;
}
export function clearSigningKeyCache(): void {
  cache.clear();
  lastUsed = undefined;
}

/** Prepared HMACs of cached signing keys: the padded key is built once per key, not per request. */
const macs = new WeakMap<Uint8Array, HmacSha256>();

export function signatureHex(key: Uint8Array, stringToSign: string): string {
  let mac = macs.get(key);
  if (mac === undefined) {
    mac = new HmacSha256(key);
    macs.set(key, mac);
  }
  return mac.digest(stringToSign);
}
