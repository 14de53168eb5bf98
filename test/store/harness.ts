/**
 * The backends the conformance suite runs on. Each test gets a fresh, empty database; stores a
 * test opens are closed after it. A backend's `fresh()` returns an opener that can be called again
 * to reopen the same database (persistence, migrations, a second node).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { startPostgres } from '../support/postgres.js';
import type { PostgresCluster } from '../support/postgres.js';

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  fresh(): Promise<() => Promise<Store>>;
}

export function sqliteBackend(): Backend {
  let dir = '';
  let n = 0;
  return {
    name: 'sqlite',
    setup() {
      dir = mkdtempSync(join(tmpdir(), 'rolegate-store-'));
      return Promise.resolve();
    },
    teardown() {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
    fresh() {
      const file = join(dir, `t${++n}.db`);
      return Promise.resolve(() => openSqliteStore(file));
    },
  };
}

export function postgresBackend(): Backend {
  let cluster: PostgresCluster | undefined;
  let n = 0;
  return {
    name: 'postgres',
    async setup() {
      cluster = await startPostgres();
    },
    async teardown() {
      await cluster?.stop();
    },
    async fresh() {
      if (!cluster) throw new Error('PostgreSQL cluster did not start');
      const url = await cluster.createDatabase(`t_${++n}`);
      return () => openPostgresStore(url);
    },
  };
}

export interface Harness {
  readonly backend: Backend;
  /** Opens a store on this test's database (again: a reopen, or a second node). */
  open(): Promise<Store>;
}

/** Registers the per-test hooks in the calling suite and returns the handle tests use. */
export function harness(backend: Backend): Harness {
  let opener: (() => Promise<Store>) | undefined;
  let stores: Store[] = [];
  beforeEach(async () => {
    opener = await backend.fresh();
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });
  return {
    backend,
    async open() {
      if (!opener) throw new Error('no database for this test');
      const store = await opener();
      stores.push(store);
      return store;
    },
  };
}
