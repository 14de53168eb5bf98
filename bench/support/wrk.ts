/**
 * Load from wrk (Debian's `wrk`), when installed: a C load generator costs the shared 2 cores far
 * less than a Node client, so the servers, not the client, set the figures. One thread, N
 * keep-alive connections, the same prepared request repeated.
 */
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadResult, PreparedRequest } from './load.js';

const run = promisify(execFile);

export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    // wrk --version exits 1 after printing its version
    return (e as { status?: number }).status === 1;
  }
}

const lua = (s: string): string => JSON.stringify(s);

function toMs(v: string, unit: string): number {
  const n = Number(v);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}

export async function wrkLoad(port: number, r: PreparedRequest, connections: number, seconds: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rolegate-wrk-'));
  try {
    const script = join(dir, 'req.lua');
    const headers = Object.entries(r.headers)
      .filter(([k]) => k.toLowerCase() !== 'host')
      .map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)
      .join('\n');
    writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${lua(r.body)}\n${headers}\n`);
    const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, `http://127.0.0.1:${port}${r.path}`]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? '0');
    const total = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? '0');
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0');
    const pct = (p: string): number => {
      const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
      return m ? toMs(m[1]!, m[2]!) : NaN;
    };
    return { requests: total, errors: non2xx, seconds, perSecond: rps, p50ms: pct('50'), p99ms: pct('99') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
