/**
 * boto3 and the AWS CLI against a real server for Bedrock and CloudWatch Logs API keys
 * (test/python/service_api_keys_boto3.py): CredentialAgeDays, ServiceCredentialAlias /
 * ServiceCredentialSecret / ExpirationDate as each client parses them, the quota error. Without
 * python3/boto3 or the CLI the test is skipped locally and fails under CI (CI installs them).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { PYTHON, boto3Env, hasBoto3, runPython } from '../support/boto3.js';
import { recentAwsCli, recentPython } from '../support/recent-clients.js';
import { type TestServer, startTestServer } from '../support/server.js';

const local = process.env.CI === undefined;
const run = promisify(execFile);

/**
 * Debian's python3-boto3 (PYTHON, what CI installs) predates API keys; the script then checks the
 * wire answer itself. A `python3` on PATH whose botocore knows CredentialAgeDays (the machines' own Python) runs it too.
 */
const NEWER_PYTHON = recentPython(
  'm = boto3.client("iam", region_name="us-east-1").meta.service_model; assert "CredentialAgeDays" in m.operation_model("CreateServiceSpecificCredential").input_shape.members',
);

describe('service-specific API keys with boto3 and the AWS CLI', () => {
  let t: TestServer;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await startTestServer();
    env = boto3Env(t);
  });
  after(async () => {
    await t?.close();
  });

  it('boto3: create with CredentialAgeDays, list, reset, quota, Logs keys', { skip: !hasBoto3 && local ? 'python3 with boto3 is not installed' : false }, async () => {
    assert.ok(hasBoto3, `${PYTHON} with boto3 is required under CI`);
    const r = await runPython('service_api_keys_boto3.py', env);
    assert.equal(r.code, 0, `service_api_keys_boto3.py failed:\n${r.stderr}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    assert.equal(seen.modeled_exception, true);
    assert.equal(seen.listed_status, 'Active');
  });

  it('boto3 with a model that knows CredentialAgeDays and AllUsers', { skip: NEWER_PYTHON === undefined && local ? 'no python3 with a recent botocore on PATH' : false }, async () => {
    assert.ok(NEWER_PYTHON, 'a python3 whose botocore knows CredentialAgeDays is required under CI');
    // A fresh server: the script creates the same user.
    const fresh = await startTestServer();
    try {
      const r = await runPython('service_api_keys_boto3.py', boto3Env(fresh), NEWER_PYTHON);
      assert.equal(r.code, 0, `service_api_keys_boto3.py failed:\n${r.stderr}`);
      const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      assert.equal(seen.new_model, true);
      assert.equal(seen.modeled_exception, true);
    } finally {
      await fresh.close();
    }
  });

  /** Debian's AWS CLI 2.9 (first on CI's PATH) predates CredentialAgeDays; the machines' CLI v1 knows it. */
  const cli = recentAwsCli('iam', 'create-service-specific-credential', 'CredentialAgeDays');
  it('AWS CLI: create-service-specific-credential --credential-age-days', { skip: cli === undefined && local ? 'no AWS CLI knowing CredentialAgeDays on PATH' : false, timeout: 60_000 }, async () => {
    assert.ok(cli, 'an AWS CLI knowing CredentialAgeDays is required under CI');
    const aws = (...args: string[]): Promise<{ stdout: string; stderr: string }> => run(cli[0]!, [...cli.slice(1), '--endpoint-url', t.url, '--output', 'json', 'iam', ...args], { env });
    await aws('create-user', '--user-name', 'cli-bedrock');
    const out = JSON.parse((await aws('create-service-specific-credential', '--user-name', 'cli-bedrock', '--service-name', 'bedrock.amazonaws.com', '--credential-age-days', '7')).stdout) as {
      ServiceSpecificCredential: Record<string, string>;
    };
    const c = out.ServiceSpecificCredential;
    assert.equal(c.ServiceCredentialAlias, `cli-bedrock-at-${t.account}`);
    assert.match(c.ServiceCredentialSecret ?? '', /^ABSK/);
    assert.equal(Date.parse(c.ExpirationDate!) - Date.parse(c.CreateDate!), 7 * 86_400_000);
    const listed = JSON.parse((await aws('list-service-specific-credentials', '--user-name', 'cli-bedrock')).stdout) as { ServiceSpecificCredentials: Record<string, string>[] };
    assert.deepEqual(
      listed.ServiceSpecificCredentials.map((k) => [k.ServiceName, k.Status, k.ExpirationDate, k.ServiceCredentialSecret]),
      [['bedrock.amazonaws.com', 'Active', c.ExpirationDate, undefined]],
    );
    await assert.rejects(aws('create-service-specific-credential', '--user-name', 'cli-bedrock', '--service-name', 'bedrock.amazonaws.com', '--credential-age-days', '0'), (e: { stderr: string }) => {
      // The CLI checks the model's range itself before sending.
      assert.match(e.stderr, /credential-?age-?days|CredentialAgeDays/i);
      return true;
    });
  });
});
