/**
 * Every write is one transaction: SIGKILL a server process in the middle of concurrent writes,
 * restart it on the same data, and find every acknowledged write whole — over repeated kills on
 * one data directory, on SQLite and PostgreSQL (test/support/crash.ts; bench/crash.ts runs more
 * cycles and prints the figures).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crashCycles } from '../support/crash.js';
import { type PostgresCluster, postgresUnavailable, startPostgres } from '../support/postgres.js';

const CYCLES = 3;

describe('crash durability: repeated SIGKILL during concurrent writes', () => {
  it('SQLite: every acknowledged CreateUser survives, whole', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-crash-'));
    try {
      const r = await crashCycles(dir, undefined, CYCLES);
      t.diagnostic(`SQLite: ${r.cycles} kills, ${r.acknowledged} acknowledged, ${r.lost.length} lost, ${r.committedUnacknowledged} committed unacknowledged, ${r.errors} error answers while up`);
      assert.deepEqual(r.lost, []);
      assert.ok(r.acknowledged >= CYCLES * 150);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL', () => {
    const missing = postgresUnavailable();
    let cluster: PostgresCluster | undefined;
    before(async () => {
      if (!missing) cluster = await startPostgres();
    });
    after(async () => {
      await cluster?.stop();
    });
    it('every acknowledged CreateUser survives, whole', { skip: missing !== undefined && process.env.CI === undefined ? missing : false }, async (t) => {
      assert.ok(cluster, missing ?? 'PostgreSQL did not start');
      const dir = mkdtempSync(join(tmpdir(), 'rolegate-crash-pg-'));
      try {
        const r = await crashCycles(dir, await cluster.createDatabase('crash'), CYCLES);
        t.diagnostic(`PostgreSQL: ${r.cycles} kills, ${r.acknowledged} acknowledged, ${r.lost.length} lost, ${r.committedUnacknowledged} committed unacknowledged, ${r.errors} error answers while up`);
        assert.deepEqual(r.lost, []);
        assert.ok(r.acknowledged >= CYCLES * 150);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
