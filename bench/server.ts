/**
 * Signed sts:GetCallerIdentity requests/s with 16 keep-alive connections, side by side with a bare
 * node:http server answering the same XML, in the same run (issue: server core; target ≥ 50%).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '../src/sigv4/index.js';
import { startChild } from './support/children.js';
import { type LoadResult, type PreparedRequest, load as nodeLoad } from './support/load.js';
import { hasWrk, wrkLoad } from './support/wrk.js';

const WRK = hasWrk();
/** wrk when installed (it leaves the cores to the servers), else the Node load generator. */
const load = (port: number, next: () => PreparedRequest, connections: number, seconds: number): Promise<LoadResult> =>
  WRK ? wrkLoad(port, next(), connections, seconds) : nodeLoad(port, next, connections, seconds);

const ADMIN = { accessKeyId: 'AKIAROLEGATEBENCHKEY', secretAccessKey: 'b'.repeat(40) };
const SECONDS = Number(process.env.BENCH_SECONDS ?? '5');
const CONNECTIONS = 16;

function signedGetCallerIdentity(port: number): PreparedRequest {
  return signed(port, 'Action=GetCallerIdentity&Version=2011-06-15');
}

function signed(port: number, body: string): PreparedRequest {
  const signed = signRequest(
    { method: 'POST', path: '/', query: '', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
    { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string') headers[k] = v;
  return { path: '/', headers, body };
}

const fmt = (r: LoadResult): string =>
  `${Math.round(r.perSecond).toLocaleString('en-US')} req/s, p50 ${r.p50ms.toFixed(2)} ms, p99 ${r.p99ms.toFixed(2)} ms (${r.requests} requests, ${r.errors} errors)`;

const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-bench-'));
try {
  const bare = await startChild('bare', dataDir);
  await load(bare.port, () => signedGetCallerIdentity(bare.port), CONNECTIONS, 1);
  const bareResult = await load(bare.port, () => signedGetCallerIdentity(bare.port), CONNECTIONS, SECONDS);
  await bare.stop();

  const env = { ROLEGATE_ACCOUNT_ID: '111111111111', ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey };
  const rg = await startChild('rolegate', dataDir, env);
  const req = signedGetCallerIdentity(rg.port);
  await load(rg.port, () => req, CONNECTIONS, 1);
  const rgResult = await load(rg.port, () => req, CONNECTIONS, SECONDS);
  await rg.stop();

  // sts:AssumeRole: trust-policy evaluation, credentials minted and sealed into a session token.
  const rg2 = await startChild('rolegate', dataDir, { ...env, BENCH_ROLE: 'bench-role' });
  const assume = signed(rg2.port, 'Action=AssumeRole&Version=2011-06-15&RoleSessionName=bench&RoleArn=' + encodeURIComponent('arn:aws:iam::111111111111:role/bench-role'));
  await load(rg2.port, () => assume, CONNECTIONS, 1);
  const assumeResult = await load(rg2.port, () => assume, CONNECTIONS, SECONDS);
  await rg2.stop();

  console.log(`${CONNECTIONS} keep-alive connections, ${SECONDS} s each, load from ${WRK ? 'wrk' : 'a Node client'}, signed requests (SigV4 verified on every request):`);
  console.log(`  bare node:http            : ${fmt(bareResult)}`);
  console.log(`  rolegate GetCallerIdentity: ${fmt(rgResult)}  = ${((rgResult.perSecond / bareResult.perSecond) * 100).toFixed(1)}% of bare (target ≥ 50%)`);
  console.log(`  rolegate AssumeRole       : ${fmt(assumeResult)}  = ${((assumeResult.perSecond / bareResult.perSecond) * 100).toFixed(1)}% of bare (target ≥ 40%, p99 < 5 ms)`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
