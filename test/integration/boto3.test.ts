/**
 * boto3 (the Python SDK, as Debian's python3-boto3 ships it) against a real server: paginators
 * over several pages and the role_exists waiter (test/python/roles_boto3.py); the account alias,
 * credential report and access advisor as boto3 scripts read them (account_reports_boto3.py). Without python3 and
 * boto3 the test is skipped locally and fails under CI (CI installs them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PYTHON, boto3Env, hasBoto3, runPython, skipWithoutBoto3 as skip } from '../support/boto3.js';
import { type TestServer, startTestServer } from '../support/server.js';

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
    const env = boto3Env(t);
    const r = await runPython('roles_boto3.py', env);
    assert.equal(r.code, 0, `roles_boto3.py failed:\n${r.stderr}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { pages: Record<string, number>; waited: number };
    assert.deepEqual(seen.pages, { list_roles: 3, list_role_policies: 3, list_attached_role_policies: 3, list_instance_profiles: 3, list_users: 3 });
    assert.ok(seen.waited >= 1);
  });

  it('reads the account alias, the credential report (csv over the decoded blob) and an access advisor job', async () => {
    const env = boto3Env(t);
    const r = await runPython('account_reports_boto3.py', env);
    assert.equal(r.code, 0, `account_reports_boto3.py failed:\n${r.stderr}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { rows: number; services: number; actions: string[] };
    // root, admin and boto-user (and any user the first test made); AdministratorAccess grants every service.
    assert.ok(seen.rows >= 3);
    assert.ok(seen.services > 100);
    assert.ok(seen.actions.includes('CreateAccountAlias') && seen.actions.includes('GetUser'), seen.actions.join());
  });
});
