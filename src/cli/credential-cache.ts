/**
 * Role credentials held for a workload endpoint and renewed ahead of expiry, as EC2 does: "We make
 * new credentials available at least five minutes before the expiration of the old credentials."
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-security-credentials.html
 * The clock is injected (tests move it); one renewal runs at a time however many requests wait.
 */

export const REFRESH_AHEAD_MS = 5 * 60_000;

export interface Held {
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export class CredentialCache<T extends Held> {
  #held: T | undefined;
  #pending: Promise<T> | undefined;

  constructor(
    private readonly fetch: () => Promise<T>,
    private readonly now: () => number,
    private readonly onRefreshError: (e: unknown) => void = () => {},
  ) {}

  /** The held credentials while more than five minutes remain (no promise); else a renewal. */
  get(): T | Promise<T> {
    const h = this.#held;
    if (h !== undefined && this.now() < h.expiresAt - REFRESH_AHEAD_MS) return h;
    return this.#renew();
  }

  #renew(): Promise<T> {
    this.#pending ??= this.fetch().then(
      (fresh) => {
        this.#pending = undefined;
        this.#held = fresh;
        return fresh;
      },
      (e: unknown) => {
        this.#pending = undefined;
        // Within the last five minutes, the old credentials still work: serve them, try again next time.
        const h = this.#held;
        if (h !== undefined && this.now() < h.expiresAt) {
          this.onRefreshError(e);
          return h;
        }
        throw e;
      },
    );
    return this.#pending;
  }
}
