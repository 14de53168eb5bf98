/**
 * SIGTERM and SIGINT drain the server: it stops accepting, every request already in flight gets
 * its response, the audit log is flushed, and a shutdown line is printed. A write that committed
 * is never left without its response: after a restart, the users present are exactly those whose
 * CreateUser was acknowledged.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateUserCommand, IAMClient, ListUsersCommand, type User } from '@aws-sdk/client-iam';
import { ADMIN } from '../support/server.js';
import { GIVEN_ADMIN_ENV, type Serving, serve, spawnServe, stop } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'rolegate-shutdown-'));
after(() => rmSync(root, { recursive: true, force: true }));
const client = (url: string): IAMClient => new IAMClient({ endpoint: url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });

async function listUsers(url: string): Promise<Set<string>> {
  const iam = client(url);
  const names = new Set<string>();
  try {
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListUsersCommand({ PathPrefix: '/drain/', ...(marker ? { Marker: marker } : {}) }));
      for (const u of page.Users ?? ([] as User[])) names.add(u.UserName!);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } finally {
    iam.destroy();
  }
  return names;
}

/** 32 writers keep CreateUser calls in flight; the signal arrives once `before` are acknowledged. */
async function signalUnderLoad(running: Serving, signal: NodeJS.Signals, before: number): Promise<{ acked: Set<string>; code: number | string }> {
  const iam = client(running.url);
  const acked = new Set<string>();
  let signalled = false;
  const writers = Array.from({ length: 32 }, async (_, w) => {
    for (let i = 0; ; i++) {
      const name = `drain-${w}-${i}`;
      try {
        await iam.send(new CreateUserCommand({ UserName: name, Path: '/drain/' }));
        acked.add(name);
      } catch (e) {
        // Only a call the server never took may fail: refused, or cut before it was read.
        assert.ok(signalled, `a call failed before the signal: ${String(e)}`);
        return;
      }
    }
  });
  while (acked.size < before) await new Promise((r) => setTimeout(r, 2));
  signalled = true;
  const code = await stop(running, signal);
  await Promise.all(writers);
  iam.destroy();
  return { acked, code };
}

describe('graceful shutdown', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: calls in flight get their responses; committed = acknowledged; audit flushed`, async (t) => {
      const dir = join(root, signal);
      const env = { ...GIVEN_ADMIN_ENV };
      const first = await serve({ dataDir: dir, env });
      const { acked, code } = await signalUnderLoad(first, signal, 100);
      assert.equal(code, 0, first.stderr());
      t.diagnostic(first.stdout().split('\n').slice(-3).join(' | '));

      const second = await serve({ dataDir: dir, env });
      try {
        const present = await listUsers(second.url);
        const unacknowledged = [...present].filter((n) => !acked.has(n));
        const lost = [...acked].filter((n) => !present.has(n));
        assert.deepEqual(lost, [], 'acknowledged writes lost');
        assert.deepEqual(unacknowledged, [], 'committed writes whose response never arrived');
      } finally {
        await stop(second);
      }
      assert.match(first.stdout(), new RegExp(`rolegate: ${signal} received: shutting down`));
      assert.match(first.stdout(), /rolegate: stopped \(\d+ connection\(s\) open at the signal; every request in flight finished; audit log flushed\)\n$/);
      // Every acknowledged call is in the audit log, written before the first process exited.
      const audit = readdirSync(join(dir, 'audit'))
        .map((f) => readFileSync(join(dir, 'audit', f), 'utf8'))
        .join('');
      const created = new Set<string>();
      for (const line of audit.split('\n')) {
        if (line === '') continue;
        const e = JSON.parse(line) as { eventName: string; errorCode?: string; requestParameters?: { userName?: string } };
        if (e.eventName === 'CreateUser' && e.errorCode === undefined && e.requestParameters?.userName) created.add(e.requestParameters.userName);
      }
      assert.deepEqual([...acked].filter((n) => !created.has(n)), [], 'acknowledged calls missing from the audit log');
    });
  }
});

describe('a second signal', () => {
  it('cuts a drain held by a slow client, yet the audit log keeps every acknowledged call', async () => {
    const dir = join(root, 'twice');
    const running = await serve({ dataDir: dir, env: GIVEN_ADMIN_ENV });
    // Half a request: holds the drain until its deadline.
    const slow = connect(Number(new URL(running.url).port), '127.0.0.1');
    await new Promise<void>((r) => slow.once('connect', r));
    slow.on('error', () => {});
    slow.write('POST / HTTP/1.1\r\nHost: x\r\n');
    const iam = client(running.url);
    await iam.send(new CreateUserCommand({ UserName: 'last-before-signal', Path: '/drain/' }));
    iam.destroy();
    // Still in the audit batch (written every 100 ms) when both signals arrive.
    running.proc.kill('SIGTERM');
    // Two signals sent at once may reach the process as one: the second after the first is seen.
    while (!running.stdout().includes('SIGTERM received')) await new Promise((r) => setTimeout(r, 5));
    running.proc.kill('SIGTERM');
    const code = await running.exited;
    slow.destroy();
    assert.equal(code, 0, running.stderr());
    assert.match(running.stdout(), /rolegate: stopped \(\d+ connection\(s\) open at the signal; 1 cut by the second signal; audit log flushed\)\n$/);
    const audit = readdirSync(join(dir, 'audit'))
      .map((f) => readFileSync(join(dir, 'audit', f), 'utf8'))
      .join('');
    assert.match(audit, /"userName":"last-before-signal"/);
  });
});

describe('a signal during the start', () => {
  it('ends a start that cannot finish (a database that never answers) within the drain bound', async () => {
    // Accepts the connection and never says a word: the PostgreSQL client waits for ever.
    const sockets: Socket[] = [];
    let connected!: () => void;
    const reached = new Promise<void>((r) => (connected = r));
    const silent = createServer((s) => {
      sockets.push(s);
      connected();
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const p = spawnServe({ dataDir: join(root, 'hung-start'), databaseUrl: `postgres://u:p@127.0.0.1:${port}/db`, env: GIVEN_ADMIN_ENV });
    try {
      await reached;
      p.proc.kill('SIGTERM');
      // A hang guard, not a timing assertion: the old code never exited.
      let guard: NodeJS.Timeout | undefined;
      const code = await Promise.race([p.exited, new Promise<string>((r) => (guard = setTimeout(() => r('still running'), 30_000)))]);
      clearTimeout(guard);
      assert.equal(code, 1, p.stdout() + p.stderr());
      assert.match(p.stderr(), /rolegate: the start did not finish within 10 s of the signal: exiting/);
    } finally {
      p.proc.kill('SIGKILL');
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});
