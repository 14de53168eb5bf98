/**
 * Back-off after wrong old passwords on ChangePassword. AWS documents no lockout for IAM users'
 * passwords; ChangePassword's documented errors include LimitExceeded ("attempted to create
 * resources beyond the current AWS account limits"), and AWS's own Cognito answers repeated
 * password attempts with LimitExceeded "Attempt limit exceeded, please try after some time." —
 * the code and wording used here. The design is ours, and conservative:
 *
 * - a wrong old password is answered as usual (AccessDenied); the MAX_FAILURES-th in a row, and
 *   each one after it, also locks ChangePassword for that user, for a delay that doubles from
 *   FIRST_DELAY up to MAX_DELAY; while locked, every ChangePassword of the user — right or wrong
 *   old password — is refused with LimitExceeded before any hash runs (so the lock is no oracle
 *   and costs no CPU);
 * - a right old password (outside a lock) clears the count; a count with no failure for FORGET
 *   is forgotten.
 *
 * Requests already past the check when the lock falls still finish (at most the hash gate's
 * per-principal bound, gate.ts), so a flood gets a handful of guesses per lock, not more.
 *
 * Only the user itself can call ChangePassword (its own credentials), so the lock reveals nothing
 * about other users. Keyed by the user's id (AIDA…), not its name: a user deleted and re-created
 * starts afresh, a rename keeps its count. Kept in this server's memory (a Services slot): each
 * node of a cluster counts on its own, and a restart forgets. At most MAX_ENTRIES users are
 * tracked; beyond that the least recently failed are forgotten first (memory stays bounded under
 * a flood of many users' failures).
 */
import { LimitExceeded } from '../../core/errors.js';
import { slot } from '../../core/services.js';

export const MAX_FAILURES = 5;
export const FIRST_DELAY = 60_000;
export const MAX_DELAY = 15 * 60_000;
export const FORGET = 60 * 60_000;
export const MAX_ENTRIES = 10_000;

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export const locked = (): Error => LimitExceeded('Attempt limit exceeded, please try after some time.');

export class PasswordLockout {
  /** Least recently failed first (a Map's insertion order; a failure re-inserts). */
  readonly #entries = new Map<string, Entry>();

  /** Throws LimitExceeded while `key` is locked; forgets a stale count. */
  check(key: string, now: number): void {
    const e = this.#entries.get(key);
    if (e === undefined) return;
    if (now < e.lockedUntil) throw locked();
    if (now - e.lastFailure >= FORGET) this.#entries.delete(key);
  }

  /** One more wrong old password for `key`. */
  failed(key: string, now: number): void {
    const prior = this.#entries.get(key);
    const failures = (prior === undefined || now - prior.lastFailure >= FORGET ? 0 : prior.failures) + 1;
    const over = failures - MAX_FAILURES;
    const lockedUntil = over >= 0 ? now + Math.min(MAX_DELAY, FIRST_DELAY * 2 ** Math.min(over, 20)) : 0;
    this.#entries.delete(key);
    this.#entries.set(key, { failures, lockedUntil, lastFailure: now });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(oldest);
    }
  }

  /** The right old password: the count starts again. */
  succeeded(key: string): void {
    this.#entries.delete(key);
  }

  /** Users tracked (tests, metrics). */
  get size(): number {
    return this.#entries.size;
  }
}

/** This server's lockout state (per server, not per process: two test servers must not share it). */
export const PASSWORD_LOCKOUT = slot('iam/change-password-lockout', () => new PasswordLockout());

/** The key of an IAM user's count: account and user id. */
export const lockoutKey = (account: string, userId: string): string => `${account}/${userId}`;
