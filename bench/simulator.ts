/**
 * iam:SimulateCustomPolicy with 1,000 actions × 1,000 resources and MaxItems 1000 against a
 * started server (a child process): the time of one call, the size of its response, and the
 * server's peak resident memory (VmHWM) before and after the call; then the time to page through
 * 20 more pages (the whole result with BENCH_SIM_ALL=1), then one call with a costly policy.
 * Issue 11 item 9: the call was unbounded (14 s, 249 MB, 1.2 GB).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '../src/sigv4/index.js';
import { startChild } from './support/children.js';

const ADMIN = { accessKeyId: 'AKIAROLEGATEBENCHKEY', secretAccessKey: 'b'.repeat(40) };
const ENV = { ROLEGATE_ACCOUNT_ID: '111111111111', ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, ROLEGATE_AUDIT: 'off' };
const N = Number(process.env.BENCH_SIM_N ?? '1000');

const hwm = (pid: number): number => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const SMALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::b/*' }] });
/** 5,000 wildcard Resource patterns (~125 KB): each evaluation costs ~6.5 ms, so a page holds a few. */
const WIDE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: Array.from({ length: 5000 }, (_, i) => `arn:aws:s3:::*a*z${i}*`) }] });

function body(marker: string | undefined, policy = SMALL, actions = N): string {
  const p = new URLSearchParams({ Action: 'SimulateCustomPolicy', Version: '2010-05-08', MaxItems: '1000' });
  p.set('PolicyInputList.member.1', policy);
  for (let i = 1; i <= actions; i++) p.set(`ActionNames.member.${i}`, `s3:GetObject${i}`);
  for (let i = 1; i <= N; i++) p.set(`ResourceArns.member.${i}`, `arn:aws:s3:::b/key-${i}`);
  if (marker !== undefined) p.set('Marker', marker);
  return p.toString();
}

async function call(port: number, marker?: string, b = body(marker)): Promise<{ ms: number; bytes: number; marker: string | undefined; status: number }> {
  const req = signRequest(
    { method: 'POST', path: '/', query: '', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: b },
    { ...ADMIN, region: 'us-east-1', service: 'iam', nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body: b });
  const buf = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  const text = buf.toString('utf8');
  const truncated = text.includes('<IsTruncated>true</IsTruncated>');
  return { ms, bytes: buf.length, marker: truncated ? /<Marker>([^<]*)<\/Marker>/.exec(text)?.[1] : undefined, status: res.status };
}

const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-bench-sim-'));
const server = await startChild('rolegate', dataDir, ENV);
try {
  const before = hwm(server.pid);
  const first = await call(server.port);
  console.log(`SimulateCustomPolicy ${N}×${N}, MaxItems 1000: HTTP ${first.status}, ${first.ms.toFixed(0)} ms, ${(first.bytes / 1e6).toFixed(2)} MB response, peak RSS ${before.toFixed(0)} → ${hwm(server.pid).toFixed(0)} MB, truncated: ${first.marker !== undefined}`);
  // Then page on: every call after the first (warm) — all of them with BENCH_SIM_ALL=1, else 20.
  {
    const limit = process.env.BENCH_SIM_ALL === '1' ? Infinity : 20;
    let marker = first.marker;
    let calls = 1;
    let ms = first.ms;
    let bytes = first.bytes;
    let slowest = first.ms;
    const times: number[] = [];
    while (marker !== undefined && calls < limit) {
      const r = await call(server.port, marker);
      calls++;
      ms += r.ms;
      bytes += r.bytes;
      slowest = Math.max(slowest, r.ms);
      times.push(r.ms);
      marker = r.marker;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    console.log(`${marker === undefined ? 'whole result' : 'first pages'}: ${calls} calls, ${(ms / 1000).toFixed(1)} s, ${(bytes / 1e6).toFixed(1)} MB, median later call ${median.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms, peak RSS ${hwm(server.pid).toFixed(0)} MB`);
  }
  // A costly policy: one call (after a first that compiles it) of 1 action × N resources.
  const wide = body(undefined, WIDE, 1);
  await call(server.port, undefined, wide);
  const w = await call(server.port, undefined, wide);
  console.log(`5,000 wildcard Resource patterns × ${N} resources: HTTP ${w.status}, ${w.ms.toFixed(0)} ms for one call (a page of a few evaluations; 6.5 s when a call evaluated them all), truncated: ${w.marker !== undefined}`);
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
