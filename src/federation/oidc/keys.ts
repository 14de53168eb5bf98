/**
 * The signing keys of a provider: OIDC discovery (`<issuer>/.well-known/openid-configuration`,
 * whose `issuer` must equal the provider URL — OpenID Connect Discovery 1.0 §4.3), then its
 * `jwks_uri`, both fetched under the provider's TLS trust. Key sets are cached for the
 * Cache-Control max-age, kept within bounds; a token whose `kid` is unknown makes one early
 * refetch (key rotation), at most once per REFETCH_COOLDOWN_MS per provider. Failures are
 * remembered briefly so a flood of tokens cannot turn into a flood of fetches.
 */
import type { JSONWebKeySet } from 'jose';
import { type FetchOptions, FetchError, type Fetcher, fetchDocument } from './fetch.js';
import { slot } from '../../core/services.js';

export interface ProviderTrust {
  /** The registered URL, which is also the expected `iss`. */
  readonly issuer: string;
  readonly thumbprints: readonly string[];
  readonly allowInsecure: boolean;
}

const MIN_TTL_MS = 60_000;
const MAX_TTL_MS = 24 * 3600_000;
const DEFAULT_TTL_MS = 3600_000;
const REFETCH_COOLDOWN_MS = 30_000;
const FAILURE_TTL_MS = 5_000;
const TIMEOUT_MS = 5_000;
const MAX_DOCUMENT_BYTES = 64 * 1024;
const MAX_KEYS = 100;
const MAX_ENTRIES = 1_000;

interface Entry {
  keys?: JSONWebKeySet;
  expiresAt: number;
  lastRefetch: number;
  pending?: Promise<JSONWebKeySet>;
  failure?: { readonly error: FetchError; readonly until: number };
}

export class KeyCache {
  readonly #fetch: Fetcher;
  readonly #clock: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(fetcher: Fetcher = fetchDocument, clock: () => number = () => performance.now()) {
    this.#fetch = fetcher;
    this.#clock = clock;
  }

  /** The provider's key set; `unknownKid` asks for the one rate-limited early refetch. */
  async keys(p: ProviderTrust, unknownKid = false): Promise<JSONWebKeySet> {
    // The trust settings are part of the key: keys fetched under one thumbprint list are never
    // served to a provider registered with another.
    const id = `${p.issuer}\n${[...p.thumbprints].map((t) => t.toLowerCase()).sort().join(',')}\n${String(p.allowInsecure)}`;
    const now = this.#clock();
    let e = this.#entries.get(id);
    if (e === undefined) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      e = { expiresAt: 0, lastRefetch: -Infinity };
      this.#entries.set(id, e);
    }
    if (e.pending !== undefined) return e.pending;
    if (e.failure !== undefined && now < e.failure.until) throw e.failure.error;
    const refetch = unknownKid && now - e.lastRefetch >= REFETCH_COOLDOWN_MS;
    if (e.keys !== undefined && now < e.expiresAt && !refetch) return e.keys;
    if (refetch) e.lastRefetch = now;
    const entry = e;
    entry.pending = this.#load(p)
      .then(({ keys, ttlMs }) => {
        entry.keys = keys;
        entry.expiresAt = this.#clock() + ttlMs;
        delete entry.failure;
        return keys;
      })
      .catch((err: unknown) => {
        const error = err instanceof FetchError ? err : new FetchError('bad-response', 'unusable provider document');
        entry.failure = { error, until: this.#clock() + FAILURE_TTL_MS };
        throw error;
      })
      .finally(() => {
        delete entry.pending;
      });
    return entry.pending;
  }

  async #load(p: ProviderTrust): Promise<{ keys: JSONWebKeySet; ttlMs: number }> {
    // Even with the development switch on, an https issuer's documents are fetched over https only.
    const allowInsecure = p.allowInsecure && p.issuer.startsWith('http://');
    const options: FetchOptions = { thumbprints: p.thumbprints, allowInsecure, timeoutMs: TIMEOUT_MS, maxBytes: MAX_DOCUMENT_BYTES };
    const discovery = await this.#fetch(`${p.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, options);
    const config = parseObject(discovery.body);
    if (config.issuer !== p.issuer || typeof config.jwks_uri !== 'string') throw new FetchError('bad-response', 'discovery document does not match the provider');
    const jwks = await this.#fetch(config.jwks_uri, options);
    const set = parseObject(jwks.body);
    if (!Array.isArray(set.keys) || set.keys.length > MAX_KEYS || !set.keys.every((k) => typeof k === 'object' && k !== null && !Array.isArray(k))) {
      throw new FetchError('bad-response', 'not a JWK set');
    }
    const ages = [discovery.maxAge, jwks.maxAge].filter((a): a is number => a !== undefined);
    const ttlMs = ages.length === 0 ? DEFAULT_TTL_MS : Math.min(MAX_TTL_MS, Math.max(MIN_TTL_MS, Math.min(...ages) * 1000));
    return { keys: { keys: set.keys as JSONWebKeySet['keys'] }, ttlMs };
  }
}

function parseObject(body: Buffer): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw new FetchError('bad-response', 'not JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new FetchError('bad-response', 'not a JSON object');
  return v as Record<string, unknown>;
}

/** One cache per server, so separate servers never share keys. */
export const OIDC_KEYS = slot('federation/oidc-keys', () => new KeyCache());
