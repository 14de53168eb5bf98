/**
 * `rolegate container-credentials`: SDK v3's default chain, boto3 and the AWS CLI with only
 * AWS_CONTAINER_CREDENTIALS_FULL_URI (loopback) and AWS_CONTAINER_AUTHORIZATION_TOKEN (SDK v3: the
 * _FILE form) get the task role (session name = the task id), make an allowed call and are denied
 * another; without the token, 401; a caller without iam:PassRole to ecs-tasks cannot start it.
 * Renewal with an injected clock, in process.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { RolegateApi } from '../../src/cli/aws-client.js';
import { type ContainerEndpoint, startContainerEndpoint } from '../../src/cli/container-server.js';
import { workloadFetcher } from '../../src/cli/workload.js';
import { awsCli } from '../support/aws-cli.js';
import { skipWithoutBoto3 } from '../support/boto3.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type WorkloadFixture, workloadFixture } from '../support/workload.js';
import { type Endpoint, awsCliChain, bareEnv, boto3Chain, keysEnv, runCli, sdkChain, startEndpoint } from '../support/workload-cli.js';

const SERVING = /serving task [0-9a-f]{32} .* on (http:\/\/127\.0\.0\.1:\d+\/v2\/credentials)/;
const TOKEN = 'c2VjcmV0LXRhc2stdG9rZW4tZm9yLXRlc3Rz';
const skipCli = awsCli() === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed' : false;

describe('rolegate container-credentials (the ECS container endpoint for a task role)', () => {
  let t: TestServer;
  let f: WorkloadFixture;
  let ep: Endpoint;
  let taskId: string;
  let tokenFile: string;
  before(async () => {
    t = await startTestServer();
    f = await workloadFixture(t);
    ep = await startEndpoint(['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '0', '--auth-token', TOKEN], bareEnv(keysEnv(f.launcher)), SERVING);
    taskId = /serving task ([0-9a-f]{32})/.exec(ep.stdout())![1]!;
    tokenFile = join(mkdtempSync(join(tmpdir(), 'rolegate-task-')), 'token');
    writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
  });
  after(async () => {
    await ep?.stop();
    await t.close();
  });
  const task = (extra: NodeJS.ProcessEnv = { AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN }): NodeJS.ProcessEnv => bareEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: ep.url, ...extra });
  const expectRole = (r: { arn: string; roles: number; denied: string | null }): void => {
    assert.equal(r.arn, `arn:aws:sts::${t.account}:assumed-role/task/${taskId}`);
    assert.ok(r.roles > 0);
    assert.equal(r.denied, 'AccessDenied');
  };

  it('SDK v3 default chain, the token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', async () => {
    expectRole(await sdkChain(t.url, task({ AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile })));
  });

  it('boto3 default chain', { skip: skipWithoutBoto3 }, async () => {
    const r = await boto3Chain(t.url, task());
    assert.equal(r.method, 'container-role');
    expectRole(r);
  });

  it('the AWS CLI', { skip: skipCli }, async () => {
    expectRole(await awsCliChain(t.url, task()));
  });

  it('the endpoint: 401 without the token or with another, 404 elsewhere, 405 for other methods; the agent\'s format', async () => {
    assert.equal((await fetch(ep.url)).status, 401);
    assert.equal((await fetch(ep.url, { headers: { Authorization: `${TOKEN}x` } })).status, 401);
    assert.equal((await fetch(ep.url.replace('/v2/credentials', '/v2/other'), { headers: { Authorization: TOKEN } })).status, 404);
    assert.equal((await fetch(ep.url, { method: 'POST', headers: { Authorization: TOKEN } })).status, 405);
    const r = await fetch(ep.url, { headers: { Authorization: TOKEN } });
    assert.equal(r.status, 200);
    const c = (await r.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(c), ['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
    assert.equal(c.RoleArn, f.taskRoleArn);
    assert.ok(!ep.stdout().includes(c.SecretAccessKey!) && !ep.stderr().includes(c.SecretAccessKey!) && !ep.stdout().includes(TOKEN) && !ep.stderr().includes(TOKEN));
  });

  it('without iam:PassRole to ecs-tasks: the command fails, saying so; a token with a line break is refused', async () => {
    const r = await runCli(['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '0', '--auth-token', TOKEN], bareEnv(keysEnv(f.noPassRole)));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^rolegate: AccessDenied: User: arn:aws:iam::\d{12}:user\/no-pass-role is not authorized to perform: iam:PassRole on resource: arn:aws:iam::\d{12}:role\/task/);
    const bad = await runCli(['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '0', '--auth-token', 'a\r\nX-Injected: 1'], bareEnv(keysEnv(f.launcher)));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--auth-token must be printable ASCII/);
  });

  it('--auth-token-file: the token stays out of the command line, which every local user can read (ps)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rolegate-task-')), 'token');
    const secret = 'ZmlsZS1ib3JuZS10YXNrLXRva2Vu';
    // As `echo "$TOKEN" > file` writes it: the line break ends the line, it is not the token's.
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    const fromFile = await startEndpoint(['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '0', '--auth-token-file', file], bareEnv(keysEnv(f.launcher)), SERVING);
    try {
      assert.ok(!readFileSync(`/proc/${fromFile.proc.pid}/cmdline`, 'utf8').includes(secret));
      const get = (auth: string): Promise<Response> => fetch(fromFile.url, { headers: { authorization: auth } });
      const ok = await get(secret);
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { RoleArn: string }).RoleArn, f.taskRoleArn);
      assert.equal((await get(`${secret}x`)).status, 401);
    } finally {
      await fromFile.stop();
    }
    const both = await runCli(['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '0', '--auth-token', TOKEN, '--auth-token-file', file], bareEnv(keysEnv(f.launcher)));
    assert.equal(both.code, 2);
    assert.match(both.stderr, /one of --auth-token and --auth-token-file/);
    const missing = await runCli(['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '0', '--auth-token-file', `${file}.absent`], bareEnv(keysEnv(f.launcher)));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--auth-token-file: cannot read/);
    assert.ok(!missing.stderr.includes(secret));
  });

  it('--relative-uri: /v2/credentials/<printed random id> answers without a token; another id is a 404; the full form still needs the token', async () => {
    const rel = await startEndpoint(['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '0', '--auth-token', TOKEN, '--relative-uri'], bareEnv(keysEnv(f.launcher)), SERVING);
    try {
      const uri = /AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=(\S+)\n/.exec(rel.stdout())?.[1];
      assert.match(uri ?? '', /^\/v2\/credentials\/[0-9a-f]{32}$/, rel.stdout());
      const base = rel.url.replace('/v2/credentials', '');
      const ok = await fetch(`${base}${uri}`);
      assert.equal(ok.status, 200);
      const c = (await ok.json()) as Record<string, string>;
      assert.deepEqual(Object.keys(c), ['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
      assert.equal(c.RoleArn, f.taskRoleArn);
      const other = `${uri!.slice(0, -1)}${uri!.endsWith('0') ? '1' : '0'}`;
      for (const wrong of [other, `${uri}x`, '/v2/credentials/', `${uri}/`]) assert.equal((await fetch(`${base}${wrong}`, { headers: { Authorization: TOKEN } })).status, 404, wrong);
      assert.equal((await fetch(`${base}${uri}`, { method: 'POST' })).status, 405);
      assert.equal((await fetch(rel.url)).status, 401);
      assert.equal((await fetch(rel.url, { headers: { Authorization: TOKEN } })).status, 200);
      // The id is a capability: not in the log lines (stderr).
      assert.ok(!rel.stderr().includes(uri!.slice(16)));
    } finally {
      await rel.stop();
    }
    // Without the flag there is no relative form at all.
    assert.equal((await fetch(`${ep.url}/${'0'.repeat(32)}`)).status, 401);
    assert.ok(!ep.stdout().includes('RELATIVE_URI'));
  });

  it('--host: only 127.0.0.1 or the ECS agent\'s 169.254.170.2; anything else is a usage error', async () => {
    for (const host of ['0.0.0.0', '10.0.0.1', '169.254.170.3', '169.254.170.2 ', '::', 'localhost']) {
      const r = await runCli(['container-credentials', '--endpoint', t.url, '--role-arn', f.taskRoleArn, '--port', '0', '--auth-token', TOKEN, '--host', host], bareEnv(keysEnv(f.launcher)));
      assert.equal(r.code, 2, `${host}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /--host must be 127\.0\.0\.1 or 169\.254\.170\.2/);
    }
  });

  it('renewed five minutes before expiry (injected clock, a 15-minute session)', async () => {
    let now = Date.now();
    const api = new RolegateApi(new URL(t.url), () => Promise.resolve(f.launcher), 'us-east-1');
    const local: ContainerEndpoint = await startContainerEndpoint({
      port: 0,
      authToken: TOKEN,
      now: () => now,
      fetch: ((issue) => () => issue())(workloadFetcher(api, { ServicePrincipal: 'ecs-tasks.amazonaws.com', RoleArn: f.taskRoleArn, DurationSeconds: 900 }, () => now)),
    });
    try {
      const read = async (): Promise<{ AccessKeyId: string; SecretAccessKey: string; Token: string }> => (await (await fetch(local.url, { headers: { Authorization: TOKEN } })).json()) as { AccessKeyId: string; SecretAccessKey: string; Token: string };
      const key = async (): Promise<string> => (await read()).AccessKeyId;
      const first = await key();
      now += 9 * 60_000;
      assert.equal(await key(), first);
      now += 2 * 60_000;
      const renewed = await read();
      assert.notEqual(renewed.AccessKeyId, first);
      // The same task: the server's id, kept through the WorkloadToken.
      assert.match(local.taskId, /^[0-9a-f]{32}$/);
      const me = await t.sts({ accessKeyId: renewed.AccessKeyId, secretAccessKey: renewed.SecretAccessKey, sessionToken: renewed.Token }).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:sts::${t.account}:assumed-role/task/${local.taskId}`);
    } finally {
      await local.close();
    }
  });
});
