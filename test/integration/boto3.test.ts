/**
 * boto3 (the Python SDK, as Debian's python3-boto3 ships it) against a real server: paginators
 * over several pages and the role_exists waiter (test/python/roles_boto3.py); the account alias,
 * credential report and access advisor as boto3 scripts read them (account_reports_boto3.py). Without python3 and
 * boto3 the test is skipped locally and fails under CI (CI installs them).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/repo.js';
import { type TestServer, startTestServer } from '../support/server.js';

const PYTHON = '/usr/bin/python3';
const hasBoto3 = spawnSync(PYTHON, ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
const skip = !hasBoto3 && process.env.CI === undefined ? 'python3 with boto3 is not installed' : false;

function run(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(PYTHON, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('boto3', { skip }, () => {
  let t: TestServer;
  before(async () => {
    assert.ok(hasBoto3, `${PYTHON} with boto3 is required under CI`);
    t = await startTestServer();
  });
  after(async () => {
    await t?.close();
  });

  it('pages with paginators (roles, role policies, attached role policies, instance profiles, users) and waits with role_exists', async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ROLEGATE_ENDPOINT: t.url,
      AWS_ACCESS_KEY_ID: t.admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_MAX_ATTEMPTS: '1',
    };
    const r = await run(join(repoRoot(), 'test', 'python', 'roles_boto3.py'), env);
    assert.equal(r.code, 0, `roles_boto3.py failed:\n${r.stderr}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { pages: Record<string, number>; waited: number };
    assert.deepEqual(seen.pages, { list_roles: 3, list_role_policies: 3, list_attached_role_policies: 3, list_instance_profiles: 3, list_users: 3 });
    assert.ok(seen.waited >= 1);
  });

  it('reads the account alias, the credential report (csv over the decoded blob) and an access advisor job', async () => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ROLEGATE_ENDPOINT: t.url,
      AWS_ACCESS_KEY_ID: t.admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_MAX_ATTEMPTS: '1',
    };
    const r = await run(join(repoRoot(), 'test', 'python', 'account_reports_boto3.py'), env);
    assert.equal(r.code, 0, `account_reports_boto3.py failed:\n${r.stderr}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { rows: number; services: number; actions: string[] };
    // root, admin and boto-user (and any user the first test made); AdministratorAccess grants every service.
    assert.ok(seen.rows >= 3);
    assert.ok(seen.services > 100);
    assert.ok(seen.actions.includes('CreateAccountAlias') && seen.actions.includes('GetUser'), seen.actions.join());
  });
});
