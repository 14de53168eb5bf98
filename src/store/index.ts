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
}

export const SQLITE_FILE = 'rolegate.db';

/** Whether a `--database-url` selects PostgreSQL. */
export const isPostgresUrl = (url: string | undefined): boolean => /^postgres(?:ql)?:\/\//i.test(url ?? '');

export async function openStore(options: StoreOptions): Promise<Store> {
  const url = options.databaseUrl ?? '';
  if (isPostgresUrl(url)) return openPostgresStore(url);
  // Any other URL is refused rather than ignored: silently falling back to a local file would
  // split a cluster's state between nodes.
  if (url !== '') throw new TypeError('store: database URL must start with postgres:// or postgresql://');
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  return openSqliteStore(join(options.dataDir, SQLITE_FILE));
}
