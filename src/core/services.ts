/**
 * What handlers and the spine share, one per server: injected time and randomness, key material,
 * config, the store, and every per-server cache. Families keep their own caches here as slots
 * (`slot(...)` at module level names one; `services.get(SLOT)` makes it on first use), so no cache
 * is module-level state shared by two servers in one process, and the kernel imports no family.
 */
import type { AuthorizationMessages } from '../credentials/authz-message.js';
import type { Sealer } from '../credentials/sealing.js';
import type { SessionTokenSealer } from '../credentials/session-token.js';
import type { Store } from '../store/types.js';
import type { Config } from './config.js';
import { ReadCache } from './read-cache.js';

/** A per-server cache (or other state) a family defines: made once per server, on first use. */
export interface Slot<T> {
  readonly name: string;
  readonly create: (services: Services) => T;
}

export const slot = <T>(name: string, create: (services: Services) => T): Slot<T> => ({ name, create });

/** What a server starts with; the cache and the slots are made from these. */
type ServicesInit = Pick<Services, 'config' | 'store' | 'now' | 'random' | 'sealer' | 'tokens' | 'authzMessages'>;

export class Services {
  readonly config: Config;
  readonly store: Store;
  /** The clock (injected so tests control expiry). */
  readonly now: () => Date;
  /** Randomness (injected so tests can make ids deterministic). */
  readonly random: (n: number) => Uint8Array;
  readonly sealer: Sealer;
  readonly tokens: SessionTokenSealer;
  readonly authzMessages: AuthorizationMessages;
  /** Cached single-item reads, invalidated on every committed change. */
  readonly cache: ReadCache;
  readonly #slots = new Map<Slot<unknown>, unknown>();

  constructor(init: ServicesInit) {
    this.config = init.config;
    this.store = init.store;
    this.now = init.now;
    this.random = init.random;
    this.sealer = init.sealer;
    this.tokens = init.tokens;
    this.authzMessages = init.authzMessages;
    this.cache = new ReadCache(init.store);
  }

  /** This server's instance of a family's slot. */
  get<T>(s: Slot<T>): T {
    let v = this.#slots.get(s) as T | undefined;
    if (v === undefined) {
      v = s.create(this);
      this.#slots.set(s, v);
    }
    return v;
  }
}

/** Labels under which sealed values are bound to their purpose. */
export const SEAL = {
  secretAccessKey: 'rolegate/secret-access-key/v1',
  mfaSeed: 'rolegate/mfa-seed/v1',
  serverCertificateKey: 'rolegate/server-certificate-key/v1',
  serviceSpecificPassword: 'rolegate/service-specific-password/v1',
  workloadToken: 'rolegate/workload-token/v1',
} as const;
