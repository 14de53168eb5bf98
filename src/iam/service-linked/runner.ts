/**
 * Runs service-linked role deletion tasks after the requests that made them (deletion.ts has the
 * transactions), one at a time per server, taking accounts in turn: each account has its own
 * queue, and after one task of an account the runner moves on to the next account that has one
 * waiting, so an account with many tasks cannot hold back another's (each waits for at most one
 * task of every other account; an account has at most MAX_PENDING_DELETIONS pending).
 *
 * A task already queued is not queued twice. A failure (the store unavailable, the server
 * closing) leaves the task pending, NOT_STARTED or IN_PROGRESS: the next start, or the next
 * status read of it, runs it again.
 */
import { GLOBAL } from '../../core/accounts.js';
import { type Services, slot } from '../../core/services.js';
import { claimDeletion, completeDeletion } from './deletion.js';
import { type PendingDeletionData, SLR_KIND, pendingKey } from './model.js';

export class DeletionRunner {
  readonly #services: Services;
  readonly #queued = new Set<string>();
  /** Account → its waiting task ids, accounts in turn order (a Map keeps insertion order). */
  readonly #queues = new Map<string, string[]>();
  #running = false;
  #done: Promise<void> = Promise.resolve();
  /**
   * Test seam: awaited after a task is claimed (IN_PROGRESS) and before it is completed, so a
   * test can observe IN_PROGRESS and the order tasks run in without timing. Unset in production.
   */
  beforeComplete: ((account: string, taskId: string) => Promise<void>) | undefined;

  constructor(services: Services) {
    this.#services = services;
  }

  schedule(account: string, taskId: string): void {
    const key = pendingKey(account, taskId);
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    const queue = this.#queues.get(account);
    if (queue === undefined) this.#queues.set(account, [taskId]);
    else queue.push(taskId);
    if (!this.#running) {
      this.#running = true;
      this.#done = this.#drain();
    }
  }

  /** The next task: the first account's first, that account then going to the back. */
  #next(): [string, string] | undefined {
    const first = this.#queues.entries().next();
    if (first.done === true) return undefined;
    const [account, queue] = first.value;
    const taskId = queue.shift()!;
    this.#queues.delete(account);
    if (queue.length > 0) this.#queues.set(account, queue);
    return [account, taskId];
  }

  async #drain(): Promise<void> {
    try {
      // After the request that scheduled the task has been answered.
      await new Promise<void>((resolve) => setImmediate(resolve));
      for (let next = this.#next(); next !== undefined; next = this.#next()) {
        const [account, taskId] = next;
        try {
          if (await claimDeletion(this.#services, account, taskId)) {
            await this.beforeComplete?.(account, taskId);
            await completeDeletion(this.#services, account, taskId);
          }
        } catch {
          // Left pending: see the header.
        } finally {
          this.#queued.delete(pendingKey(account, taskId));
        }
      }
    } finally {
      // Synchronously after the last #next(): a task scheduled from now on starts a new drain.
      this.#running = false;
    }
  }

  /** Resolves when every task scheduled so far has run (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#done;
  }
}

export const DELETIONS = slot('iam/service-linked-deletions', (services) => new DeletionRunner(services));

/** How many pending entries resumeDeletions reads per transaction (a test lowers it to page). */
export const RESUME = { pageSize: 10_000 };

/**
 * At start: schedules every task a stopped server left pending, page by page (each page its own
 * read, resumed after the last key seen), so no count of accounts or tasks is left out.
 */
export async function resumeDeletions(services: Services): Promise<number> {
  const runner = services.get(DELETIONS);
  let count = 0;
  for (let after: string | undefined; ; ) {
    const from = after;
    const page = await services.store.read((tx) =>
      tx.list<PendingDeletionData>(GLOBAL, SLR_KIND.pendingDeletion, { limit: RESUME.pageSize, ...(from === undefined ? {} : { after: from }) }),
    );
    for (const p of page) runner.schedule(p.data.account, p.data.taskId);
    count += page.length;
    if (page.length < RESUME.pageSize) return count;
    after = page[page.length - 1]!.key;
  }
}
