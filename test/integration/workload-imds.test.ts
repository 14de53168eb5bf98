/**
 * `rolegate imds`: an unmodified program — SDK v3's default chain, boto3, the AWS CLI — with only
 * AWS_EC2_METADATA_SERVICE_ENDPOINT in its environment gets the instance profile's role
 * credentials (session name = the instance id), makes a call the role allows and is denied one it
 * does not; IMDS's refusals (no token, expired token, a token through a proxy, IMDSv1 when off)
 * with AWS's statuses; a caller without iam:PassRole cannot start it. Renewal and token expiry are
 * shown in process with an injected clock (no timing).
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, ListRolesCommand, RemoveRoleFromInstanceProfileCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { RolegateApi } from '../../src/cli/aws-client.js';
import { type Imds, type RoleDelivery, startImds } from '../../src/cli/imds-server.js';
import { workloadFetcher } from '../../src/cli/workload.js';
import { awsCli } from '../support/aws-cli.js';
import { skipWithoutBoto3 } from '../support/boto3.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type WorkloadFixture, workloadFixture } from '../support/workload.js';
import { type Endpoint, awsCliChain, bareEnv, boto3Chain, keysEnv, runCli, sdkChain, startEndpoint } from '../support/workload-cli.js';

const SERVING = /serving instance i-[0-9a-f]{17} .* on (http:\/\/127\.0\.0\.1:\d+)/;
const skipCli = awsCli() === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed' : false;

describe('rolegate imds (instance metadata for an instance profile)', () => {
  let t: TestServer;
  let f: WorkloadFixture;
  let imds: Endpoint;
  let instanceId: string;
  before(async () => {
    t = await startTestServer();
    f = await workloadFixture(t);
    imds = await startEndpoint(['imds', '--endpoint', t.url, '--instance-profile', f.profileName, '--port', '0'], bareEnv(keysEnv(f.launcher)), SERVING);
    instanceId = /serving instance (i-[0-9a-f]{17})/.exec(imds.stdout())![1]!;
  });
  after(async () => {
    await imds?.stop();
    await t.close();
  });
  const workload = (): NodeJS.ProcessEnv => bareEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `${imds.url}/` });
  const expectRole = (r: { arn: string; roles: number; denied: string | null }): void => {
    assert.equal(r.arn, `arn:aws:sts::${t.account}:assumed-role/app/${instanceId}`);
    assert.ok(r.roles > 0, 'iam:ListRoles (allowed with ec2:RoleDelivery 2.0) answered');
    assert.equal(r.denied, 'AccessDenied');
  };

  it('SDK v3 default chain (fromNodeProviderChain): the instance role, allowed and denied calls', async () => {
    expectRole(await sdkChain(t.url, workload()));
  });

  it('boto3 default chain', { skip: skipWithoutBoto3 }, async () => {
    const r = await boto3Chain(t.url, workload());
    assert.equal(r.method, 'iam-role');
    expectRole(r);
  });

  it('the AWS CLI', { skip: skipCli }, async () => {
    expectRole(await awsCliChain(t.url, workload()));
  });

  it("IMDS's answers: token PUT (TTL 1–21600), 401 without a valid token, 403 through a proxy, the documents' formats", async () => {
    const put = (headers: Record<string, string>) => fetch(`${imds.url}/latest/api/token`, { method: 'PUT', headers });
    assert.equal((await put({})).status, 400);
    assert.equal((await put({ 'X-aws-ec2-metadata-token-ttl-seconds': '0' })).status, 400);
    assert.equal((await put({ 'X-aws-ec2-metadata-token-ttl-seconds': '21601' })).status, 400);
    assert.equal((await put({ 'X-aws-ec2-metadata-token-ttl-seconds': '60', 'X-Forwarded-For': '10.0.0.1' })).status, 403);
    const ok = await put({ 'X-aws-ec2-metadata-token-ttl-seconds': '21600' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '21600');
    const token = await ok.text();
    const get = (path: string, tok?: string) => fetch(`${imds.url}${path}`, { headers: tok === undefined ? {} : { 'X-aws-ec2-metadata-token': tok } });
    // IMDSv1 is off: no token is 401, so is a token that is not one of ours.
    assert.equal((await get('/latest/meta-data/instance-id')).status, 401);
    assert.equal((await get('/latest/meta-data/instance-id', `${token.slice(0, -2)}AA`)).status, 401);
    assert.equal((await get('/latest/meta-data/instance-id', 'x')).status, 401);
    assert.equal(await (await get('/latest/meta-data/instance-id', token)).text(), instanceId);
    assert.equal(await (await get('/latest/meta-data/placement/region', token)).text(), 'us-east-1');
    assert.equal(await (await get('/latest/meta-data/iam/security-credentials/', token)).text(), 'app');
    const c = JSON.parse(await (await get('/latest/meta-data/iam/security-credentials/app', token)).text()) as Record<string, string>;
    assert.deepEqual(Object.keys(c), ['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
    assert.equal(c.Code, 'Success');
    assert.equal(c.Type, 'AWS-HMAC');
    assert.match(c.Expiration!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const info = JSON.parse(await (await get('/latest/meta-data/iam/info', token)).text()) as Record<string, string>;
    assert.deepEqual(Object.keys(info), ['Code', 'LastUpdated', 'InstanceProfileArn', 'InstanceProfileId']);
    assert.equal(info.InstanceProfileArn, `arn:aws:iam::${t.account}:instance-profile/app-profile`);
    const doc = JSON.parse(await (await get('/latest/dynamic/instance-identity/document', token)).text()) as Record<string, string>;
    assert.equal(doc.instanceId, instanceId);
    assert.equal(doc.accountId, t.account);
    assert.equal(doc.region, 'us-east-1');
    assert.equal((await get('/latest/meta-data/iam/security-credentials/other', token)).status, 404);
    assert.equal((await fetch(`${imds.url}/latest/meta-data/instance-id`, { method: 'POST' })).status, 405);
    // No secret in what the process writes.
    assert.ok(!imds.stdout().includes(c.SecretAccessKey!) && !imds.stderr().includes(c.SecretAccessKey!) && !imds.stderr().includes(c.Token!));
    assert.ok(!imds.stderr().includes(f.launcher.secretAccessKey));
  });

  it('a caller without iam:PassRole of the profile\'s role: the command fails, saying so; so do no credentials, another --account, a missing option', async () => {
    const r = await runCli(['imds', '--endpoint', t.url, '--instance-profile', f.profileName, '--port', '0'], bareEnv(keysEnv(f.noPassRole)));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^rolegate: AccessDenied: User: arn:aws:iam::\d{12}:user\/no-pass-role is not authorized to perform: iam:PassRole on resource: arn:aws:iam::\d{12}:role\/app/);
    assert.equal(r.stdout, '');
    const none = await runCli(['imds', '--endpoint', t.url, '--instance-profile', f.profileName, '--port', '0'], bareEnv());
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no AWS credentials/);
    const elsewhere = await runCli(['imds', '--endpoint', t.url, '--instance-profile', f.profileName, '--account', '999999999999', '--port', '0'], bareEnv(keysEnv(f.launcher)));
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, /--account 999999999999 is not the account of the instance profile \(\d{12}\)/);
    const usage = await runCli(['imds', '--endpoint', t.url, '--port', '0'], bareEnv(keysEnv(f.launcher)));
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--instance-profile is required/);
  });

  describe('in process, with an injected clock', () => {
    // Starts at the server's time (the credentials' expiry is the server's), then moved by hand.
    let now = Date.now();
    let local: Imds;
    before(async () => {
      const api = new RolegateApi(new URL(t.url), () => Promise.resolve(f.launcher), 'us-east-1');
      local = await startImds({
        port: 0,
        region: 'us-east-1',
        imdsv1: true,
        now: () => now,
        // A short session: 15 minutes, renewed in its last five.
        fetch: ((issue) => (delivery: RoleDelivery) => issue({ RoleDelivery: delivery }))(workloadFetcher(api, { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: f.profileName, DurationSeconds: 900 }, () => now)),
      });
    });
    after(async () => {
      await local?.close();
    });
    const token = async (ttl: number): Promise<string> => (await fetch(`${local.url}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': String(ttl) } })).text();
    const read = async (tok?: string): Promise<{ status: number; c?: Record<string, string> }> => {
      const r = await fetch(`${local.url}/latest/meta-data/iam/security-credentials/app`, { headers: tok === undefined ? {} : { 'X-aws-ec2-metadata-token': tok } });
      return r.status === 200 ? { status: 200, c: (await r.json()) as Record<string, string> } : { status: r.status };
    };

    it('an expired token is 401; a fresh one reads', async () => {
      const tok = await token(1);
      assert.equal((await read(tok)).status, 200);
      now += 2000;
      assert.equal((await read(tok)).status, 401);
      assert.equal((await read(await token(21600))).status, 200);
    });

    it('credentials are renewed five minutes before they expire, not before', async () => {
      const tok = await token(21600);
      const first = (await read(tok)).c!;
      now += 9 * 60_000; // six minutes left: still the same
      assert.equal((await read(tok)).c!.AccessKeyId, first.AccessKeyId);
      now += 2 * 60_000; // four minutes left: renewed
      const second = (await read(tok)).c!;
      assert.notEqual(second.AccessKeyId, first.AccessKeyId);
      // LastUpdated is the endpoint's clock (the expiry is the server's, whose clock did not move).
      assert.ok(Date.parse(second.LastUpdated!) > Date.parse(first.LastUpdated!));
      const me = await t.sts({ accessKeyId: second.AccessKeyId!, secretAccessKey: second.SecretAccessKey!, sessionToken: second.Token! }).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:sts::${t.account}:assumed-role/app/${local.instanceId}`);
    });

    it('a request naming another host (DNS rebinding from a browser on the host) is refused, even with IMDSv1 on', async () => {
      const port = Number(new URL(local.url).port);
      const status = (host: string): Promise<number> =>
        new Promise((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/latest/meta-data/iam/security-credentials/app', headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      assert.equal(await status('attacker.example'), 403);
      assert.equal(await status(`attacker.example:${port}`), 403);
      assert.equal(await status(`localhost:${port}`), 200);
      assert.equal(await status(`127.0.0.1:${port}`), 200);
    });

    it('IMDSv1 when enabled: read without a token, delivered as "1.0" (ec2:RoleDelivery), which the role policy refuses', async () => {
      const v1 = (await read()).c!;
      const v2 = (await read(await token(60))).c!;
      assert.notEqual(v1.AccessKeyId, v2.AccessKeyId);
      const creds = (c: Record<string, string>) => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.Token! });
      await assert.rejects(t.iam(creds(v1)).send(new ListRolesCommand({})), { name: 'AccessDenied' });
      assert.ok((await t.iam(creds(v2)).send(new ListRolesCommand({}))).Roles!.length > 0);
    });
  });

  it("the profile's role replaced: after the renewal, IMDS names and serves the new role (the old role's path is gone)", async () => {
    const iam = t.iam();
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'swap-old', AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateRoleCommand({ RoleName: 'swap-new', AssumeRolePolicyDocument: trust }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'swap-profile' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'swap-profile', RoleName: 'swap-old' }));
    let now = Date.now();
    const api = new RolegateApi(new URL(t.url), () => Promise.resolve(t.admin), 'us-east-1');
    const swap = await startImds({
      port: 0,
      region: 'us-east-1',
      now: () => now,
      fetch: ((issue) => (delivery: RoleDelivery) => issue({ RoleDelivery: delivery }))(workloadFetcher(api, { ServicePrincipal: 'ec2.amazonaws.com', InstanceProfileName: 'swap-profile', DurationSeconds: 900 }, () => now)),
    });
    try {
      const tok = await (await fetch(`${swap.url}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '21600' } })).text();
      const get = (path: string): Promise<Response> => fetch(`${swap.url}/latest/meta-data/iam/security-credentials/${path}`, { headers: { 'X-aws-ec2-metadata-token': tok } });
      assert.equal(await (await get('')).text(), 'swap-old');
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'swap-profile', RoleName: 'swap-old' }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'swap-profile', RoleName: 'swap-new' }));
      now += 11 * 60_000; // four minutes left: renewed, as the profile now says
      assert.equal(await (await get('')).text(), 'swap-new');
      const fresh = await get('swap-new');
      assert.equal(fresh.status, 200);
      const c = (await fresh.json()) as Record<string, string>;
      const me = await t.sts({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.Token! }).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, `arn:aws:sts::${t.account}:assumed-role/swap-new/${swap.instanceId}`);
      assert.equal((await get('swap-old')).status, 404);
    } finally {
      await swap.close();
    }
  });
});
