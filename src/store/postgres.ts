/**
 * The PostgreSQL backend (several nodes over one database).
 * - write() runs `fn` in a SERIALIZABLE transaction. SERIALIZABLE rather than REPEATABLE READ +
 *   version checks: callers read-then-write across items (quotas such as "at most N keys per
 *   user", "no attachments before delete"), and only SERIALIZABLE rules out the write skew two
 *   nodes could otherwise commit. Serialization failures (40001), deadlocks (40P01) and unique
 *   violations from a concurrent insert (23505) retry `fn` with jittered backoff.
 * - Contention cannot starve a write: every write holds the write lock (a lock on the empty table
 *   rolegate_write_lock, cluster-wide) shared for its transaction, and one that lost a race
 *   retries holding it exclusively, so it runs alone and cannot lose again. The lock is the
 *   transaction's first statement: LOCK TABLE takes no snapshot, so the snapshot (frozen by the
 *   first query) comes after every other writer has finished; and it ends with the transaction,
 *   so a node that vanishes mid-write holds it no longer than idle_in_transaction_session_timeout
 *   (a session-level lock held between statements would block every write until TCP noticed). Small IAM
 *   tables make races common: SSI locks btree pages, so two CreateUser calls for different names
 *   (and any two quota counts of one account) conflict even when no row is shared. As one race
 *   predicts more, for CONTENDED_MS after one the node's writes start alone: measured with 64
 *   writers of CreateUser, 1.08 attempts per write instead of 3.9 with three optimistic tries.
 * - read() runs `fn` in a REPEATABLE READ READ ONLY transaction: one snapshot for all its reads.
 * - Changes are NOTIFYed inside the transaction, so other nodes hear them only on commit. This
 *   node delivers its own changes right after COMMIT (before write() resolves) and ignores their
 *   echo, recognized by a per-process node id in the payload.
 * - Faults: a connection that fails before COMMIT is sent retries on a fresh one a few times, then
 *   StoreUnavailableError (503); the pool reconnects by itself when the database is back. A
 *   database that refuses writes (read-only, or a standby after a failover) is a 503 too, and
 *   /health says so until it takes writes again; reads go on.
 * - Dead peers: server-side TCP keepalives (KEEPALIVE_SETTINGS) make PostgreSQL end the session
 *   of a node whose host vanished within about a minute instead of the system's two hours.
 * - Staleness: caches are told to drop everything (EVERYTHING) when the LISTEN connection drops,
 *   when it is back, and every MAX_STALENESS_MS, which bounds how long a missed notification can
 *   leave a cached item stale.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { PoolClient } from 'pg';
import { ChangeFeed, ChangeSet } from './feed.js';
import { isRetryable, PostgresDriver } from './postgres-driver.js';
import { Availability, isConnectionFault, KEEPALIVE_SETTINGS } from './postgres-health.js';
import { CHANNEL, listen } from './postgres-listen.js';
import type { Listening } from './postgres-listen.js';
import { migratePostgres } from './postgres-migrations.js';
import { Slots } from './slots.js';
import { readTx, writeTx } from './tx.js';
import { EVERYTHING, StoreUnavailableError, WriteContentionError } from './types.js';
import type { ReadTx, Store, WriteTx } from './types.js';

/** Attempts sharing the write lock; later ones hold it alone. */
const OPTIMISTIC_ATTEMPTS = 1;
/** After this node lost a race, its writes start alone for this long: a race predicts more. */
const CONTENDED_MS = 1000;
/** An exclusive attempt cannot lose a race; the margin covers the unforeseen. */
const MAX_ATTEMPTS = OPTIMISTIC_ATTEMPTS + 3;
/** Tries on a fresh connection when one fails before COMMIT was sent. */
const CONNECTION_ATTEMPTS = 3;
const POOL_SIZE = 10;
/**
 * Write attempts in flight at once on this node. A write may wait for the write lock as long as
 * another node holds it (up to idle_in_transaction_session_timeout if that node hangs mid-write);
 * the connections left over keep this node's reads, and so its authentication, going meanwhile.
 */
