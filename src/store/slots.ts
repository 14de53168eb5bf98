/**
 * A counting semaphore: at most `n` holders at once, waiters served in arrival order. The
 * PostgreSQL store runs its writes through one, so that writers waiting on the write lock (held,
 * say, by a node stuck mid-write) can never hold every pooled connection and starve the reads —
 * authentication among them — that need none of that lock.
 */
export class Slots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(n: number) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('slots: need at least one');
    this.#free = n;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
