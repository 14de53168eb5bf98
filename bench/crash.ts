/**
 * Figures for "acknowledged writes lost under repeated SIGKILL": N cycles (ROLEGATE_CRASH_CYCLES,
 * default 10) of 8 concurrent CreateUser writers killed with SIGKILL after 150 acknowledgements,
 * restarted on the same data, on SQLite and (when installed) PostgreSQL. Run: node dist/bench/crash.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CrashReport, crashCycles } from '../test/support/crash.js';
import { findPostgresBin, startPostgres } from '../test/support/postgres.js';

const cycles = Number(process.env.ROLEGATE_CRASH_CYCLES ?? '10');

function line(store: string, r: CrashReport, ms: number): string {
  return `${store.padEnd(10)} kills ${String(r.cycles).padStart(3)}  acknowledged ${String(r.acknowledged).padStart(6)}  lost ${String(r.lost.length).padStart(3)}  committed-unacknowledged ${String(r.committedUnacknowledged).padStart(3)}  error answers ${String(r.errors).padStart(3)}  (${(ms / 1000).toFixed(1)} s)`;
}

async function run(store: string, databaseUrl: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rolegate-bench-crash-'));
  try {
    const t0 = Date.now();
    const r = await crashCycles(dir, databaseUrl, cycles);
    console.log(line(store, r, Date.now() - t0));
    if (r.lost.length > 0) console.log(`  lost: ${r.lost.slice(0, 20).join(', ')}`);
    if (r.errors > 0) console.log(`  first server log:\n${r.serverLog.slice(0, 2000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await run('SQLite', undefined);
if (findPostgresBin()) {
  const cluster = await startPostgres();
  try {
    await run('PostgreSQL', await cluster.createDatabase('bench_crash'));
  } finally {
    await cluster.stop();
  }
} else {
  console.log('PostgreSQL   skipped: not installed');
}