const WRITE_SLOTS = POOL_SIZE - 3;
/**
 * The longest a statement may go unanswered. A database host that died or a network that drops
 * packets sends no reset: without this, requests on pooled connections would hang for the
 * minutes TCP takes to give up (keepalives do not cover a statement awaiting its answer), /health
 * would stay ready, and those connections would clog the pool after the database came back.
 * Generous: the longest legitimate wait is for the write lock behind other writers.
 */
const QUERY_TIMEOUT_MS = 30_000;
/**
 * The longest a statement waits for a lock (the write lock, or a row another node is changing):
 * a node stuck mid-write must cost the others a retry and at worst a 409 ConcurrentModification,
 * not a wait until QUERY_TIMEOUT_MS passes for a database fault.
 */
const LOCK_TIMEOUT_MS = 10_000;
/** The longest a cached item can outlive a change whose notification was lost (plus one read). */
export const MAX_STALENESS_MS = 5_000;
/** The table whose lock is the write lock (postgres-migrations.ts, migration 2). */
export const WRITE_LOCK_TABLE = 'rolegate_write_lock';
/**
 * One round trip each; the lock is the transaction's first statement and is released at its end.
 * ROW SHARE holders never conflict with each other; EXCLUSIVE conflicts with ROW SHARE and with
 * itself, yet not with ACCESS SHARE, so a pg_dump of the database never waits on it.
 * https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES and, for a
 * snapshot taken only by the first query after LOCK TABLE, https://www.postgresql.org/docs/current/sql-lock.html
 */
