/**
 * The port through which authentication finds who signed a request: from an access key id (and,
 * for temporary credentials, the session token) to the caller, its secret and the policies that
 * govern it. IAM implements it (src/iam/identity.ts), with Organizations' SCPs plugged in by the
 * app; nothing here knows how identities are stored.
 */
import type { Caller, CallerPolicies } from '../core/action.js';
import type { Awaitable } from '../core/settle.js';
import type { Session } from '../credentials/session.js';

export interface ResolvedKey {
  readonly caller: Caller;
  readonly secret: string;
  readonly policies: CallerPolicies;
  /** Temporary credentials: the session they carry. */
  readonly session?: Session;
}

export interface Principals {
  /**
   * Throws InvalidClientTokenId for unknown, inactive or forged credentials, ExpiredToken for
   * expired sessions. A resolution known already comes back as a plain value (no await on the hot path).
   */
  resolve(accessKeyId: string, sessionToken: string | undefined, nowMs: number): Awaitable<ResolvedKey>;
}
