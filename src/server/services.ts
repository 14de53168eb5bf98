/** What handlers and the pipeline share: injected time and randomness, key material, config. */
import type { AuthorizationMessages } from '../credentials/authz-message.js';
import type { Sealer } from '../credentials/sealing.js';
import type { SessionTokenSealer } from '../credentials/session-token.js';
import type { Config } from './config.js';
import type { ReadCache } from './read-cache.js';

export interface Services {
  readonly config: Config;
  /** The clock (injected so tests control expiry). */
  readonly now: () => Date;
  /** Randomness (injected so tests can make ids deterministic). */
  readonly random: (n: number) => Uint8Array;
  readonly sealer: Sealer;
  readonly tokens: SessionTokenSealer;
  readonly authzMessages: AuthorizationMessages;
  /** Cached single-item reads, invalidated on every committed change. */
  readonly cache: ReadCache;
}

/** Labels under which sealed values are bound to their purpose. */
export const SEAL = {
  secretAccessKey: 'rolegate/secret-access-key/v1',
  mfaSeed: 'rolegate/mfa-seed/v1',
} as const;
