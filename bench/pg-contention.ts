/**
 * Writers racing on PostgreSQL (issue 11, item 12; target: 0 errors with 64 writers), and
 * restarts of PostgreSQL under load (item 10; target: the node stays up, no acknowledged write lost).
 * Two Rolegate nodes over one throwaway cluster; signed raw HTTP from this process.
 * - CreateUser: one writer (the baseline), then 64 writers split over both nodes, then the same
 *   64 writers on SQLite (one node): throughput as ratios in the same run, errors by code.
 * - PutRolePolicy: 64 writers on one role (the hottest item there is).
 * - Restarts: 8 writers on one node while PostgreSQL is stopped (fast and immediate, in turn) and
 *   started RESTARTS times; then
 *   every user whose CreateUser got a 200 must be listed.
 * Requires PostgreSQL (apt-get install postgresql); run: node dist/bench/pg-contention.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type RolegateServer, startServer } from '../src/app/app.js';
import { parseConfig } from '../src/core/config.js';
import { signRequest } from '../src/sigv4/index.js';
import { type PostgresCluster, findPostgresBin, startPostgres } from '../test/support/postgres.js';

const ADMIN = { accessKeyId: 'AKIAROLEGATEBENCHKEY', secretAccessKey: 'b'.repeat(40) };
const ACCOUNT = '111111111111';
const WRITERS = 64;
const PER_WRITER = 10;
const BASELINE = 100;
const RESTARTS = 4;

interface Tally {
  ok: number;
  readonly errors: Map<string, number>;
  stacks: number;
}

const tally = (): Tally => ({ ok: 0, errors: new Map(), stacks: 0 });

/** One IAM Query call signed by the admin. */
async function post(url: string, body: string): Promise<Response> {
  const { host } = new URL(url);
  const req = signRequest(
    { method: 'POST', path: '/', query: '', headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
    { ...ADMIN, region: 'us-east-1', service: 'iam', nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  return fetch(url, { method: 'POST', headers, body });
}

async function call(url: string, body: string, t: Tally): Promise<boolean> {
  try {
    const res = await post(url, body);
    const text = await res.text();
    if (res.status === 200) {
      t.ok++;
      return true;
    }
    const code = `${/<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '?'} ${res.status}`;
    t.errors.set(code, (t.errors.get(code) ?? 0) + 1);
  } catch (e) {
    const code = `network ${(e as Error).message}`;
    t.errors.set(code, (t.errors.get(code) ?? 0) + 1);
  }
  return false;
}

const form = (params: Record<string, string>): string => new URLSearchParams({ Version: '2010-05-08', ...params }).toString();

/** `writers` loops of `each` calls, writer w on node w % nodes; returns calls per second. */
async function run(urls: readonly string[], writers: number, each: number, body: (w: number, i: number) => string, t: Tally): Promise<number> {
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < each; i++) await call(urls[w % urls.length]!, body(w, i), t);
    }),
  );
  return (writers * each) / ((performance.now() - start) / 1000);
}

async function node(databaseUrl: string | undefined, t: Tally): Promise<RolegateServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rolegate-bench-'));
  const config = parseConfig(['--port', '0', '--data-dir', dataDir, ...(databaseUrl === undefined ? [] : ['--database-url', databaseUrl])], {
    ROLEGATE_ACCOUNT_ID: ACCOUNT,
    ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    ROLEGATE_MASTER_KEY: 'c3'.repeat(32),
  });
  const server = await startServer(config, {
    log: (line) => {
      if (/\n\s+at /.test(line)) t.stacks++;
    },
  });
  const close = server.close.bind(server);
  return {
    ...server,
    close: async () => {
      const report = await close();
      rmSync(dataDir, { recursive: true, force: true });
      return report;
    },
  };
}

const errors = (t: Tally): string => (t.errors.size === 0 ? '0 errors' : `errors: ${[...t.errors].map(([k, v]) => `${v} × ${k}`).join(', ')}`) + `, ${t.stacks} stack traces logged`;
const rate = (n: number): string => `${n.toFixed(0)} calls/s`;

