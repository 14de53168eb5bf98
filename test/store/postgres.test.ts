/** PostgreSQL-only behaviour: migrations under concurrent starts, openStore, notification payloads. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { openPostgresStore, WRITE_LOCK_TABLE } from '../../src/store/postgres.js';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres-migrations.js';
import { postgresUnavailable, startPostgres } from '../support/postgres.js';
import type { PostgresCluster } from '../support/postgres.js';

const missing = postgresUnavailable();
// As in conformance.test.ts: skipped locally without PostgreSQL, a failure under CI.
const skip = missing !== undefined && !process.env['CI'] ? missing : false;

describe('postgres store', { skip }, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(() => cluster.stop());

  async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('applies each migration once when several nodes start at once', async () => {
    const url = await cluster.createDatabase('p_migrate');
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore(url)));
    await Promise.all(stores.map((s) => s.close()));
    const rows = await query<{ version: number }>(url, 'SELECT version FROM schema_version ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    const [col] = await query<{ c: string }>(url, "SELECT collation_name AS c FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'key'");
    assert.equal(col?.c, 'C', 'byte-wise key order');
  });

  it('openStore picks PostgreSQL for postgres:// and postgresql:// URLs', async () => {
    for (const url of [cluster.url, cluster.url.replace(/^postgres:/, 'postgresql:')]) {
      const s = await openStore({ dataDir: '/nonexistent/never-created', databaseUrl: url });
      assert.equal(s.dialect, 'postgres');
      await s.close();
    }
  });

  it('ignores foreign or malformed notifications on its channel', async () => {
    const url = await cluster.createDatabase('p_notify');
    const s = await openPostgresStore(url);
    const got: string[] = [];
    s.onChange((c) => got.push(c.key));
    try {
      await query(url, "NOTIFY rolegate_changes, 'not json'");
      await query(url, `NOTIFY rolegate_changes, '{"a":1}'`);
      await query(url, `NOTIFY rolegate_changes, '{"n":"other","a":"1","k":"k","key":"ok"}'`);
      for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(got, ['ok']);
    } finally {
      await s.close();
    }
  });

  it('re-LISTENs after its listening connection is killed', async () => {
    const url = await cluster.createDatabase('p_relisten');
    const [one, two] = [await openPostgresStore(url), await openPostgresStore(url)];
    const got: string[] = [];
    two.onChange((c) => got.push(c.key));
    try {
      const killed = await query<{ ok: boolean }>(url, "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query LIKE 'LISTEN %'");
      assert.equal(killed.length, 2, 'both nodes listen');
      // Writes keep being sent until one arrives: those sent before the reconnect are lost by design.
      for (let i = 0; i < 200 && got.length === 0; i++) {
        await one.write((tx) => tx.put({ account: 'a', kind: 'k', key: `after-${i}`, data: i }));
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.ok(got.length > 0, 'notifications resumed');
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('a serialization failure swallowed by fn still retries, never commits a half', async () => {
    const url = await cluster.createDatabase('p_swallow');
    const s = await openPostgresStore(url);
    try {
      await s.write((tx) => tx.put({ account: 'a', kind: 'k', key: 'c', data: 0 }));
      let attempts = 0;
      const bump = (): Promise<void> =>
        s.write(async (tx) => {
          attempts++;
          const cur = await tx.get<number>('a', 'k', 'c');
          await new Promise((r) => setTimeout(r, 5));
          try {
            await tx.put({ account: 'a', kind: 'k', key: 'c', data: (cur?.data ?? 0) + 1 });
          } catch {
            // a careless caller: the transaction is aborted anyway, and must be retried
          }
        });
      await Promise.all(Array.from({ length: 8 }, bump));
      assert.equal((await s.read((tx) => tx.get<number>('a', 'k', 'c')))?.data, 8);
      assert.ok(attempts >= 8);
    } finally {
      await s.close();
    }
  });

  it('a write holding the write lock alone takes its snapshot after the lock: it sees what the writer it waited for committed', async () => {
    const url = await cluster.createDatabase('p_alone');
    const other = await openPostgresStore(url);
    const alone = await openPostgresStore(url, { writesAlone: true });
    try {
      let release = (): void => undefined;
      const gate = new Promise<void>((r) => (release = r));
      let holding = (): void => undefined;
      const held = new Promise<void>((r) => (holding = r));
      // Another node's write, mid-transaction: it holds the write lock shared.
      const first = other.write(async (tx) => {
        await tx.put({ account: 'a', kind: 'k', key: 'c', data: 1 });
        holding();
        await gate;
      });
      await held;
      const seen: unknown[] = [];
      const second = alone.write(async (tx) => {
        seen.push((await tx.get<number>('a', 'k', 'c'))?.data);
        await tx.put({ account: 'a', kind: 'k', key: 'd', data: 2 });
      });
      for (;;) {
        const [w] = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_locks WHERE relation = '${WRITE_LOCK_TABLE}'::regclass AND NOT granted`);
        if ((w?.n ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
      await Promise.all([first, second]);
      // One attempt, and it saw the committed item: had the snapshot been taken before the lock
      // was granted (say `BEGIN; SELECT pg_advisory_xact_lock(…)`), it would have seen nothing.
      assert.deepEqual(seen, [1]);
    } finally {
      await other.close();
      await alone.close();
    }
  });
});
