/**
 * Every write is one transaction: SIGKILL a server process in the middle of concurrent writes,
 * restart it on the same data, and find every acknowledged write whole (SQLite and PostgreSQL).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateUserCommand, GetUserCommand, IAMClient, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { type PostgresCluster, postgresUnavailable, startPostgres } from '../support/postgres.js';
import { ADMIN, TEST_ACCOUNT } from '../support/server.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface Running {
  readonly proc: ChildProcess;
  readonly url: string;
}

function serve(dataDir: string, databaseUrl?: string): Promise<Running> {
  const args = [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...(databaseUrl ? ['--database-url', databaseUrl] : [])];
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, ROLEGATE_ACCOUNT_ID: TEST_ACCOUNT, ROLEGATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, ROLEGATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, ROLEGATE_AUDIT: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving IAM, STS and Organizations on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ proc, url: m[1]! });
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

const client = (url: string): IAMClient => new IAMClient({ endpoint: url, region: 'us-east-1', credentials: ADMIN, maxAttempts: 1 });

async function crashAndRecover(dataDir: string, databaseUrl?: string): Promise<{ acked: number; checked: number }> {
  const first = await serve(dataDir, databaseUrl);
  const iam = client(first.url);
  const acked: string[] = [];
  let stop = false;
  const writers = Array.from({ length: 8 }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const name = `crash-${w}-${i}`;
      try {
        await iam.send(new CreateUserCommand({ UserName: name, Path: '/crash/', Tags: [{ Key: 'writer', Value: String(w) }, { Key: 'seq', Value: String(i) }] }));
        acked.push(name);
      } catch {
        return; // the server died under us: this write was never acknowledged
      }
    }
  });
  // Kill once a good number of writes are acknowledged, with more in flight.
  while (acked.length < 150) await new Promise((r) => setTimeout(r, 5));
  const exited = new Promise((r) => first.proc.once('exit', r));
  first.proc.kill('SIGKILL');
  stop = true;
  await exited;
  await Promise.all(writers);
  iam.destroy();

  const second = await serve(dataDir, databaseUrl);
  const check = client(second.url);
  try {
    for (const name of acked) {
      const u = await check.send(new GetUserCommand({ UserName: name }));
      assert.equal(u.User?.Path, '/crash/');
      const tags = await check.send(new ListUserTagsCommand({ UserName: name }));
      assert.equal(tags.Tags?.length, 2, `user ${name} lost its tags`);
    }
  } finally {
    check.destroy();
    second.proc.kill('SIGTERM');
    await new Promise((r) => second.proc.once('exit', r));
  }
  return { acked: acked.length, checked: acked.length };
}

describe('crash durability: SIGKILL during concurrent writes', () => {
  it('SQLite: every acknowledged CreateUser survives, whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-crash-'));
    try {
      const r = await crashAndRecover(dir);
      assert.ok(r.acked >= 150);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL', () => {
    const missing = postgresUnavailable();
    let cluster: PostgresCluster | undefined;
    before(async () => {
      if (!missing) cluster = await startPostgres();
    });
    after(async () => {
      await cluster?.stop();
    });
    it('every acknowledged CreateUser survives, whole', { skip: missing !== undefined && process.env.CI === undefined ? missing : false }, async () => {
      assert.ok(cluster, missing ?? 'PostgreSQL did not start');
      const dir = mkdtempSync(join(tmpdir(), 'rolegate-crash-pg-'));
      try {
        const r = await crashAndRecover(dir, await cluster.createDatabase('crash'));
        assert.ok(r.acked >= 150);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
