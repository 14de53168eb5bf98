/**
 * boto3 and the AWS CLI against a real server for passwords (test/python/passwords_boto3.py):
 * login profiles, the account password policy and ChangePassword with each client's own
 * parsing of AWS's errors. Without python3/boto3 or the CLI the test is skipped locally and
 * fails under CI (CI installs them).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { awsCli } from '../support/aws-cli.js';
import { PYTHON, boto3Env, hasBoto3, runPython } from '../support/boto3.js';
import { type TestServer, startTestServer } from '../support/server.js';

const local = process.env.CI === undefined;
const run = promisify(execFile);

describe('passwords with boto3 and the AWS CLI', () => {
  let t: TestServer;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await startTestServer();
    env = boto3Env(t);
  });
  after(async () => {
    await t?.close();
  });

  it('boto3: policy, login profile, ChangePassword and their errors', { skip: !hasBoto3 && local ? 'python3 with boto3 is not installed' : false }, async () => {
    assert.ok(hasBoto3, `${PYTHON} with boto3 is required under CI`);
    const r = await runPython('passwords_boto3.py', env);
    assert.equal(r.code, 0, `passwords_boto3.py failed:\n${r.stderr}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
    assert.equal(seen.modeled_exception, true);
  });

  const cli = awsCli();
  it('AWS CLI: get-account-password-policy and create-login-profile', { skip: cli === undefined && local ? 'the AWS CLI is not installed' : false, timeout: 60_000 }, async () => {
    assert.ok(cli, 'the AWS CLI is required under CI');
    const aws = (...args: string[]): Promise<{ stdout: string; stderr: string }> => run('aws', ['--endpoint-url', t.url, '--output', 'json', 'iam', ...args], { env });
    await assert.rejects(aws('get-account-password-policy'), (e: { stderr: string }) => {
      assert.match(e.stderr, new RegExp(`\\(NoSuchEntity\\) when calling the GetAccountPasswordPolicy operation(?: \\(reached max retries: \\d+\\))?: The Password Policy with domain name ${t.account} cannot be found\\.`));
      return true;
    });
    await aws('update-account-password-policy', '--minimum-password-length', '8', '--require-symbols');
    const policy = JSON.parse((await aws('get-account-password-policy')).stdout) as { PasswordPolicy: Record<string, unknown> };
    assert.equal(policy.PasswordPolicy.MinimumPasswordLength, 8);
    assert.equal(policy.PasswordPolicy.RequireSymbols, true);
    await aws('create-user', '--user-name', 'cli-user');
    await assert.rejects(aws('create-login-profile', '--user-name', 'cli-user', '--password', 'NoSymbols123'), (e: { stderr: string }) => {
      assert.match(e.stderr, /\(PasswordPolicyViolation\) when calling the CreateLoginProfile operation(?: \(reached max retries: \d+\))?: Password should have at least one symbol/);
      assert.ok(!e.stderr.includes('NoSymbols123'));
      return true;
    });
    const created = JSON.parse((await aws('create-login-profile', '--user-name', 'cli-user', '--password', 'Cli-Password-1', '--password-reset-required')).stdout) as { LoginProfile: Record<string, unknown> };
    assert.equal(created.LoginProfile.UserName, 'cli-user');
    assert.equal(created.LoginProfile.PasswordResetRequired, true);
    const got = JSON.parse((await aws('get-login-profile', '--user-name', 'cli-user')).stdout) as { LoginProfile: Record<string, unknown> };
    assert.equal(got.LoginProfile.CreateDate, created.LoginProfile.CreateDate);
  });
});
