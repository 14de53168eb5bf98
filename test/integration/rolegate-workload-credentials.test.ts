/**
 * rolegate:GetWorkloadCredentials: the caller "launches" an instance (task) — iam:PassRole of the
 * role to the service for the instance (task) ARN — and gets the credentials the service would:
 * a session named after the instance (task) id whose requests carry ec2:SourceInstanceARN and
 * ec2:RoleDelivery (instances), the trust evaluated for the service principal (tasks: with
 * aws:SourceArn/aws:SourceAccount). Signed rolegate client; credentials used with SDK v3.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListRolesCommand, ListUsersCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { rolegateClient } from '../support/rolegate-client.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { awsCli } from '../support/aws-cli.js';
import { repoRoot } from '../support/repo.js';
import { type WorkloadFixture, workloadFixture } from '../support/workload.js';
import { bareEnv, keysEnv, run } from '../support/workload-cli.js';

const skipCli = awsCli() === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed' : false;

describe('rolegate GetWorkloadCredentials (instance and task role credentials for the caller that launches)', () => {
  let t: TestServer;
  let f: WorkloadFixture;
  before(async () => {
    t = await startTestServer();
    f = await workloadFixture(t);
  });
  after(async () => {
    await t.close();
  });
  const creds = (json: Record<string, unknown>): Credentials => {
    const c = json.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  };

  it('an instance: session named after the instance; its requests carry ec2:SourceInstanceARN and ec2:RoleDelivery', async () => {
    const r = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.RoleArn, f.instanceRoleArn);
    // The instance id is the server's, in EC2's shape.
    const INSTANCE = String(r.json.WorkloadId);
    assert.match(INSTANCE, /^i-[0-9a-f]{17}$/);
    assert.equal(r.json.WorkloadArn, `arn:aws:ec2:us-east-1:${t.account}:instance/${INSTANCE}`);
    assert.match(String(r.json.InstanceProfileArn), /:instance-profile\/app-profile$/);
    assert.match(String(r.json.InstanceProfileId), /^AIPA/);
    const c = creds(r.json);
    assert.equal((await t.sts(c).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${t.account}:assumed-role/app/${INSTANCE}`);
    // Allowed only with ec2:RoleDelivery 2.0 and this account's instance ARN: both keys are set.
    assert.ok((await t.iam(c).send(new ListRolesCommand({}))).Roles!.length > 0);
    await assert.rejects(t.iam(c).send(new ListUsersCommand({})), { name: 'AccessDenied' });
    // Delivered by IMDSv1: ec2:RoleDelivery is 1.0, so the condition fails.
    const v1 = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName, WorkloadToken: String(r.json.WorkloadToken), RoleDelivery: '1.0' });
    assert.equal(v1.status, 200, JSON.stringify(v1.json));
    await assert.rejects(t.iam(creds(v1.json)).send(new ListRolesCommand({})), { name: 'AccessDenied' });
  });

  it('without iam:PassRole: AccessDenied with AWS\'s PassRole message, naming the instance in no credentials', async () => {
    const r = await rolegateClient(t, f.noPassRole).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName });
    assert.equal(r.status, 400, JSON.stringify(r.json));
    assert.equal(r.json.__type, 'AccessDeniedException');
    assert.match(String(r.json.Message), new RegExp(`^User: arn:aws:iam::${t.account}:user/no-pass-role is not authorized to perform: iam:PassRole on resource: ${f.instanceRoleArn.replace(/[/]/g, '\\/')}`));
    assert.equal(r.json.Credentials, undefined);
  });

  it('a task: the trust is evaluated for ecs-tasks.amazonaws.com with the task ARN as aws:SourceArn', async () => {
    const r = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ecs-tasks.amazonaws.com', RoleArn: f.taskRoleArn, Cluster: 'web' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const TASK = String(r.json.WorkloadId);
    assert.match(TASK, /^[0-9a-f]{32}$/);
    assert.equal(r.json.WorkloadArn, `arn:aws:ecs:us-east-1:${t.account}:task/web/${TASK}`);
    assert.equal((await t.sts(creds(r.json)).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${t.account}:assumed-role/task/${TASK}`);
    // The instance role does not trust ECS: refused as STS refuses the service.
    const wrong = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ecs-tasks.amazonaws.com', RoleArn: f.instanceRoleArn });
    assert.deepEqual(wrong.json, { __type: 'AccessDeniedException', Message: `User: ecs-tasks.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${f.instanceRoleArn}` });
  });

  it('a role that stops trusting EC2 is refused; the trust is the service\'s, not the caller\'s', async () => {
    await t.iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.account}:root` }, Action: 'sts:AssumeRole' }] }) }));
    try {
      const r = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName });
      assert.deepEqual(r.json, { __type: 'AccessDeniedException', Message: `User: ec2.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${f.instanceRoleArn}` });
    } finally {
      await t.iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) }));
    }
  });

  it('bad combinations and a missing profile: ValidationException, NoSuchEntity', async () => {
    const admin = rolegateClient(t);
    const mixed = await admin.send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', RoleArn: f.instanceRoleArn });
    assert.match(String(mixed.json.__type), /^Validation/);
    const cluster = await admin.send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName, Cluster: 'web' });
    assert.match(String(cluster.json.__type), /^Validation/);
    const other = await admin.send('GetWorkloadCredentials', { ServicePrincipal: 'lambda.amazonaws.com', RoleArn: f.taskRoleArn });
    assert.match(String(other.json.__type), /^Validation/);
    const ghost = await admin.send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: 'ghost' });
    assert.deepEqual(ghost.json, { __type: 'NoSuchEntityException', Message: 'Instance Profile ghost cannot be found.' });
    assert.equal(ghost.status, 404);
  });

  it('GetFederationToken credentials cannot call it (no AssumeRole in another guise)', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const fed = (await t.sts().send(new GetFederationTokenCommand({ Name: 'fed', Policy: policy }))).Credentials!;
    const r = await rolegateClient(t, { accessKeyId: fed.AccessKeyId!, secretAccessKey: fed.SecretAccessKey!, sessionToken: fed.SessionToken! }).send('GetWorkloadCredentials', {
      ServicePrincipal: 'ec2.amazonaws.com',
      InstanceProfileName: f.profileName,
    });
    assert.deepEqual(r.json, { __type: 'AccessDeniedException', Message: 'Cannot call GetWorkloadCredentials with session credentials' });
  });

  it('the call itself takes rolegate:GetWorkloadCredentials on the role', async () => {
    const stranger = await workloadStranger(t);
    const r = await rolegateClient(t, stranger).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName });
    assert.equal(r.json.__type, 'AccessDeniedException');
    assert.match(String(r.json.Message), /is not authorized to perform: rolegate:GetWorkloadCredentials on resource: arn:aws:iam::\d{12}:role\/app because no identity-based policy allows/);
  });
});

async function workloadStranger(t: TestServer): Promise<Credentials> {
  const { CreateUserCommand, PutUserPolicyCommand, CreateAccessKeyCommand } = await import('@aws-sdk/client-iam');
  const iam = t.iam();
  await iam.send(new CreateUserCommand({ UserName: 'stranger' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'stranger', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }) }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'stranger' }))).AccessKey!;
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

describe('rolegate GetWorkloadCredentials through the AWS CLI (the botocore model Rolegate ships)', () => {
  it('aws rolegate get-workload-credentials: the instance session; AccessDeniedException without PassRole', { skip: skipCli }, async () => {
    const t = await startTestServer();
    try {
      const f = await workloadFixture(t);
      const cli = (c: Credentials, extra: string[] = []) =>
        run('aws', ['rolegate', 'get-workload-credentials', '--service-principal', 'ec2.amazonaws.com', '--instance-profile-name', f.profileName, ...extra, '--endpoint-url', t.url, '--output', 'json'], {
          ...bareEnv(keysEnv(c)),
          AWS_DATA_PATH: join(repoRoot(), 'docs', 'rolegate-model'),
        });
      const ok = await cli(f.launcher);
      assert.equal(ok.code, 0, ok.stderr);
      const out = JSON.parse(ok.stdout) as { AssumedRoleUser: { Arn: string }; InstanceProfileArn: string; Credentials: { AccessKeyId: string }; WorkloadId: string; WorkloadToken: string };
      assert.match(out.WorkloadId, /^i-[0-9a-f]{17}$/);
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${t.account}:assumed-role/app/${out.WorkloadId}`);
      assert.match(out.InstanceProfileArn, /:instance-profile\/app-profile$/);
      // Renewed with the token: the same instance. The model has no --workload-id any more.
      const renewed = await cli(f.launcher, ['--workload-token', out.WorkloadToken]);
      assert.equal(renewed.code, 0, renewed.stderr);
      assert.equal((JSON.parse(renewed.stdout) as { WorkloadId: string }).WorkloadId, out.WorkloadId);
      const chosen = await cli(f.launcher, ['--workload-id', 'i-0123456789abcdef0']);
      assert.notEqual(chosen.code, 0);
      assert.match(chosen.stderr, /Unknown options: --workload-id/);
      const denied = await cli(f.noPassRole);
      assert.notEqual(denied.code, 0);
      assert.match(denied.stderr, /\(AccessDeniedException\).*iam:PassRole/);
    } finally {
      await t.close();
    }
  });
});

describe('rolegate GetWorkloadCredentials in the audit log', () => {
  it('the event is written with the secret and the token hidden', async () => {
    const t = await startTestServer();
    const f = await workloadFixture(t);
    const r = await rolegateClient(t, f.launcher).send('GetWorkloadCredentials', { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName });
    const c = r.json.Credentials as { SecretAccessKey: string; SessionToken: string };
    await t.server.close(); // flushes the audit log (t.close would remove the data directory)
    const dir = join(t.dataDir, 'audit');
    const text = readdirSync(dir)
      .map((n) => readFileSync(join(dir, n), 'utf8'))
      .join('');
    rmSync(t.dataDir, { recursive: true, force: true });
    const event = text.split('\n').find((l) => l.includes('"GetWorkloadCredentials"'));
    assert.ok(event !== undefined, 'the call is audited');
    assert.ok(!text.includes(c.SecretAccessKey) && !text.includes(c.SessionToken) && !text.includes(f.launcher.secretAccessKey));
  });
});
