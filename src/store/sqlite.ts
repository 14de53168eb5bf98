/**
 * The SQLite backend (single node, the default). better-sqlite3 is synchronous while the Store API
 * is async, so:
 * - Writes go through ONE writer connection, serialized by an in-process async mutex; each
 *   write() is BEGIN IMMEDIATE … COMMIT (ROLLBACK on throw) around `fn`, however often `fn`
 *   awaits. Nothing else uses that connection, so no other caller ever sees (or joins) an
 *   uncommitted write. Writers never conflict, so write() never needs to retry.
 * - Reads use separate read-only connections (a small pool). Each read() holds a deferred read
 *   transaction for the whole of `fn`: WAL gives it one snapshot of committed data across all of
 *   its statements and awaits, as types.ts promises.
 * - onChange sees this process's commits only (SQLite is the single-node backend).
 */
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ChangeFeed, ChangeSet } from './feed.js';
import { Mutex, MutexTimeout } from './mutex.js';
import { SqliteDriver } from './sqlite-driver.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { readTx, writeTx } from './tx.js';
import type { ReadTx, Store, WriteTx } from './types.js';

const BUSY_TIMEOUT_MS = 5000;
const MAX_READERS = 4;

interface Connection {
  readonly db: Database.Database;
  readonly driver: SqliteDriver;
}

function connect(file: string, readonly: boolean): Connection {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  // Another process holding the lock (a CLI next to the server) is waited for, not failed.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before write() resolves (WAL + NORMAL could lose the last ones on power loss).
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  }
  return { db, driver: new SqliteDriver(db) };
}

/** Read-only connections, created on demand up to MAX_READERS; further readers wait their turn. */
class ReaderPool {
  readonly #file: string;
  readonly #idle: Connection[] = [];
  readonly #all: Connection[] = [];
  readonly #waiting: ((c: Connection) => void)[] = [];

  constructor(file: string) {
    this.#file = file;
  }

  acquire(): Promise<Connection> {
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#all.length < MAX_READERS) {
      const c = connect(this.#file, true);
      this.#all.push(c);
      return Promise.resolve(c);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(c: Connection): void {
    const next = this.#waiting.shift();
    if (next) next(c);
    else this.#idle.push(c);
  }

  close(): void {
    for (const c of this.#all) c.db.close();
  }
}

/** Opens (creating if needed, mode 0600) and migrates the database file. */
export interface SqliteOptions {
  /**
   * How long a write() may wait for the single writer before it is refused (default 30 s). A
   * write() inside a write() waits on its own caller and so ends this way, not in a hang.
   */
  readonly writeWaitMs?: number;
}

export function openSqliteStore(file: string, options: SqliteOptions = {}): Promise<Store> {
  return new Promise((resolve) => resolve(open(file, options)));
}

/**
 * A new database is built under a temporary name and linked into place once migrated, so
 * `file` is never an empty file of ours: an empty one is a damaged or truncated database (a
 * failed restore, a full disk), and starting afresh on it would silently replace the data.
 */
function create(file: string): void {
  const temp = `${file}.new-${process.pid}`;
  // The file holds encrypted secrets but also every name and policy: private to its owner.
  // SQLite gives its -wal and -shm files the database file's permissions.
  closeSync(openSync(temp, 'w', 0o600));
  try {
    const c = connect(temp, false);
    try {
      migrateSqlite(c.db);
    } finally {
      c.db.close();
    }
    // link, not rename: a database another process put there first is kept, never replaced
    // (rename only where the filesystem has no hard links).
    try {
      linkSync(temp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPERM' && (e as NodeJS.ErrnoException).code !== 'ENOTSUP') throw e;
      renameSync(temp, file);
    }
    // The new name reaches the disk before any commit is acknowledged.
    const dir = openSync(dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      removeTemp(temp);
      throw err;
    }
  }
  removeTemp(temp);
}

function removeTemp(temp: string): void {
  for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) {
    try {
      unlinkSync(f);
    } catch {
      // not there
    }
  }
}

function open(file: string, options: SqliteOptions): Store {
  let size: number | undefined;
  try {
    size = statSync(file).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (size === 0) {
    throw new Error(`store: ${file} is empty (0 bytes): that is not a new install but a damaged database. Restore it from a backup, or delete it (and ${file}-wal, ${file}-shm) to start over with no data`);
  }
  if (size === undefined) {
    // A write-ahead log without its database (deleted after a crash): SQLite would replay its old
    // pages onto a new database. Refused rather than deleted: it may hold the only committed copy.
    if (existsSync(`${file}-wal`)) {
      throw new Error(`store: ${file} does not exist but ${file}-wal does: it belongs to a database that is gone. Restore ${file} from a backup, or delete ${file}-wal and ${file}-shm to start over with no data`);
    }
    create(file);
  }
  const writer = connect(file, false);
  try {
    migrateSqlite(writer.db);
  } catch (err) {
    writer.db.close();
    throw err;
  }
  const readers = new ReaderPool(file);
  const mutex = new Mutex(options.writeWaitMs);
  const feed = new ChangeFeed();
  const active = new Set<Promise<unknown>>();
  let closed = false;

  const track = <T>(p: Promise<T>): Promise<T> => {
    active.add(p);
    const done = (): void => void active.delete(p);
    p.then(done, done);
    return p;
  };

  const runRead = async <T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> => {
    const c = await readers.acquire();
    const state = { open: true };
    try {
      c.db.exec('BEGIN');
      return await fn(readTx(c.driver, () => guard(state)));
    } finally {
      state.open = false;
      if (c.db.inTransaction) c.db.exec('COMMIT');
      readers.release(c);
    }
  };

  const runWrite = async <T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> => {
    const { db, driver } = writer;
    const changes = new ChangeSet();
    const state = { open: true };
    db.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = await fn(writeTx(driver, () => guard(state), changes));
      state.open = false;
      db.exec('COMMIT');
    } catch (err) {
      state.open = false;
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
    feed.emit(changes.values());
    return result;
  };

  return {
    dialect: 'sqlite',
    read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('store: closed'));
      return track(runRead(fn));
    },
    write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('store: closed'));
      return track(
        mutex.run(() => runWrite(fn)).catch((e: unknown) => {
          if (e instanceof MutexTimeout) throw new Error(`store: write() ${e.message} (is it inside another write()?)`);
          throw e;
        }),
      );
    },
    onChange(listener) {
      return feed.subscribe(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...active]);
      readers.close();
      writer.db.close();
    },
  };
}

function guard(state: { open: boolean }): void {
  if (!state.open) throw new Error('store: transaction already finished');
}
