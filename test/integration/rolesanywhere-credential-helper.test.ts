/**
 * `rolegate roles-anywhere` against a started server, end to end: a test PKI (root → intermediate
 * → leaf), a trust anchor on the root and a profile with a role trusting rolesanywhere.amazonaws.com,
 * made through the API; then unmodified clients acting as the role with nothing but what the
 * helper gives them —
 * - credential-process as a profile's credential_process: the AWS CLI and boto3 (recent ones, the
 *   endpoint from AWS_ENDPOINT_URL / endpoint_url) and SDK v3's default chain;
 * - serve as the instance metadata endpoint (AWS_EC2_METADATA_SERVICE_ENDPOINT) of SDK v3's chain;
 * - update writing the shared credentials file the AWS CLI then reads.
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/credential-helper.html
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateProfileCommand, CreateTrustAnchorCommand, RolesAnywhereClient } from '@aws-sdk/client-rolesanywhere';
import { signRequest } from '../../src/sigv4/sign.js';
import { CLI } from '../support/cli.js';
import { recentAwsCli, recentPython } from '../support/recent-clients.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type Endpoint, awsCliChain, bareEnv, boto3Chain, run, runCli, sdkChain, startEndpoint } from '../support/workload-cli.js';
import { type Issued, pki } from '../rolesanywhere/pki.js';
import { rolesAnywhereTrust } from '../support/roles-anywhere.js';

const AWS = recentAwsCli();
const PYTHON = recentPython();
const skipCli = AWS === undefined && process.env.CI === undefined ? 'no AWS CLI honouring AWS_ENDPOINT_URL on PATH' : false;
const skipBoto3 = PYTHON === undefined && process.env.CI === undefined ? 'no python3 with botocore 1.31+ on PATH' : false;
const SERVING = /serving the credentials of role \S+ on (http:\/\/127\.0\.0\.1:\d+)/;

const doc = (statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('rolegate roles-anywhere (the credential helper) against Rolegate', () => {
  let t: TestServer;
  let dir: string;
  let leaf: Issued;
  /** The helper's arguments after the subcommand. */
  let helperArgs: string[];
  let roleArn: string;
  const write = (name: string, content: string | Buffer): string => {
    const f = join(dir, name);
    writeFileSync(f, content, { mode: 0o600 });
    return f;
  };

  before(async () => {
    t = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'rolegate-ra-e2e-'));
    const p = await pki('p256');
    leaf = p.leaf;
    const ra = new RolesAnywhereClient({ endpoint: t.url, region: 'us-east-1', credentials: t.admin, maxAttempts: 1 });
    const anchor = (await ra.send(new CreateTrustAnchorCommand({ name: 'helper', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: p.root.cert.toString() } } }))).trustAnchor!;
    const iam = t.iam();
    roleArn = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'ra-app',
          AssumeRolePolicyDocument: JSON.stringify(rolesAnywhereTrust(anchor.trustAnchorArn!)),
        }),
      )
    ).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'ra-app', PolicyName: 'p', PolicyDocument: doc([{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]) }));
    const profile = (await ra.send(new CreateProfileCommand({ name: 'helper', enabled: true, roleArns: [roleArn] }))).profile!;
    helperArgs = [
      '--certificate', write('leaf.pem', leaf.cert.toString()),
      '--private-key', write('leaf.key', leaf.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      '--intermediates', write('chain.pem', p.intermediate.cert.toString()),
      '--trust-anchor-arn', anchor.trustAnchorArn!,
      '--profile-arn', profile.profileArn!,
      '--role-arn', roleArn,
      '--endpoint', t.url,
    ];
  });
  after(async () => {
    await t.close();
  });

  const expectRole = (r: { arn: string; roles: number; denied: string | null }, sessionName = leaf.cert.serialNumber.toLowerCase()): void => {
    // The session is named after the leaf's serial number (hex) unless a name was asked for.
    assert.equal(r.arn, `arn:aws:sts::${t.account}:assumed-role/ra-app/${sessionName}`);
    assert.ok(r.roles > 0, 'iam:ListRoles (allowed to the role) answered');
    assert.equal(r.denied, 'AccessDenied');
  };

  /** A config file whose profile "ra" has nothing but the helper as its credential_process. */
  const processEnv = (extraArgs: string[] = []): NodeJS.ProcessEnv => {
    const command = [process.execPath, CLI, 'roles-anywhere', 'credential-process', ...helperArgs, ...extraArgs].join(' ');
    const config = write(`config-${extraArgs.length}`, `[profile ra]\nregion = us-east-1\nendpoint_url = ${t.url}\ncredential_process = ${command}\n`);
    return bareEnv({ AWS_CONFIG_FILE: config, AWS_PROFILE: 'ra' });
  };

  it('credential-process prints the credential_process JSON of a Roles Anywhere session', async () => {
    const r = await runCli(['roles-anywhere', 'credential-process', ...helperArgs, '--session-duration', '900', '--debug'], bareEnv());
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.endsWith('\n'), 'one line without a newline, as aws_signing_helper prints it');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    // --debug: the request and the answer's status, never a secret.
    assert.match(r.stderr, /^rolegate roles-anywhere: debug: POST http:\/\/127\.0\.0\.1:\d+\/sessions\?profileArn=.* as certificate serial \d+ \(1 intermediate\(s\)\), region us-east-1\nrolegate roles-anywhere: debug: CreateSession answered HTTP 201\n$/);
    for (const secret of [out.SecretAccessKey, out.SessionToken]) assert.ok(!r.stderr.includes(String(secret)));
    assert.deepEqual(Object.keys(out), ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    assert.equal(out.Version, 1);
    assert.match(String(out.AccessKeyId), /^ASIA/);
    const lifetime = Date.parse(String(out.Expiration)) - Date.now();
    assert.ok(lifetime > 0 && lifetime <= 900_000, `expires in ${lifetime} ms`);
    // The credentials work: who they are, straight from STS.
    const me = await sdkChain(t.url, bareEnv({ AWS_ACCESS_KEY_ID: String(out.AccessKeyId), AWS_SECRET_ACCESS_KEY: String(out.SecretAccessKey), AWS_SESSION_TOKEN: String(out.SessionToken) }));
    expectRole(me);
  });

  it('credential-process refused by the server: exit 1, the AWS error on stderr, nothing on stdout', async () => {
    const stranger = await pki('p256');
    const args = helperArgs.map((a, i) =>
      helperArgs[i - 1] === '--certificate' ? write('stranger.pem', stranger.leaf.cert.toString()) : helperArgs[i - 1] === '--private-key' ? write('stranger.key', stranger.leaf.privateKey.export({ type: 'sec1', format: 'pem' })) : helperArgs[i - 1] === '--intermediates' ? write('stranger-chain.pem', stranger.intermediate.cert.toString()) : a,
    );
    const r = await runCli(['roles-anywhere', 'credential-process', ...args], bareEnv());
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^rolegate: AccessDenied: /);
  });

  it('--role-session-name names the session when the profile accepts it, and is refused when it does not', async () => {
    // acceptRoleSessionName is beyond the SDK v3 client's model here: on the wire.
    const url = new URL(t.url);
    const body = JSON.stringify({ name: 'named', roleArns: [roleArn], acceptRoleSessionName: true, enabled: true });
    const signed = signRequest({ method: 'POST', path: '/profiles', query: '', headers: { host: url.host, 'content-type': 'application/json' }, body }, { ...t.admin, region: 'us-east-1', service: 'rolesanywhere', nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const created = await fetch(new URL('/profiles', url), { method: 'POST', headers, body });
    assert.equal(created.status, 201);
    const named = ((await created.json()) as { profile: { profileArn: string } }).profile.profileArn;
    const profileAt = helperArgs.indexOf('--profile-arn') + 1;
    const args = helperArgs.map((a, i) => (i === profileAt ? named : a));
    const r = await runCli(['roles-anywhere', 'credential-process', ...args, '--role-session-name', 'job-42'], bareEnv());
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expectRole(await sdkChain(t.url, bareEnv({ AWS_ACCESS_KEY_ID: out.AccessKeyId, AWS_SECRET_ACCESS_KEY: out.SecretAccessKey, AWS_SESSION_TOKEN: out.SessionToken })), 'job-42');
    const refused = await runCli(['roles-anywhere', 'credential-process', ...helperArgs, '--role-session-name', 'job-42'], bareEnv());
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, 'rolegate: AccessDenied: Not authorized to set roleSessionName.\n');
  });

  it('SDK v3 default chain with credential_process', async () => {
    expectRole(await sdkChain(t.url, processEnv()));
  });

  it('the AWS CLI with credential_process (endpoint from AWS_ENDPOINT_URL)', { skip: skipCli }, async () => {
    assert.ok(AWS, 'an AWS CLI honouring AWS_ENDPOINT_URL is required under CI');
    const env = processEnv();
    const me = await run(AWS[0]!, [...AWS.slice(1), 'sts', 'get-caller-identity', '--output', 'json'], { ...env, AWS_ENDPOINT_URL: t.url });
    assert.equal(me.code, 0, me.stderr);
    assert.match((JSON.parse(me.stdout) as { Arn: string }).Arn, /:assumed-role\/ra-app\//);
    expectRole(await awsCliChain(t.url, env, AWS));
  });

  it('boto3 with credential_process', { skip: skipBoto3 }, async () => {
    assert.ok(PYTHON, 'a python3 with botocore 1.31+ is required under CI');
    const r = await boto3Chain(t.url, processEnv(), PYTHON);
    assert.equal(r.method, 'custom-process');
    expectRole(r);
  });

  describe('serve', () => {
    let server: Endpoint;
    before(async () => {
      server = await startEndpoint(['roles-anywhere', 'serve', ...helperArgs, '--port', '0'], bareEnv(), SERVING);
    });
    after(async () => {
      await server?.stop();
    });

    it('SDK v3 default chain through AWS_EC2_METADATA_SERVICE_ENDPOINT', async () => {
      expectRole(await sdkChain(t.url, bareEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: `${server.url}/` })));
    });

    it("answers as aws_signing_helper serve: the token PUT, the role listing and its document; 401 without a token", async () => {
      const put = await fetch(`${server.url}/latest/api/token`, { method: 'PUT', headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' } });
      assert.equal(put.status, 200);
      assert.equal(put.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '60');
      const token = await put.text();
      const get = (path: string, tok?: string) => fetch(`${server.url}${path}`, { headers: tok === undefined ? {} : { 'X-aws-ec2-metadata-token': tok } });
      assert.equal((await get('/latest/meta-data/iam/security-credentials/')).status, 401);
      assert.equal(await (await get('/latest/meta-data/iam/security-credentials/', token)).text(), 'ra-app');
      const c = JSON.parse(await (await get('/latest/meta-data/iam/security-credentials/ra-app', token)).text()) as Record<string, string>;
      assert.deepEqual(Object.keys(c), ['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
      assert.equal(c.Code, 'Success');
      assert.equal(c.Type, 'AWS-HMAC');
      assert.match(c.AccessKeyId!, /^ASIA/);
      // Only the credentials: no instance of its own.
      assert.equal((await get('/latest/meta-data/instance-id', token)).status, 404);
      assert.equal((await get('/latest/meta-data/iam/info', token)).status, 404);
      assert.equal((await get('/latest/meta-data/iam/security-credentials/other', token)).status, 404);
    });
  });

  it('update --once writes the profile the AWS CLI then uses, keeping the file\'s other profiles', { skip: skipCli }, async () => {
    assert.ok(AWS, 'an AWS CLI honouring AWS_ENDPOINT_URL is required under CI');
    const credentials = write('credentials', '[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = othersecret\n');
    const env = bareEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials });
    const r = await runCli(['roles-anywhere', 'update', ...helperArgs, '--profile', 'ra', '--once'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /profile ra of .*credentials updated; the credentials expire at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    const text = readFileSync(credentials, 'utf8');
    assert.match(text, /^\[other\]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = othersecret\n\n\[ra\]\naws_access_key_id = ASIA\w+\naws_secret_access_key = \S+\naws_session_token = \S+\n$/);
    assert.equal(statSync(credentials).mode & 0o777, 0o600);
    const me = await run(AWS[0]!, [...AWS.slice(1), 'sts', 'get-caller-identity', '--output', 'json'], { ...env, AWS_PROFILE: 'ra', AWS_ENDPOINT_URL: t.url });
    assert.equal(me.code, 0, me.stderr);
    assert.match((JSON.parse(me.stdout) as { Arn: string }).Arn, new RegExp(`^arn:aws:sts::${t.account}:assumed-role/ra-app/`));
  });

  it('update (kept running) says when it will refresh: five minutes before the credentials expire', async () => {
    const credentials = join(dir, 'running', 'credentials');
    // Its lines are on stderr (stdout stays empty, as aws_signing_helper's).
    const child = spawn(process.execPath, [CLI, 'roles-anywhere', 'update', ...helperArgs, '--session-duration', '900'], { env: bareEnv({ AWS_SHARED_CREDENTIALS_FILE: credentials }), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
    let err = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          if (/will be refreshed at \S+\n/.test(err)) resolve();
        });
        void exited.then((code) => reject(new Error(`update exited (${code}): ${err}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    const expires = /the credentials expire at (\S+)/.exec(err)![1]!;
    const refresh = /will be refreshed at (\S+)/.exec(err)![1]!;
    assert.equal(Date.parse(expires) - Date.parse(refresh), 5 * 60_000);
    assert.match(readFileSync(credentials, 'utf8'), /^\[default\]\naws_access_key_id = ASIA/);
    assert.equal(statSync(credentials).mode & 0o777, 0o600);
  });
});
