/**
 * Opens Rolegate's store: PostgreSQL when a postgres:// (or postgresql://) URL is given, else
 * SQLite in the data directory.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

export { ConflictError } from './types.js';
export type { Item, ListOptions, NewItem, ReadTx, Store, WriteTx } from './types.js';
export { openPostgresStore } from './postgres.js';
export { openSqliteStore } from './sqlite.js';

export interface StoreOptions {
  /** The data directory (`--data-dir`); created with mode 0700 when SQLite is used. */
  readonly dataDir: string;
  /** `--database-url`; absent or empty means SQLite. */
  readonly databaseUrl?: string | undefined;
  /** Where a PostgreSQL store reports changes of the database's availability (default: stderr). */
  readonly log?: ((line: string) => void) | undefined;
  /** PostgreSQL: how long a statement may go unanswered (tests shorten it). */
  readonly queryTimeoutMs?: number | undefined;
  /** PostgreSQL: how long a statement waits for a lock (tests shorten it). */
  readonly lockTimeoutMs?: number | undefined;
  /** PostgreSQL: every write holds the write lock alone, as after a lost race (tests). */
  readonly writesAlone?: boolean | undefined;
}

export const SQLITE_FILE = 'rolegate.db';

/** Whether a `--database-url` selects PostgreSQL. */
export const isPostgresUrl = (url: string | undefined): boolean => /^postgres(?:ql)?:\/\//i.test(url ?? '');

export async function openStore(options: StoreOptions): Promise<Store> {
  const url = options.databaseUrl ?? '';
  if (isPostgresUrl(url)) {
    return openPostgresStore(url, {
      ...(options.log === undefined ? {} : { log: options.log }),
      ...(options.queryTimeoutMs === undefined ? {} : { queryTimeoutMs: options.queryTimeoutMs }),
      ...(options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs }),
      ...(options.writesAlone === undefined ? {} : { writesAlone: options.writesAlone }),
    });
  }
  // Any other URL is refused rather than ignored: silently falling back to a local file would
  // split a cluster's state between nodes.
  if (url !== '') throw new TypeError('store: database URL must start with postgres:// or postgresql://');
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  return openSqliteStore(join(options.dataDir, SQLITE_FILE));
}
