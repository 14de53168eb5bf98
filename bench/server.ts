/**
 * Signed sts:GetCallerIdentity and sts:AssumeRole requests/s with 16 keep-alive connections, side
 * by side with a bare node:http server answering the same XML, in the same run.
 * Targets (issues): GetCallerIdentity ≥ 50% of the bare server; AssumeRole ≥ 40% with p99 < 5 ms.
 *
 * The load generator changes the answer, so both are reported: a Node client (what an SDK-based
 * client costs; it, not the bare server, is the bottleneck there, so its ratios flatter Rolegate)
 * and wrk (a C generator that leaves most of the two cores to the servers: the stricter figure).
 * wrk is used when installed. This machine's throughput wanders by ±10% from run to run, so each
 * generator runs ROUNDS interleaved rounds (bare, GetCallerIdentity, AssumeRole) and the median
 * round is reported with the range of the ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '../src/sigv4/index.js';
import { type Child, startChild } from './support/children.js';
import { type LoadResult, type PreparedRequest, load as nodeLoad } from './support/load.js';
import { hasWrk, wrkLoad } from './support/wrk.js';

type Generator = 'node' | 'wrk';
const GENERATORS: Generator[] = hasWrk() ? ['node', 'wrk'] : ['node'];
const ADMIN = { accessKeyId: 'AKIAROLEGATEBENCHKEY', secretAccessKey: 'b'.repeat(40) };
const SECONDS = Number(process.env.BENCH_SECONDS ?? '4');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3');
const CONNECTIONS = 16;
const ENV = { ROLEGATE_ACCOUNT_ID: '111111111111', ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, BENCH_ROLE: 'bench-role' };
const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';
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

interface Round {
  readonly bare: LoadResult;
  readonly gci: LoadResult;
  readonly assume: LoadResult;
}

const fmt = (r: LoadResult): string =>
  `${Math.round(r.perSecond).toLocaleString('en-US').padStart(7)} req/s, p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms (${r.requests} requests, ${r.errors} errors)`;
const ratio = (a: LoadResult, b: LoadResult): number => (a.perSecond / b.perSecond) * 100;
const range = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}%`;
const median = <T>(xs: readonly T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]!;

async function round(gen: Generator, dataDir: string): Promise<Round> {
  const bareServer = await startChild('bare', dataDir);
  const bare = await measure(gen, bareServer.port, GCI);
  await bareServer.stop();
  const rg: Child = await startChild('rolegate', dataDir, ENV);
  try {
    return { bare, gci: await measure(gen, rg.port, GCI), assume: await measure(gen, rg.port, ASSUME) };
  } finally {
    await rg.stop();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-bench-'));
try {
  console.log(`${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds of ${SECONDS} s, signed requests (SigV4 verified on every request):`);
  for (const gen of GENERATORS) {
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(gen, dataDir));
    const gciRatios = rounds.map((r) => ratio(r.gci, r.bare));
    const assumeRatios = rounds.map((r) => ratio(r.assume, r.bare));
    const m = median(rounds, (r) => ratio(r.assume, r.bare));
    console.log(`load from ${gen === 'wrk' ? 'wrk' : 'a Node client'} (the median round by AssumeRole ratio; ranges over all rounds):`);
    console.log(`  bare node:http             ${fmt(m.bare)}`);
    console.log(`  rolegate GetCallerIdentity ${fmt(m.gci)} = ${ratio(m.gci, m.bare).toFixed(1)}% of bare, range ${range(gciRatios)} (target ≥ 50%)`);
    console.log(`  rolegate AssumeRole        ${fmt(m.assume)} = ${ratio(m.assume, m.bare).toFixed(1)}% of bare, range ${range(assumeRatios)}, p99 max ${Math.max(...rounds.map((r) => r.assume.p99ms)).toFixed(2)} ms (target ≥ 40%, p99 < 5 ms)`);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
