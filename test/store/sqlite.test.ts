/** SQLite-only behaviour: file settings, migrations bookkeeping, nested writes, openStore. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-migrations.js';

const dir = mkdtempSync(join(tmpdir(), 'rolegate-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (): string => join(dir, `s${++n}.db`);

describe('sqlite store', () => {
  it('creates a private WAL database and records each migration once', async () => {
    const f = file();
    await (await openSqliteStore(f)).close();
    await (await openSqliteStore(f)).close();
    assert.equal(statSync(f).mode & 0o777, 0o600);
    const db = new Database(f, { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      const rows = db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[];
      assert.deepEqual(rows.map((r) => r.version), SQLITE_MIGRATIONS.map((_, i) => i + 1));
    } finally {
      db.close();
    }
  });

  it('refuses an empty (0-byte) file instead of starting afresh on it, and leaves no temporary file', async () => {
    const f = file();
    writeFileSync(f, '');
    await assert.rejects(openSqliteStore(f), /is empty \(0 bytes\)/);
    assert.equal(statSync(f).size, 0);
    const g = file();
    await (await openSqliteStore(g)).close();
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.new-')), []);
  });

  it('refuses a database from a newer Rolegate', async () => {
    const f = file();
    await (await openSqliteStore(f)).close();
    const db = new Database(f);
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SQLITE_MIGRATIONS.length + 1);
    db.close();
    await assert.rejects(openSqliteStore(f), /newer than this Rolegate/);
  });

  it('ends a write() inside write() with an error instead of a hang', async () => {
    const s = await openSqliteStore(file(), { writeWaitMs: 200 });
    try {
      await assert.rejects(
        s.write(() => s.write((tx) => tx.delete('a', 'k', 'x'))),
        /is it inside another write\(\)\?/,
      );
      assert.equal(await s.write((tx) => tx.delete('a', 'k', 'x')), false, 'the mutex was released');
    } finally {
      await s.close();
    }
  });

  it('close() waits for a write in flight', async () => {
    const s = await openSqliteStore(file());
    const writing = s.write(async (tx) => {
      await new Promise((r) => setTimeout(r, 20));
      return tx.put({ account: 'a', kind: 'k', key: 'x', data: 1 });
    });
    await s.close();
    assert.equal((await writing).version, 1);
  });
});

describe('openStore', () => {
  it('opens SQLite at <dataDir>/rolegate.db, creating the directory with mode 0700', async () => {
    const dataDir = join(dir, 'data', 'nested');
    const s = await openStore({ dataDir });
    try {
      assert.equal(s.dialect, 'sqlite');
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
      assert.ok(statSync(join(dataDir, 'rolegate.db')).isFile());
    } finally {
      await s.close();
    }
  });

  it('refuses a database URL it cannot honour rather than falling back to a local file', async () => {
    await assert.rejects(openStore({ dataDir: dir, databaseUrl: 'mysql://x/y' }), TypeError);
  });
});
