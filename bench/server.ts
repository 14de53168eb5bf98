/**
 * Signed sts:GetCallerIdentity and sts:AssumeRole requests/s with 16 keep-alive connections, side
 * by side with a bare node:http server answering the same XML, in the same run.
 * Targets (issues): GetCallerIdentity ≥ 50% of the bare server; AssumeRole ≥ 40% with p99 < 5 ms.
 *
 * The load generator changes the answer, so both are reported: a Node client (what an SDK-based
 * client costs; it, not the bare server, is the bottleneck there) and wrk (a C generator that
 * leaves the two cores to the servers: the stricter figure). wrk is used when installed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '../src/sigv4/index.js';
import { startChild } from './support/children.js';
import { type LoadResult, type PreparedRequest, load as nodeLoad } from './support/load.js';
import { hasWrk, wrkLoad } from './support/wrk.js';

type Generator = 'node' | 'wrk';
const GENERATORS: Generator[] = hasWrk() ? ['node', 'wrk'] : ['node'];
const ADMIN = { accessKeyId: 'AKIAROLEGATEBENCHKEY', secretAccessKey: 'b'.repeat(40) };
const SECONDS = Number(process.env.BENCH_SECONDS ?? '5');
const CONNECTIONS = 16;
const ENV = { ROLEGATE_ACCOUNT_ID: '111111111111', ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, BENCH_ROLE: 'bench-role' };
const ASSUME = 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=bench&RoleArn=' + encodeURIComponent('arn:aws:iam::111111111111:role/bench-role');

/** One signed request, repeated (valid for the 15 minutes of SigV4's clock window). */
function signed(port: number, body: string): PreparedRequest {
  const req = signRequest(
    { method: 'POST', path: '/', query: '', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
    { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
  return { path: '/', headers, body };
}

async function measure(gen: Generator, port: number, body: string): Promise<LoadResult> {
  const r = signed(port, body);
  const run = (seconds: number): Promise<LoadResult> => (gen === 'wrk' ? wrkLoad(port, r, CONNECTIONS, seconds) : nodeLoad(port, () => r, CONNECTIONS, seconds));
  await run(1); // warm-up
  return run(SECONDS);
}

const fmt = (r: LoadResult): string =>
  `${Math.round(r.perSecond).toLocaleString('en-US').padStart(7)} req/s, p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms (${r.requests} requests, ${r.errors} errors)`;
const pct = (a: LoadResult, b: LoadResult): string => `${((a.perSecond / b.perSecond) * 100).toFixed(1)}% of bare`;

const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-bench-'));
try {
  console.log(`${CONNECTIONS} keep-alive connections, ${SECONDS} s per run, signed requests (SigV4 verified on every request):`);
  for (const gen of GENERATORS) {
    const bare = await startChild('bare', dataDir);
    const bareResult = await measure(gen, bare.port, 'Action=GetCallerIdentity&Version=2011-06-15');
    await bare.stop();
    const rg = await startChild('rolegate', dataDir, ENV);
    const gci = await measure(gen, rg.port, 'Action=GetCallerIdentity&Version=2011-06-15');
    const assume = await measure(gen, rg.port, ASSUME);
    await rg.stop();
    console.log(`load from ${gen === 'wrk' ? 'wrk' : 'a Node client'}:`);
    console.log(`  bare node:http             ${fmt(bareResult)}`);
    console.log(`  rolegate GetCallerIdentity ${fmt(gci)} = ${pct(gci, bareResult)} (target ≥ 50%)`);
    console.log(`  rolegate AssumeRole        ${fmt(assume)} = ${pct(assume, bareResult)} (target ≥ 40%, p99 < 5 ms)`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
