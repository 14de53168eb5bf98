/**
 * Local IRSA end to end with real clients: `rolegate token` (the CLI, signed with the caller's
 * credentials from the AWS environment) writes a service-account token; with an IAM OIDC provider
 * registered for Rolegate's own issuer URL and a role trusting it, the SDK v3 default chain, the AWS
 * CLI and boto3 get credentials from nothing but AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE and
 * AWS_ENDPOINT_URL, then make one call the role allows and one it denies.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateOpenIDConnectProviderCommand, IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CLI } from '../support/cli.js';
import { allow, putRole, putUser, trustPrincipal } from '../support/fixtures.js';
import { issuerOf } from '../support/issuer.js';
import { trustWebIdentity } from '../support/oidc-issuer.js';
import { recentAwsCli, recentPython } from '../support/recent-clients.js';
import { repoRoot } from '../support/repo.js';
import { run as exec } from '../support/workload-cli.js';
import { type TestServer, startTestServer } from '../support/server.js';

const SUBJECT = 'system:serviceaccount:payments:api';
/** AWS_ENDPOINT_URL needs botocore 1.31 / AWS CLI v2.13 or later (Debian's, first on CI's PATH, are older). */
const PYTHON = recentPython();
const AWS = recentAwsCli();
const skipBoto3 = PYTHON === undefined && process.env.CI === undefined ? 'no python3 with boto3 ≥ 1.31 on PATH' : false;
const skipCli = AWS === undefined && process.env.CI === undefined ? 'no AWS CLI honouring AWS_ENDPOINT_URL on PATH' : false;

type Ran = Awaited<ReturnType<typeof exec>>;

