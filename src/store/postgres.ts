/**
 * The PostgreSQL backend (several nodes over one database).
 * - write() runs `fn` in a SERIALIZABLE transaction. SERIALIZABLE rather than REPEATABLE READ +
 *   version checks: callers read-then-write across items (quotas such as "at most N keys per
 *   user", "no attachments before delete"), and only SERIALIZABLE rules out the write skew two
 *   nodes could otherwise commit. Serialization failures (40001), deadlocks (40P01) and unique
 *   violations from a concurrent insert (23505) retry `fn` with jittered backoff.
 * - read() runs `fn` in a REPEATABLE READ READ ONLY transaction: one snapshot for all its reads.
 * - Changes are NOTIFYed inside the transaction, so other nodes hear them only on commit. This
 *   node delivers its own changes right after COMMIT (before write() resolves) and ignores their
 *   echo, recognized by a per-process node id in the payload.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PoolClient } from 'pg';
import { ChangeFeed, ChangeSet } from './feed.js';
import { isRetryable, PostgresDriver } from './postgres-driver.js';
import { CHANNEL, listen } from './postgres-listen.js';
import type { Listening } from './postgres-listen.js';
import { migratePostgres } from './postgres-migrations.js';
import { readTx, writeTx } from './tx.js';
import type { ReadTx, Store, WriteTx } from './types.js';

const MAX_ATTEMPTS = 12;
const POOL_SIZE = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: spreads hot-item retries apart so they stop colliding. */
function backoff(attempt: number): number {
  return Math.random() * Math.min(250, 2 ** (attempt + 1));
}

class RetryError extends Error {
  constructor(cause?: unknown) {
    super('store: serialization failure', { cause });
  }
}

function guard(state: { open: boolean }): void {
  if (!state.open) throw new Error('store: transaction already finished');
}

function parsePayload(payload: string, self: string): { account: string; kind: string; key: string } | undefined {
  try {
    const p = JSON.parse(payload) as Record<string, unknown>;
    const { n, a, k, key } = p;
    if (n === self || typeof a !== 'string' || typeof k !== 'string' || typeof key !== 'string') return undefined;
    return { account: a, kind: k, key };
  } catch {
    return undefined; // not ours: anything may NOTIFY on a channel
  }
}

export async function openPostgresStore(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // An idle client's connection error is reported here; the pool drops that client, and the next
  // query opens a new one. Without a handler it would crash the process.
  pool.on('error', () => undefined);
  const feed = new ChangeFeed();
  const node = randomUUID();
  let closed = false;
  let listening: Listening;
  try {
    await migratePostgres(pool);
    listening = await listen(url, (payload) => {
      const change = parsePayload(payload, node);
      if (change) feed.emit([change]);
    });
  } catch (err) {
    await pool.end();
    throw err;
  }

  /** One attempt; throws RetryError when the failure may go away in a fresh transaction. */
  const attempt = async <T>(client: PoolClient, fn: (tx: WriteTx) => Promise<T>, broken: () => void): Promise<T> => {
    const state = { open: true, retryable: false };
    const driver = new PostgresDriver(client, state);
    const changes = new ChangeSet();
    try {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      const result = await fn(writeTx(driver, () => guard(state), changes));
      state.open = false;
      if (state.retryable) throw new RetryError();
      if (changes.size > 0) {
        const payloads = changes.values().map((c) => JSON.stringify({ n: node, a: c.account, k: c.kind, key: c.key }));
        await driver.notify(CHANNEL, payloads);
      }
      const commit = await client.query('COMMIT');
      // COMMIT of an aborted transaction answers ROLLBACK instead of failing: never report that as success.
      if (commit.command !== 'COMMIT') throw new Error('store: transaction was rolled back');
      feed.emit(changes.values());
      return result;
    } catch (err) {
      state.open = false;
      await client.query('ROLLBACK').catch(broken);
      if (state.retryable || isRetryable(err)) throw new RetryError(err);
      throw err;
    }
  };

  return {
    dialect: 'postgres',
    async read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      if (closed) throw new Error('store: closed');
      const client = await pool.connect();
      const state = { open: true, retryable: false };
      let broken = false;
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const result = await fn(readTx(new PostgresDriver(client, state), () => guard(state)));
        state.open = false;
        await client.query('COMMIT');
        return result;
      } catch (err) {
        state.open = false;
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw err;
      } finally {
        // A connection that cannot even roll back is destroyed, not returned to the pool.
        client.release(broken);
      }
    },
    async write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
      if (closed) throw new Error('store: closed');
      for (let n = 1; ; n++) {
        const client = await pool.connect();
        let broken = false;
        try {
          return await attempt(client, fn, () => {
            broken = true;
          });
        } catch (err) {
          if (!(err instanceof RetryError)) throw err;
          if (n >= MAX_ATTEMPTS) throw err.cause instanceof Error ? err.cause : err;
        } finally {
          client.release(broken);
        }
        await sleep(backoff(n));
      }
    },
    onChange(listener) {
      return feed.subscribe(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      // pool.end() waits for checked-out clients, so transactions in flight finish first.
      await listening.close();
      await pool.end();
    },
  };
}

