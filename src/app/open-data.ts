/**
 * Opens what a server keeps: the data directory (created, mode 0700, for either store: it holds
 * the key file, the admin credentials and the audit log), its lock (SQLite only), the master key
 * and the store. A master key is generated only for a store with no data in it, so a lost key
 * file or a node started without the cluster's key never becomes a new key silently.
 *
 * Why PostgreSQL takes no lock on the data directory: nodes share the database on purpose, and
 * nodes on one machine may share one data directory. What they keep there is safe to share: the
 * key file is created with O_EXCL (the first writer wins, the others read it), the credentials
 * file is renamed into place only by the node whose bootstrap committed, and audit batches are
 * appended (O_APPEND) in whole lines.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type MasterKey, generateMasterKey, readMasterKey } from '../credentials/master-key.js';
import { SQLITE_FILE, type StoreOptions, isPostgresUrl, openStore } from '../store/index.js';
import { type DataDirLock, lockDataDir } from '../store/sqlite-lock.js';
import type { Store } from '../store/types.js';
import type { Config } from '../core/config.js';
import { readDataState } from './key-check.js';

export interface OpenedData {
  readonly store: Store;
  readonly masterKey: MasterKey;
  /** The data, named for operators' messages (a PostgreSQL URL without its credentials). */
  readonly where: string;
  release(): void;
}

/** host:port/database of a PostgreSQL URL: never its user or password. */
function describe(config: Config): string {
  if (!isPostgresUrl(config.databaseUrl)) return join(config.dataDir, SQLITE_FILE);
  try {
    const u = new URL(config.databaseUrl ?? '');
    return `the PostgreSQL database ${u.host}${u.pathname}`;
  } catch {
    return 'the PostgreSQL database';
  }
}

/** `storeOptions` carries the PostgreSQL store's log and timeouts (the data directory and URL come from `config`). */
export async function openData(config: Config, storeOptions: Omit<StoreOptions, 'dataDir' | 'databaseUrl'> = {}): Promise<OpenedData> {
  const where = describe(config);
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const lock: DataDirLock | undefined = isPostgresUrl(config.databaseUrl) ? undefined : lockDataDir(config.dataDir);
  try {
    let masterKey = await readMasterKey(config.dataDir, config.masterKey);
    const store = await openStore({ ...storeOptions, dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    try {
      if (masterKey === undefined) {
        const state = await store.read(readDataState);
        if (state.check !== undefined || state.account !== undefined) {
          throw new Error(
            `the existing data in ${where} has no master key here: ROLEGATE_MASTER_KEY is not set and ${join(config.dataDir, 'master.key')} does not exist. ` +
              'Give the key this data was created with (every node of a cluster needs the same ROLEGATE_MASTER_KEY); a new key would not open its secrets',
          );
        }
        masterKey = await generateMasterKey(config.dataDir);
      }
      return { store, masterKey, where, release: () => lock?.release() };
    } catch (e) {
      await store.close();
      throw e;
    }
  } catch (e) {
    lock?.release();
    throw e;
  }
}