const BEGIN_SHARED = `BEGIN ISOLATION LEVEL SERIALIZABLE; LOCK TABLE ${WRITE_LOCK_TABLE} IN ROW SHARE MODE`;
const BEGIN_ALONE = `BEGIN ISOLATION LEVEL SERIALIZABLE; LOCK TABLE ${WRITE_LOCK_TABLE} IN EXCLUSIVE MODE`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: spreads hot-item retries apart so they stop colliding. */
function backoff(attempt: number): number {
  return Math.random() * Math.min(250, 2 ** (attempt + 2));
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

export interface PostgresStoreOptions {
  /** One line per change of the database's availability (default: stderr). */
  readonly log?: (line: string) => void;
  /** Overrides QUERY_TIMEOUT_MS (tests). */
  readonly queryTimeoutMs?: number;
  /** Overrides LOCK_TIMEOUT_MS (tests). */
  readonly lockTimeoutMs?: number;
  /** Every write holds the write lock exclusively from its first attempt, as after a lost race (tests). */
  readonly writesAlone?: boolean;
}

type Outcome<T> = { readonly ok: T } | { readonly retry: 'race' | 'connection'; readonly err: unknown };

/**
 * The database refuses writes: read_only_sql_transaction (25006: default_transaction_read_only,
 * or a write on a standby), or, from the BEGIN of a write, feature_not_supported (0A000: a hot
 * standby cannot run SERIALIZABLE). Either way for as long as it lasts, not this request's fault.
 */
function refusesWrites(err: unknown, atBegin: boolean): boolean {
  const code = typeof err === 'object' && err !== null ? String((err as { code?: unknown }).code) : '';
  return code === '25006' || (atBegin && code === '0A000');
}

class ReadOnlyError extends Error {
  constructor(cause: unknown) {
    super('store: the database refuses writes', { cause });
  }
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    application_name: 'rolegate',
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
    // Client-side: pg then fails the statement with 'Query read timeout' (a connection fault: the
    // connection still awaits its answer, so it is destroyed, never reused).
    query_timeout: options.queryTimeoutMs ?? QUERY_TIMEOUT_MS,
    // Server-side: lock_not_available (55P03), retried like a lost race.
    lock_timeout: options.lockTimeoutMs ?? LOCK_TIMEOUT_MS,
    // A node that hangs or is cut off mid-transaction must not hold the write lock (or row locks)
    // for the hours TCP takes to notice: PostgreSQL ends such a session after a minute.
    idle_in_transaction_session_timeout: 60_000,
    // Awaited by the pool (pg-pool's _promiseTry) before the client is handed out, though
    // @types/pg types it as returning void; a failure fails that pool.connect() like any fault.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    onConnect: async (client) => {
      await client.query(KEEPALIVE_SETTINGS);
    },
  });
  const health = new Availability(
    log,
    () => pool.query('SELECT 1'),
    // Whether a write transaction begun now could write (both are false on a primary that takes writes).
    async () => (await pool.query<{ ro: boolean }>("SELECT pg_is_in_recovery() OR current_setting('transaction_read_only')::boolean AS ro")).rows[0]?.ro === false,
  );
  /** Clients whose connection reported an error: destroyed on release, never reused. */
  const faulty = new WeakSet<PoolClient>();
  // A client's connection error outside a query (idle in the pool, or checked out between two
  // statements) is emitted as 'error'; without a listener it would crash the process.
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      faulty.add(client);
      if (isConnectionFault(err)) health.databaseFailed(err);
    });
  });
  pool.on('error', () => undefined); // the idle client is already dropped by the pool
  const feed = new ChangeFeed();
  const node = randomUUID();
  let closed = false;
  let listening: Listening;
  try {
    // On a pool of its own, without the statement timeout: a node may wait behind another node's
    // long migration.
    const setup = new pg.Pool({ connectionString: url, max: 1, application_name: 'rolegate' });
    setup.on('error', () => undefined);
    try {
      await migratePostgres(setup);
    } finally {
      await setup.end();
    }
    listening = await listen(
      url,
      (payload) => {
        const change = parsePayload(payload, node);
        if (change) feed.emit([change]);
      },
      (up, err) => {
        if (up) health.feedUp();
        else health.feedDown(err);
        feed.emit([EVERYTHING]);
      },
    );
  } catch (err) {
    await pool.end();
    throw err;
  }
  /** Until when this node's writes start alone (see CONTENDED_MS). */
  let contendedUntil = 0;
  const writers = new Slots(WRITE_SLOTS);
  const staleness = setInterval(() => feed.emit([EVERYTHING]), MAX_STALENESS_MS);
  staleness.unref();

  /** A connection fault (as opposed to an error of `fn` or of SQL) on this client, or getting one. */
  const lost = (client: PoolClient | undefined, err: unknown): boolean => isConnectionFault(err) || (client !== undefined && faulty.has(client));

  /** One attempt; throws RetryError when the failure may go away in a fresh transaction. */
  const attempt = async <T>(client: PoolClient, fn: (tx: WriteTx) => Promise<T>, alone: boolean, sent: { commit: boolean }, broken: () => void): Promise<T> => {
    const state = { open: true, retryable: false, readOnly: false };
    const driver = new PostgresDriver(client, state);
    const changes = new ChangeSet();
    let begun = false;
    try {
      await client.query(alone ? BEGIN_ALONE : BEGIN_SHARED);
      begun = true;
      const result = await fn(writeTx(driver, () => guard(state), changes));
      state.open = false;
      if (state.retryable) throw new RetryError();
      if (changes.size > 0) {
        const payloads = changes.values().map((c) => JSON.stringify({ n: node, a: c.account, k: c.kind, key: c.key }));
        await driver.notify(CHANNEL, payloads);
      }
      sent.commit = true;
      const commit = await client.query('COMMIT');
      // COMMIT of an aborted transaction answers ROLLBACK instead of failing: never report that as success.
      if (commit.command !== 'COMMIT') throw new Error('store: transaction was rolled back');
      feed.emit(changes.values());
      return result;
    } catch (err) {
      state.open = false;
      // A lost (or hung) connection cannot roll back: ROLLBACK would wait behind the statement
      // still awaiting its answer. It is destroyed instead, which ends the transaction.
      if (lost(client, err)) {
        broken();
        // The connection went with COMMIT sent: the changes may be in force, and this node
        // ignores its own notifications, so its caches drop them now (a spare drop is harmless).
        if (sent.commit) feed.emit(changes.values());
      } else {
        await client.query('ROLLBACK').catch(broken);
      }
      if (state.retryable || isRetryable(err)) throw new RetryError(err);
      if (state.readOnly || refusesWrites(err, !begun)) {
        // A fresh connection may reach the new primary once DNS points at it.
        broken();
        throw new ReadOnlyError(err);
      }
      throw err;
    }
  };

  const writeOnce = async <T>(fn: (tx: WriteTx) => Promise<T>, alone: boolean, sent: { commit: boolean }): Promise<Outcome<T>> => {
    let client: PoolClient | undefined;
    let broken = false;
    try {
      client = await pool.connect();
      const ok = await attempt(client, fn, alone, sent, () => {
        broken = true;
      });
      health.databaseOk();
      health.databaseWritable();
      return { ok };
    } catch (err) {
      if (err instanceof RetryError) return { retry: 'race', err: err.cause };
      if (err instanceof ReadOnlyError) {
        health.databaseOk(); // it answered
        health.databaseReadOnly(err.cause);
        throw new StoreUnavailableError(err.cause);
      }
      if (isRetryable(err)) return { retry: 'race', err }; // the write lock not granted in time
      if (!lost(client, err)) throw err;
      broken = true;
      health.databaseFailed(err);
      return { retry: 'connection', err };
    } finally {
      if (client) client.release(broken || faulty.has(client));
    }
  };

  return {
    dialect: 'postgres',
    async read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      for (let tries = 1; ; tries++) {
        if (closed) throw new Error('store: closed');
        let client: PoolClient | undefined;
        const state = { open: true, retryable: false };
        let broken = false;
        try {
          client = await pool.connect();
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          const result = await fn(readTx(new PostgresDriver(client, state), () => guard(state)));
          state.open = false;
          await client.query('COMMIT');
          health.databaseOk();
          return result;
        } catch (err) {
          state.open = false;
          if (!lost(client, err)) {
            await client?.query('ROLLBACK').catch(() => {
              broken = true;
            });
            throw err;
          }
          broken = true;
          health.databaseFailed(err);
          if (tries >= CONNECTION_ATTEMPTS) throw new StoreUnavailableError(err);
        } finally {
          // A connection that cannot even roll back is destroyed, not returned to the pool.
          if (client) client.release(broken || faulty.has(client));
        }
        await sleep(100 * tries);
      }
    },
    async write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
      let races = 0;
      let faults = 0;
      for (;;) {
        if (closed) throw new Error('store: closed');
        const sent = { commit: false };
        const alone = options.writesAlone === true || races >= OPTIMISTIC_ATTEMPTS || performance.now() < contendedUntil;
        const outcome = await writers.run(() => writeOnce(fn, alone, sent));
        if ('ok' in outcome) return outcome.ok;
        if (outcome.retry === 'race') {
          contendedUntil = performance.now() + CONTENDED_MS;
          if (++races >= MAX_ATTEMPTS) throw new WriteContentionError(outcome.err);
          await sleep(backoff(races));
        } else {
          // Once COMMIT was sent the outcome is unknown: never run `fn` a second time then.
          if (sent.commit || ++faults >= CONNECTION_ATTEMPTS) throw new StoreUnavailableError(outcome.err);
          await sleep(100 * faults);
        }
      }
    },
    onChange(listener) {
      return feed.subscribe(listener);
    },
    unavailable() {
      return closed ? 'store closed' : health.reason();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(staleness);
      health.close();
      // pool.end() waits for checked-out clients, so transactions in flight finish first.
      await listening.close();
      await pool.end();
    },
  };
}
