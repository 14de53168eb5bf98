/**
 * Service-linked roles (issue 14) with the clients other than SDK v3: the AWS CLI and boto3 drive
 * create / delete / get-deletion-status, and the rolegate service through the botocore model
 * Rolegate ships for it (docs/rolegate-model, loaded with AWS_DATA_PATH); that model is checked
 * against the served actions.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CreateRoleCommand, CreateServiceLinkedRoleCommand } from '@aws-sdk/client-iam';
import { actionNames, findAction } from '../../src/app/actions.js';
import { awsCli } from '../support/aws-cli.js';
import { PYTHON, boto3Env, skipWithoutBoto3 } from '../support/boto3.js';
import { repoRoot } from '../support/repo.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';
import { settled } from '../support/service-linked.js';

const run = promisify(execFile);

/** Members served only to be refused by name (older clients told why), which the model leaves out. */
const REFUSED_ONLY: Readonly<Record<string, readonly string[]>> = { GetWorkloadCredentials: ['WorkloadId'] };

interface Model {
  readonly metadata: Record<string, string>;
  readonly operations: Record<string, { readonly input: { readonly shape: string } }>;
  readonly shapes: Record<string, { readonly members?: Record<string, unknown>; readonly required?: readonly string[] }>;
}

describe('the rolegate botocore model (docs/rolegate-model)', () => {
  it('names the served operations with their members, target prefix and signing name', () => {
    const model = JSON.parse(readFileSync(join(repoRoot(), 'docs', 'rolegate-model', 'rolegate', '2026-12-01', 'service-2.json'), 'utf8')) as Model;
    assert.equal(model.metadata.targetPrefix, 'RolegateV20261201');
    assert.equal(model.metadata.signingName, 'rolegate');
    assert.equal(model.metadata.protocol, 'json');
    assert.deepEqual(Object.keys(model.operations).sort(), actionNames('rolegate').sort());
    for (const [name, op] of Object.entries(model.operations)) {
      const params = findAction('rolegate', name)?.params ?? {};
      const shape = model.shapes[op.input.shape]!;
      const served = Object.keys(params).filter((k) => !(REFUSED_ONLY[name] ?? []).includes(k));
      assert.deepEqual(Object.keys(shape.members ?? {}).sort(), served.sort(), name);
      const required = Object.entries(params).filter(([, spec]) => spec.required === true).map(([k]) => k);
      assert.deepEqual([...(shape.required ?? [])].sort(), required.sort(), name);
    }
  });
});

