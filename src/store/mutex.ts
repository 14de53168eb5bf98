/**
 * A FIFO async mutex: one holder at a time, waiters served in arrival order. A waiter that would
 * wait longer than `maxWaitMs` is refused instead — which is also how a write() inside a write()
 * (a wait on the caller's own lock) ends in an error rather than a hang. (AsyncLocalStorage could
 * detect the nesting directly, but on Node 20 it turns on promise hooks for the whole process and
 * costs every request about a seventh of its throughput.)
 */
export class MutexTimeout extends Error {}

export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  readonly #maxWaitMs: number;

  constructor(maxWaitMs = 30_000) {
    this.#maxWaitMs = maxWaitMs;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      previous.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.#maxWaitMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      // Keep the queue in order: this slot passes on when the holder before it is done.
      void previous.then(release);
      throw new MutexTimeout(`waited ${this.#maxWaitMs} ms for the lock`);
    }
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
