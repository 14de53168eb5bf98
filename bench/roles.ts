/**
 * GetRole and ListRoles with 10,000 roles in the store, on SQLite and on PostgreSQL, both
 * in-process (the handler called with a context: no HTTP, no SigV4, no XML) and over HTTP with
 * the AWS SDK v3. Targets (issue): GetRole p50 under 1 ms in-process; ListRoles page time
 * independent of the number of roles (a page is one key-range scan: compare the first page with
 * a late one, and with a store of 1,000 roles).
 * PostgreSQL: ROLEGATE_BENCH_DATABASE_URL, else a throwaway cluster (test/support/postgres.ts).
 */
import { GetRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { performance } from 'node:perf_hooks';
import { newUniqueId } from '../src/credentials/ids.js';
import { KIND, type RoleData, nameKey, roleArn } from '../src/iam/model.js';
import { getRoleAction } from '../src/iam/roles/get-role.js';
import { listRoles } from '../src/iam/roles/list-roles.js';
import type { ActionContext } from '../src/core/action.js';
import { encodeMarker } from '../src/iam/users/paging.js';
import { postgresUnavailable, startPostgres } from '../test/support/postgres.js';
import { type TestServer, startTestServer } from '../test/support/server.js';

const ROLES = Number(process.env.BENCH_ROLES ?? '10000');
const GET_SAMPLES = 2000;
const LIST_SAMPLES = 100;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const roleName = (i: number): string => `role-${String(i).padStart(5, '0')}`;

async function seed(t: TestServer, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 500) {
    await t.server.store.write(async (tx) => {
      for (let i = start; i < Math.min(start + 500, to); i++) {
        const name = roleName(i);
        const data: RoleData = { name, path: '/', id: newUniqueId('AROA'), arn: roleArn(t.account, '/', name), createdAt: new Date().toISOString(), assumeRolePolicyDocument: TRUST, maxSessionDuration: 3600, tags: [] };
        await tx.put<RoleData>({ account: t.account, kind: KIND.role, key: nameKey(name), id: data.id, data });
      }
    });
  }
}

function context(t: TestServer): ActionContext {
  const arn = `arn:aws:iam::${t.account}:user/admin`;
  return {
    requestId: 'bench',
    now: new Date(),
    region: 'us-east-1',
    caller: { account: t.account, arn, userId: 'AIDABENCH', type: 'user', accessKeyId: t.admin.accessKeyId, userName: 'admin', principal: { arn } },
    store: t.server.store,
    services: t.server.services,
    sourceIp: '127.0.0.1',
    callerPolicies: { identity: [] },
  };
}

async function timed(n: number, fn: (i: number) => unknown): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(i); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(n * 0.5)]!, p99: ms[Math.floor(n * 0.99)]! };
}

const f = (r: { p50: number; p99: number }): string => `p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`;

async function measure(label: string, t: TestServer, count: number): Promise<void> {
  const ctx = context(t);
  const iam = t.iam();
  const late = encodeMarker(nameKey(roleName(count - 200))); // the page after it is one of the last
  const getIn = await timed(GET_SAMPLES, (i) => getRoleAction.handler(ctx, { RoleName: roleName((i * 7919) % count) }));
  const firstIn = await timed(LIST_SAMPLES, () => listRoles.handler(ctx, { MaxItems: 100 }));
  const lateIn = await timed(LIST_SAMPLES, () => listRoles.handler(ctx, { MaxItems: 100, Marker: late }));
  const getHttp = await timed(GET_SAMPLES / 4, (i) => iam.send(new GetRoleCommand({ RoleName: roleName((i * 7919) % count) })));
  const firstHttp = await timed(LIST_SAMPLES / 2, () => iam.send(new ListRolesCommand({ MaxItems: 100 })));
  const lateHttp = await timed(LIST_SAMPLES / 2, () => iam.send(new ListRolesCommand({ MaxItems: 100, Marker: late })));
  console.log(`${label}`);
  console.log(`  in-process  GetRole ${f(getIn)} | ListRoles MaxItems=100 first page ${f(firstIn)} | late page ${f(lateIn)}`);
  console.log(`  HTTP + SDK  GetRole ${f(getHttp)} | ListRoles MaxItems=100 first page ${f(firstHttp)} | late page ${f(lateHttp)}`);
}

async function run(backend: string, databaseUrl: string | undefined): Promise<void> {
  const t = await startTestServer(databaseUrl === undefined ? {} : { databaseUrl });
  try {
    await seed(t, 0, 1000);
    await measure(`${backend}, 1,000 roles`, t, 1000);
    await seed(t, 1000, ROLES);
    await measure(`${backend}, ${ROLES.toLocaleString('en-US')} roles`, t, ROLES);
  } finally {
    await t.close();
  }
}

await run('SQLite', undefined);
const url = process.env.ROLEGATE_BENCH_DATABASE_URL;
if (url !== undefined) await run('PostgreSQL', url);
else {
  const why = postgresUnavailable();
  if (why !== undefined) console.log(`PostgreSQL: skipped (${why})`);
  else {
    const pg = await startPostgres();
    try {
      await run('PostgreSQL', pg.url);
    } finally {
      await pg.stop();
    }
  }
}
