/**
 * `rolegate credentials` as a profile's credential_process: it reads the caller's own profile
 * (AWS_PROFILE in the shared credentials file, as the AWS CLI does), assumes the role, and prints
 * the JSON the AWS CLI documents (Version 1, AccessKeyId, SecretAccessKey, SessionToken,
 * Expiration); the AWS CLI, boto3 and SDK v3's default chain then act as the role.
 * https://docs.aws.amazon.com/cli/v1/userguide/cli-configure-sourcing-external.html
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awsCli } from '../support/aws-cli.js';
import { skipWithoutBoto3 } from '../support/boto3.js';
import { CLI } from '../support/cli.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type WorkloadFixture, workloadFixture } from '../support/workload.js';
import { awsCliChain, bareEnv, boto3Chain, keysEnv, runCli, sdkChain } from '../support/workload-cli.js';

const skipCli = awsCli() === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed' : false;

describe('rolegate credentials (credential_process)', () => {
  let t: TestServer;
  let f: WorkloadFixture;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    t = await startTestServer();
    f = await workloadFixture(t);
    const dir = mkdtempSync(join(tmpdir(), 'rolegate-cp-'));
    const credentials = join(dir, 'credentials');
    const config = join(dir, 'config');
    writeFileSync(credentials, `[caller]\naws_access_key_id = ${f.launcher.accessKeyId}\naws_secret_access_key = ${f.launcher.secretAccessKey}\n`, { mode: 0o600 });
    // The tool's profile names no keys: only the process, which signs with the "caller" profile.
    writeFileSync(config, `[profile app]\nregion = us-east-1\ncredential_process = /usr/bin/env AWS_PROFILE=caller ${process.execPath} ${CLI} credentials --endpoint ${t.url} --role-arn ${f.cliRoleArn} --duration-seconds 900\n`);
    env = bareEnv({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: 'app' });
  });
  after(async () => {
    await t.close();
  });
  const expectRole = (r: { arn: string; roles: number; denied: string | null }): void => {
    assert.match(r.arn, new RegExp(`^arn:aws:sts::${t.account}:assumed-role/cli/rolegate-\\d+$`));
    assert.ok(r.roles > 0);
    assert.equal(r.denied, 'AccessDenied');
  };

  it('prints the credential_process JSON', async () => {
    const r = await runCli(['credentials', '--endpoint', t.url, '--role-arn', f.cliRoleArn], bareEnv(keysEnv(f.launcher)));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    assert.equal(out.Version, 1);
    assert.match(String(out.AccessKeyId), /^ASIA/);
    assert.ok(!Number.isNaN(Date.parse(String(out.Expiration))));
    const denied = await runCli(['credentials', '--endpoint', t.url, '--role-arn', f.instanceRoleArn], bareEnv(keysEnv(f.launcher)));
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /^rolegate: AccessDenied: User: arn:aws:iam::\d{12}:user\/launcher is not authorized to perform: sts:AssumeRole/);
    assert.equal(denied.stdout, '');
    const bad = await runCli(['credentials', '--endpoint', t.url, '--role-arn', f.cliRoleArn, '--duration-seconds', '60'], bareEnv(keysEnv(f.launcher)));
    assert.equal(bad.code, 2);
  });

  it('the AWS CLI with credential_process', { skip: skipCli }, async () => {
    expectRole(await awsCliChain(t.url, env));
  });

  it('boto3 with credential_process', { skip: skipWithoutBoto3 }, async () => {
    const r = await boto3Chain(t.url, env);
    assert.equal(r.method, 'custom-process');
    expectRole(r);
  });

  it('SDK v3 default chain with credential_process', async () => {
    expectRole(await sdkChain(t.url, env));
  });
});