describe('service-linked roles with the AWS CLI', () => {
  const version = awsCli();
  const skip = version === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed (apt-get install -y awscli)' : false;
  let t: TestServer;
  before(async () => {
    if (!skip) t = await startTestServer();
  });
  after(async () => {
    if (!skip) await t.close();
  });

  const aws = async (extra: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const env = { ...process.env, ...extra, AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    try {
      const r = await run('aws', [...args, '--endpoint-url', t.url, '--output', 'json'], { env, timeout: 60_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const f = e as { code?: number; stdout?: string; stderr?: string };
      return { code: f.code ?? 1, stdout: f.stdout ?? '', stderr: f.stderr ?? '' };
    }
  };

  it('create-service-linked-role, its errors, delete-service-linked-role, get-service-linked-role-deletion-status', { skip, timeout: 120_000 }, async () => {
    const made = await aws({}, 'iam', 'create-service-linked-role', '--aws-service-name', 'autoscaling.amazonaws.com', '--custom-suffix', 'cli');
    assert.equal(made.code, 0, made.stderr);
    assert.equal((JSON.parse(made.stdout) as { Role: { RoleName: string } }).Role.RoleName, 'AWSServiceRoleForAutoScaling_cli');
    const refused = await aws({}, 'iam', 'create-service-linked-role', '--aws-service-name', 'batch.amazonaws.com', '--custom-suffix', 'cli');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /An error occurred \(InvalidInput\) when calling the CreateServiceLinkedRole operation(?: \(reached max retries: \d+\))?: Custom suffix is not allowed for batch\.amazonaws\.com/);
    const again = await aws({}, 'iam', 'create-service-linked-role', '--aws-service-name', 'autoscaling.amazonaws.com', '--custom-suffix', 'cli');
    assert.match(again.stderr, /\(InvalidInput\) when calling the CreateServiceLinkedRole operation(?: \(reached max retries: \d+\))?: Service role name AWSServiceRoleForAutoScaling_cli has been taken in this account, please try a different suffix\./);
    const deleted = await aws({}, 'iam', 'delete-service-linked-role', '--role-name', 'AWSServiceRoleForAutoScaling_cli');
    assert.equal(deleted.code, 0, deleted.stderr);
    const id = (JSON.parse(deleted.stdout) as { DeletionTaskId: string }).DeletionTaskId;
    assert.match(id, /^task\/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling_cli\/[0-9a-f-]{36}$/);
    let status = '';
    for (let i = 0; i < 20 && status !== 'SUCCEEDED'; i++) {
      const s = await aws({}, 'iam', 'get-service-linked-role-deletion-status', '--deletion-task-id', id);
      assert.equal(s.code, 0, s.stderr);
      status = (JSON.parse(s.stdout) as { Status: string }).Status;
    }
    assert.equal(status, 'SUCCEEDED');
  });

  it('the rolegate service through the AWS CLI, with the model Rolegate ships (AWS_DATA_PATH=docs/rolegate-model)', { skip, timeout: 120_000 }, async () => {
    await t.iam().send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    const model = { AWS_DATA_PATH: join(repoRoot(), 'docs', 'rolegate-model') };
    const cluster = `arn:aws:ecs:us-east-1:${TEST_ACCOUNT}:cluster/c`;
    const declared = await aws(model, 'rolegate', 'declare-role-usage', '--role-name', 'AWSServiceRoleForECS', '--resource-arns', cluster);
    assert.equal(declared.code, 0, declared.stderr);
    const listed = await aws(model, 'rolegate', 'list-role-usage', '--role-name', 'AWSServiceRoleForECS');
    assert.deepEqual(JSON.parse(listed.stdout), { RoleUsageList: [{ Region: 'us-east-1', Resources: [cluster] }] });
    const missing = await aws(model, 'rolegate', 'list-role-usage', '--role-name', 'nosuch');
    assert.match(missing.stderr, /An error occurred \(NoSuchEntityException\) when calling the ListRoleUsage operation(?: \(reached max retries: \d+\))?: The role with name nosuch cannot be found\./);
    // Passing a role to a service: the caller's iam:PassRole, through the CLI.
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const fn = (await t.iam().send(new CreateRoleCommand({ RoleName: 'cli-fn', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!;
    const passed = await aws(model, 'rolegate', 'check-pass-role', '--role-arn', fn.Arn!, '--passed-to-service', 'lambda.amazonaws.com');
    assert.equal(passed.code, 0, passed.stderr);
    assert.equal((JSON.parse(passed.stdout) as { Allowed: boolean }).Allowed, true);
    const id = (JSON.parse((await aws({}, 'iam', 'delete-service-linked-role', '--role-name', 'AWSServiceRoleForECS')).stdout) as { DeletionTaskId: string }).DeletionTaskId;
    const failed = await settled(t.iam(), id);
    assert.equal(failed.Status, 'FAILED');
    assert.deepEqual(failed.Reason?.RoleUsageList, [{ Region: 'us-east-1', Resources: [cluster] }]);
  });

  it('aws rolegate assume-role-for-service: credentials for the trusted service, AccessDeniedException for another', { skip, timeout: 120_000 }, async () => {
    const model = { AWS_DATA_PATH: join(repoRoot(), 'docs', 'rolegate-model') };
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } } }] };
    const role = (await t.iam().send(new CreateRoleCommand({ RoleName: 'cli-svc', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!;
    const fn = `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:f`;
    const got = await aws(model, 'rolegate', 'assume-role-for-service', '--role-arn', role.Arn!, '--service-principal', 'lambda.amazonaws.com', '--role-session-name', 'cli', '--source-arn', fn, '--duration-seconds', '900');
    assert.equal(got.code, 0, got.stderr);
    const out = JSON.parse(got.stdout) as { Credentials: { AccessKeyId: string; Expiration: number | string }; AssumedRoleUser: { Arn: string } };
    assert.match(out.Credentials.AccessKeyId, /^ASIA/);
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/cli-svc/cli`);
    // The CLI prints the timestamp as received (v1's cli_timestamp_format "none": epoch seconds) or as ISO 8601 (v2).
    const expiration = out.Credentials.Expiration;
    assert.ok(typeof expiration === 'number' ? Number.isInteger(expiration) : !Number.isNaN(Date.parse(expiration)), String(expiration));
    const refused = await aws(model, 'rolegate', 'assume-role-for-service', '--role-arn', role.Arn!, '--service-principal', 'ec2.amazonaws.com', '--role-session-name', 'cli', '--source-arn', fn);
    assert.notEqual(refused.code, 0);
    const quoted = role.Arn!.replace(/[/.]/g, '\\$&');
    assert.match(refused.stderr, new RegExp(`An error occurred \\(AccessDeniedException\\) when calling the AssumeRoleForService operation(?: \\(reached max retries: \\d+\\))?: User: ec2\\.amazonaws\\.com is not authorized to perform: sts:AssumeRole on resource: ${quoted}`));
  });
});

describe('service-linked roles with boto3', () => {
  const skip = skipWithoutBoto3;
  let t: TestServer;
  before(async () => {
    if (!skip) t = await startTestServer();
  });
  after(async () => {
    if (!skip) await t.close();
  });

  it('lifecycle: create, suffix refused, deletion blocked by a resource declared with boto3.client("rolegate"), then done; CheckPassRole and AssumeRoleForService with a confused deputy refused', { skip, timeout: 120_000 }, async () => {
    const env = boto3Env(t, { AWS_DATA_PATH: join(repoRoot(), 'docs', 'rolegate-model') });
    const r = await run(PYTHON, [join(repoRoot(), 'test', 'python', 'service_linked_boto3.py')], { env, timeout: 110_000 }).then(
      (x) => ({ code: 0, ...x }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
    );
    assert.equal(r.code, 0, `service_linked_boto3.py failed:\n${r.stderr}`);
    const seen = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { failed: string; done: string; task: string; passed: boolean; deputy: string };
    assert.equal(seen.failed, 'FAILED');
    assert.equal(seen.done, 'SUCCEEDED');
    assert.equal(seen.passed, true);
    assert.equal(seen.deputy, 'AccessDeniedException');
    assert.match(seen.task, /^task\/aws-service-role\/elasticloadbalancing\.amazonaws\.com\/AWSServiceRoleForElasticLoadBalancing\/[0-9a-f-]{36}$/);
  });
});