async function contention(cluster: PostgresCluster): Promise<void> {
  const t = tally();
  const url = await cluster.createDatabase('contention');
  const nodes = [await node(url, t), await node(url, t)];
  const urls = nodes.map((n) => n.url);
  try {
    const single = tally();
    const base = await run(urls.slice(0, 1), 1, BASELINE, (_, i) => form({ Action: 'CreateUser', UserName: `solo-${i}` }), single);
    console.log(`PostgreSQL CreateUser, 1 writer:        ${rate(base)} (${errors(single)})`);
    const many = await run(urls, WRITERS, PER_WRITER, (w, i) => form({ Action: 'CreateUser', UserName: `u-${w}-${i}` }), t);
    console.log(`PostgreSQL CreateUser, ${WRITERS} writers/2 nodes: ${rate(many)} = ${(many / base).toFixed(2)}× one writer; ${t.ok}/${WRITERS * PER_WRITER} ok, ${errors(t)}`);
    const role = tally();
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    await call(urls[0]!, form({ Action: 'CreateRole', RoleName: 'hot', AssumeRolePolicyDocument: trust }), tally());
    const doc = (w: number, i: number): string => JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${w}-${i}/*` }] });
    const hot = await run(urls, WRITERS, 5, (w, i) => form({ Action: 'PutRolePolicy', RoleName: 'hot', PolicyName: `p${w}`, PolicyDocument: doc(w, i) }), role);
    console.log(`PostgreSQL PutRolePolicy on one role, ${WRITERS} writers: ${rate(hot)}; ${role.ok}/${WRITERS * 5} ok, ${errors(role)}`);
    const lite = tally();
    const sqlite = await node(undefined, lite);
    try {
      const s = await run([sqlite.url], WRITERS, PER_WRITER, (w, i) => form({ Action: 'CreateUser', UserName: `u-${w}-${i}` }), lite);
      console.log(`SQLite CreateUser, ${WRITERS} writers:           ${rate(s)}; PostgreSQL's ${WRITERS} writers = ${(many / s).toFixed(2)}× SQLite (${errors(lite)})`);
    } finally {
      await sqlite.close();
    }
  } finally {
    for (const n of nodes) await n.close();
  }
}

async function restarts(cluster: PostgresCluster): Promise<void> {
  const t = tally();
  const n = await node(await cluster.createDatabase('restarts'), t);
  const acked: string[] = [];
  let stop = false;
  let seq = 0;
  const writer = async (): Promise<void> => {
    while (!stop) {
      const name = `r-${seq++}`;
      if (await call(n.url, form({ Action: 'CreateUser', UserName: name }), t)) acked.push(name);
      else await new Promise((r) => setTimeout(r, 20));
    }
  };
  const health = async (): Promise<number> => (await fetch(`${n.url}/health`)).status;
  const until = async (ok: () => Promise<boolean>): Promise<void> => {
    while (!(await ok())) await new Promise((r) => setTimeout(r, 50));
  };
  try {
    const load = Promise.all(Array.from({ length: 8 }, writer));
    for (let i = 0; i < RESTARTS; i++) {
      const before = acked.length;
      await until(() => Promise.resolve(acked.length >= before + 50));
      await cluster.halt(i % 2 === 0 ? 'fast' : 'immediate');
      await until(async () => (await health()) === 503);
      await cluster.resume();
      await until(async () => (await health()) === 200);
    }
    const after = acked.length;
    await until(() => Promise.resolve(acked.length >= after + 50));
    stop = true;
    await load;
    const listed = new Set<string>();
    let marker: string | undefined;
    do {
      const xml = await (await post(n.url, form({ Action: 'ListUsers', MaxItems: '1000', ...(marker === undefined ? {} : { Marker: marker }) }))).text();
      for (const m of xml.matchAll(/<UserName>([^<]*)<\/UserName>/g)) listed.add(m[1]!);
      marker = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? /<Marker>([^<]*)<\/Marker>/.exec(xml)?.[1] : undefined;
    } while (marker !== undefined);
    const lost = acked.filter((name) => !listed.has(name)).length;
    console.log(`PostgreSQL restarts under load: ${RESTARTS} survived (node up, recovered by itself); ${acked.length} acknowledged writes, ${lost} lost; failed calls: ${errors(t)}`);
  } finally {
    stop = true;
    await n.close();
  }
}

async function main(): Promise<void> {
  if (findPostgresBin() === undefined) {
    console.log('pg-contention: PostgreSQL is not installed (apt-get install -y postgresql); skipped');
    return;
  }
  // synchronous_commit on, as in production: a fast shutdown then keeps every acknowledged commit.
  const cluster = await startPostgres({ synchronousCommit: true });
  try {
    await contention(cluster);
    await restarts(cluster);
  } finally {
    await cluster.stop();
  }
}

await main();
