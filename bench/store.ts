/**
 * Store read latency as a kind grows: get-by-key p50/p99 (one read() each) and one list page of
 * 100 items at a random marker, with 10,000 and then 100,000 items in the kind. Runs on SQLite
 * (a temp file) and on PostgreSQL: ROLEGATE_BENCH_DATABASE_URL if set (its items table is
 * written to: use a scratch database), else a throwaway cluster when PostgreSQL is installed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPostgresStore } from '../src/store/postgres.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { findPostgresBin, startPostgres } from '../test/support/postgres.js';

const ACCOUNT = '111122223333';
const KIND = 'bench-role';
const SIZES = [10_000, 100_000];
const GETS = 2000;
const PAGES = 200;

const keyOf = (i: number): string => `role/path/${String(i).padStart(7, '0')}`;

function roleData(i: number): unknown {
  return {
    RoleName: `Role${i}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/path/Role${i}`,
    RoleId: `AROA${String(i).padStart(17, '0')}`,
    CreateDate: '2024-01-01T00:00:00Z',
    AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    Tags: [{ Key: 'team', Value: 'blue' }],
  };
}

async function fill(store: Store, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 1000) {
    await store.write(async (tx) => {
      for (let j = i; j < Math.min(i + 1000, to); j++) {
        await tx.put({ account: ACCOUNT, kind: KIND, key: keyOf(j), id: `AROA${String(j).padStart(17, '0')}`, data: roleData(j) });
      }
    });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function timeAll(n: number, op: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await op();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

async function measure(name: string, store: Store): Promise<void> {
  let have = 0;
  for (const size of SIZES) {
    await fill(store, have, size);
    have = size;
    const random = (): number => Math.floor(Math.random() * size);
    await timeAll(200, () => store.read((tx) => tx.get(ACCOUNT, KIND, keyOf(random())))); // warm up
    const gets = await timeAll(GETS, () => store.read((tx) => tx.get(ACCOUNT, KIND, keyOf(random()))));
    const pages = await timeAll(PAGES, () =>
      store.read(async (tx) => {
        const page = await tx.list(ACCOUNT, KIND, { prefix: 'role/', after: keyOf(random()), limit: 100 });
        if (page.length === 0 && size > 100) throw new Error('empty page');
      }),
    );
    const us = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`;
    console.log(
      `${name.padEnd(8)} ${String(size).padStart(7)} items: get p50 ${us(percentile(gets, 50))}, p99 ${us(percentile(gets, 99))}; ` +
        `list page of 100 p50 ${percentile(pages, 50).toFixed(2)} ms, p99 ${percentile(pages, 99).toFixed(2)} ms`,
    );
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rolegate-bench-'));
try {
  const sqlite = await openSqliteStore(join(dir, 'bench.db'));
  await measure('sqlite', sqlite);
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const url = process.env['ROLEGATE_BENCH_DATABASE_URL'];
if (url) {
  const store = await openPostgresStore(url);
  await measure('postgres', store);
  await store.close();
} else if (findPostgresBin()) {
  const cluster = await startPostgres();
  try {
    const store = await openPostgresStore(cluster.url);
    await measure('postgres', store);
    await store.close();
  } finally {
    await cluster.stop();
  }
} else {
  console.log('postgres: skipped (set ROLEGATE_BENCH_DATABASE_URL or install PostgreSQL)');
}