describe('local IRSA: rolegate token, then the default credential chains', () => {
  let t: TestServer;
  let dir: string;
  let tokenFile: string;
  let roleArn: string;
  /** Nothing of this machine's AWS configuration: only what each case adds. */
  let bare: NodeJS.ProcessEnv;
  const saved = { ...process.env };
  before(async () => {
    t = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'rolegate-irsa-'));
    tokenFile = join(dir, 'token');
    bare = { PATH: process.env.PATH, HOME: dir, AWS_CONFIG_FILE: join(dir, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
    const iss = issuerOf(t);
    const providerArn = (await t.iam().send(new CreateOpenIDConnectProviderCommand({ Url: iss, ClientIDList: ['sts.amazonaws.com'] }))).OpenIDConnectProviderArn!;
    const name = iss.slice('https://'.length);
    const trust = trustWebIdentity(providerArn, { StringEquals: { [`${name}:sub`]: SUBJECT, [`${name}:aud`]: 'sts.amazonaws.com' } });
    roleArn = (await putRole(t, 'payments-api', trust, { inline: { read: allow('iam:ListRoles') } })).arn;
  });
  after(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const token = (env: NodeJS.ProcessEnv, ...args: string[]): Promise<Ran> => exec(process.execPath, [CLI, 'token', '--endpoint', t.url, ...args], { ...bare, ...env });
  const adminEnv = (): NodeJS.ProcessEnv => ({ AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey });
  const workload = (): NodeJS.ProcessEnv => ({ ...bare, AWS_ROLE_ARN: roleArn, AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ENDPOINT_URL: t.url, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' });

  it('rolegate token mints with the caller\'s credentials (environment or profile), and refuses callers without the permission', async () => {
    const minted = await token(adminEnv(), '--audience', 'sts.amazonaws.com', '--subject', SUBJECT);
    assert.equal(minted.code, 0, minted.stderr);
    assert.match(minted.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    writeFileSync(tokenFile, minted.stdout.trim(), { mode: 0o600 });
    // From a shared credentials file and AWS_PROFILE, as the AWS CLI reads it.
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, `[ops]\naws_access_key_id = ${t.admin.accessKeyId}\naws_secret_access_key = ${t.admin.secretAccessKey}\n`);
    const fromProfile = await token({ AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: 'ops' }, '--audience', 'sts.amazonaws.com', '--subject', SUBJECT, '--duration-seconds', '600');
    assert.equal(fromProfile.code, 0, fromProfile.stderr);

    const nobody = await putUser(t, 'nobody');
    const refused = await token({ AWS_ACCESS_KEY_ID: nobody.accessKeyId, AWS_SECRET_ACCESS_KEY: nobody.secretAccessKey }, '--audience', 'sts.amazonaws.com', '--subject', SUBJECT);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^rolegate token: AccessDeniedException: User: .* is not authorized to perform: rolegate:CreateServiceAccountToken/);
    const noCredentials = await token({}, '--audience', 'sts.amazonaws.com', '--subject', SUBJECT);
    assert.equal(noCredentials.code, 2);
    assert.match(noCredentials.stderr, /no credentials/);
    const noSubject = await token(adminEnv(), '--audience', 'sts.amazonaws.com');
    assert.equal(noSubject.code, 2);
    const badEndpoint = await exec(process.execPath, [CLI, 'token', '--endpoint', 'not a url', '--audience', 'sts.amazonaws.com', '--subject', SUBJECT], { ...bare, ...adminEnv() });
    assert.equal(badEndpoint.code, 2);
    assert.match(badEndpoint.stderr, /^rolegate token: the endpoint "not a url" is not a URL\n$/);
  });

  it('rolegate token with --profile naming a role profile (role_arn + source_profile): the AWS CLI\'s rules, through the one client', async () => {
    const minter = await putRole(t, 'sa-minter', trustPrincipal(`arn:aws:iam::${t.account}:root`), { inline: { mint: allow('rolegate:CreateServiceAccountToken') } });
    const nobody = await putUser(t, 'source-only');
    const credentials = join(dir, 'source-credentials');
    writeFileSync(credentials, `[source]\naws_access_key_id = ${t.admin.accessKeyId}\naws_secret_access_key = ${t.admin.secretAccessKey}\n[nobody]\naws_access_key_id = ${nobody.accessKeyId}\naws_secret_access_key = ${nobody.secretAccessKey}\n`);
    const config = join(dir, 'role-config');
    writeFileSync(config, `[profile minter]\nrole_arn = ${minter.arn}\nsource_profile = source\nregion = us-east-1\n`);
    // The environment's keys (a user who may not mint) give way to --profile, as with the AWS CLI.
    const env = { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: config, AWS_ENDPOINT_URL: t.url, AWS_ACCESS_KEY_ID: nobody.accessKeyId, AWS_SECRET_ACCESS_KEY: nobody.secretAccessKey };
    const minted = await token(env, '--profile', 'minter', '--audience', 'sts.amazonaws.com', '--subject', SUBJECT);
    assert.equal(minted.code, 0, minted.stderr);
    const sts = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const who = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'pod', WebIdentityToken: minted.stdout.trim() }));
    assert.ok(who.Credentials?.AccessKeyId);
    const refused = await token(env, '--audience', 'sts.amazonaws.com', '--subject', SUBJECT);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /user\/source-only is not authorized to perform: rolegate:CreateServiceAccountToken/);
  });

  it('the SDK v3 default chain', async () => {
    process.env = workload();
    try {
      const creds = await fromNodeProviderChain()();
      assert.match(creds.accessKeyId, /^ASIA/);
      const who = await new STSClient({ maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      assert.equal(who.Arn, `arn:aws:sts::${t.account}:assumed-role/payments-api/${who.Arn!.split('/')[2]}`);
      const iam = new IAMClient({ maxAttempts: 1 });
      assert.ok((await iam.send(new ListRolesCommand({}))).Roles!.some((r) => r.Arn === roleArn));
      await assert.rejects(iam.send(new ListUsersCommand({})), { name: 'AccessDenied' });
    } finally {
      process.env = saved;
    }
  });

  it('the AWS CLI', { skip: skipCli, timeout: 120_000 }, async () => {
    assert.ok(AWS, 'an AWS CLI honouring AWS_ENDPOINT_URL is required under CI');
    const aws = (...args: string[]): Promise<Ran> => exec(AWS[0]!, [...AWS.slice(1), ...args], workload());
    const who = await aws('sts', 'get-caller-identity', '--output', 'json');
    assert.equal(who.code, 0, who.stderr);
    assert.match((JSON.parse(who.stdout) as { Arn: string }).Arn, new RegExp(`^arn:aws:sts::${t.account}:assumed-role/payments-api/`));
    const roles = await aws('iam', 'list-roles', '--output', 'json');
    assert.equal(roles.code, 0, roles.stderr);
    const users = await aws('iam', 'list-users', '--output', 'json');
    assert.notEqual(users.code, 0);
    assert.match(users.stderr, /\(AccessDenied\) when calling the ListUsers operation/);
  });

  it('boto3', { skip: skipBoto3, timeout: 120_000 }, async () => {
    assert.ok(PYTHON, 'python3 with boto3 ≥ 1.31 is required under CI');
    const r = await exec(PYTHON, [join(repoRoot(), 'test', 'python', 'web_identity_boto3.py')], workload());
    assert.equal(r.code, 0, r.stderr);
    const seen = JSON.parse(r.stdout) as { method: string; roles: number; denied: string; arn: string };
    assert.equal(seen.method, 'assume-role-with-web-identity');
    assert.ok(seen.roles >= 1);
    assert.equal(seen.denied, 'AccessDenied');
    assert.match(seen.arn, new RegExp(`^arn:aws:sts::${t.account}:assumed-role/payments-api/`));
  });
});
