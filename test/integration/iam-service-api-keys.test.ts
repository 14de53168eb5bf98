/**
 * Long-term API keys for Amazon Bedrock and CloudWatch Logs (service-specific credentials with an
 * alias + secret and an optional expiry) over HTTP with the AWS SDK v3.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_bedrock.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
 * The response's members and the alias follow AWS's published CLI outputs (see
 * src/iam/service-credentials/api-keys.ts); expiry is checked with the server's clock moved on.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteUserCommand,
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { putUser } from '../support/fixtures.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const DAY = 86_400_000;
const BEDROCK = 'bedrock.amazonaws.com';
const LOGS = 'logs.amazonaws.com';
/** The shape secret scanners look for in Bedrock API keys. */
const ABSK = /^ABSK[A-Za-z0-9+/]{109,269}={0,2}$/;

const decoded = (secret: string): string => Buffer.from(secret.replace(/^ABSK/, ''), 'base64').toString('utf8');

describe('iam service-specific API keys (Bedrock, CloudWatch Logs) over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  let skew = 0;
  before(async () => {
    t = await startTestServer({ now: () => new Date(Date.now() + skew) });
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });

  it('Bedrock: alias + secret (no user name or password), ExpirationDate CredentialAgeDays after creation', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bedrock-user' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bedrock-user', ServiceName: BEDROCK, CredentialAgeDays: 30 }))).ServiceSpecificCredential!;
    assert.deepEqual(Object.keys(c).sort(), ['CreateDate', 'ExpirationDate', 'ServiceCredentialAlias', 'ServiceCredentialSecret', 'ServiceName', 'ServiceSpecificCredentialId', 'Status', 'UserName']);
    assert.equal(c.ServiceCredentialAlias, `bedrock-user-at-${TEST_ACCOUNT}`);
    assert.match(c.ServiceCredentialSecret ?? '', ABSK);
    assert.match(decoded(c.ServiceCredentialSecret!), new RegExp(`^bedrock-user-at-${TEST_ACCOUNT}:[A-Za-z0-9_-]{64}$`));
    assert.equal(c.ExpirationDate!.getTime() - c.CreateDate!.getTime(), 30 * DAY);
    assert.equal(c.Status, 'Active');
    assert.match(c.ServiceSpecificCredentialId ?? '', /^ACCA[A-Z2-7]{17}$/);
    const listed = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'bedrock-user' }))).ServiceSpecificCredentials!;
    assert.deepEqual(listed, [
      { UserName: 'bedrock-user', Status: 'Active', ServiceCredentialAlias: c.ServiceCredentialAlias, CreateDate: c.CreateDate, ExpirationDate: c.ExpirationDate, ServiceSpecificCredentialId: c.ServiceSpecificCredentialId, ServiceName: BEDROCK },
    ]);
    // Without CredentialAgeDays the key never expires: no ExpirationDate.
    const forever = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'bedrock-user', ServiceName: BEDROCK }))).ServiceSpecificCredential!;
    assert.equal(forever.ExpirationDate, undefined);
    assert.notEqual(forever.ServiceCredentialSecret, c.ServiceCredentialSecret);
  });

  it('CloudWatch Logs: an API key too, its secret without the Bedrock prefix', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'logs-user' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'logs-user', ServiceName: LOGS, CredentialAgeDays: 1 }))).ServiceSpecificCredential!;
    assert.equal(c.ServiceName, LOGS);
    assert.equal(c.ServiceCredentialAlias, `logs-user-at-${TEST_ACCOUNT}`);
    assert.ok(!(c.ServiceCredentialSecret ?? '').startsWith('ABSK'));
    assert.match(decoded(c.ServiceCredentialSecret!), new RegExp(`^logs-user-at-${TEST_ACCOUNT}:`));
    assert.equal(c.ServicePassword, undefined);
    assert.equal(c.ServiceUserName, undefined);
  });

  it('CredentialAgeDays: 1–36600 (the model), and only for API keys', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'age-user' }));
    for (const days of [0, 36601]) {
      await rejectsWith(
        iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'age-user', ServiceName: BEDROCK, CredentialAgeDays: days })),
        'ValidationError',
        new RegExp(`Value '${days}' at 'credentialAgeDays' failed to satisfy constraint: Member must have value (greater|less) than or equal to (1|36600)`),
        400,
      );
    }
    const longest = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'age-user', ServiceName: BEDROCK, CredentialAgeDays: 36600 }))).ServiceSpecificCredential!;
    assert.equal(longest.ExpirationDate!.getTime() - longest.CreateDate!.getTime(), 36600 * DAY);
    await rejectsWith(
      iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'age-user', ServiceName: 'codecommit.amazonaws.com', CredentialAgeDays: 30 })),
      'InvalidInput',
      'CredentialAgeDays is only valid for Bedrock and CloudWatch Logs API keys, not codecommit.amazonaws.com.',
      400,
    );
    assert.deepEqual((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'age-user', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredentials, []);
  });

  it('two per user per service, as for the other services; another service has its own two', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'lim-user' }));
    for (let i = 0; i < 2; i++) await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'lim-user', ServiceName: BEDROCK }));
    await rejectsWith(
      iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'lim-user', ServiceName: BEDROCK, CredentialAgeDays: 5 })),
      'LimitExceeded',
      'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2',
      409,
    );
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'lim-user', ServiceName: LOGS }));
    const bedrockOnly = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'lim-user', ServiceName: BEDROCK }))).ServiceSpecificCredentials!;
    assert.equal(bedrockOnly.length, 2);
  });

  it('Reset gives a new secret and keeps the alias and ExpirationDate; Update and Delete work by id', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'reset-user' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'reset-user', ServiceName: BEDROCK, CredentialAgeDays: 90 }))).ServiceSpecificCredential!;
    const id = c.ServiceSpecificCredentialId!;
    const r = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'reset-user', ServiceSpecificCredentialId: id }))).ServiceSpecificCredential!;
    assert.deepEqual(Object.keys(r).sort(), ['CreateDate', 'ExpirationDate', 'ServiceCredentialAlias', 'ServiceCredentialSecret', 'ServiceName', 'ServiceSpecificCredentialId', 'Status', 'UserName']);
    assert.match(r.ServiceCredentialSecret ?? '', ABSK);
    assert.notEqual(r.ServiceCredentialSecret, c.ServiceCredentialSecret);
    assert.equal(r.ServiceCredentialAlias, c.ServiceCredentialAlias);
    assert.deepEqual(r.ExpirationDate, c.ExpirationDate);
    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'reset-user', ServiceSpecificCredentialId: id, Status: 'Inactive' }));
    assert.equal((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'reset-user' }))).ServiceSpecificCredentials![0]!.Status, 'Inactive');
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'reset-user', ServiceSpecificCredentialId: id }));
    assert.deepEqual((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'reset-user' }))).ServiceSpecificCredentials, []);
  });

  it('a key follows its user through a rename and keeps DeleteUser from deleting the user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'old-name' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'old-name', ServiceName: BEDROCK }))).ServiceSpecificCredential!;
    await iam.send(new UpdateUserCommand({ UserName: 'old-name', NewUserName: 'new-name' }));
    const listed = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'new-name' }))).ServiceSpecificCredentials!;
    assert.deepEqual(listed.map((k) => [k.UserName, k.ServiceSpecificCredentialId, k.ServiceCredentialAlias]), [['new-name', c.ServiceSpecificCredentialId, `old-name-at-${TEST_ACCOUNT}`]]);
    await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'new-name' })), 'DeleteConflict', 'Cannot delete entity, must remove referenced objects first.', 409);
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'new-name', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId }));
    await iam.send(new DeleteUserCommand({ UserName: 'new-name' }));
  });

  it('iam:ServiceSpecificCredentialAgeDays bounds the age a caller may ask for (absent: no match)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'target' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:CreateServiceSpecificCredential',
          Resource: '*',
          Condition: { NumericLessThanEquals: { 'iam:ServiceSpecificCredentialAgeDays': '90' }, StringEquals: { 'iam:ServiceSpecificCredentialServiceName': BEDROCK } },
        },
      ],
    };
    const limited = t.iam(await putUser(t, 'key-maker', { inline: { p: policy } }));
    await limited.send(new CreateServiceSpecificCredentialCommand({ UserName: 'target', ServiceName: BEDROCK, CredentialAgeDays: 90 }));
    await rejectsWith(limited.send(new CreateServiceSpecificCredentialCommand({ UserName: 'target', ServiceName: BEDROCK, CredentialAgeDays: 91 })), 'AccessDenied', /iam:CreateServiceSpecificCredential/, 403);
    await rejectsWith(limited.send(new CreateServiceSpecificCredentialCommand({ UserName: 'target', ServiceName: BEDROCK })), 'AccessDenied', /iam:CreateServiceSpecificCredential/, 403);
  });

  it('a key past its ExpirationDate is reported Expired, whatever Update or Reset does', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'exp-user' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'exp-user', ServiceName: BEDROCK, CredentialAgeDays: 1 }))).ServiceSpecificCredential!;
    const keep = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'exp-user', ServiceName: LOGS, CredentialAgeDays: 2 }))).ServiceSpecificCredential!;
    const id = c.ServiceSpecificCredentialId!;
    skew = DAY + 1000;
    const later = t.iam(); // signs in the server's (moved) time
    const statuses = async (): Promise<Record<string, string | undefined>> =>
      Object.fromEntries((await later.send(new ListServiceSpecificCredentialsCommand({ UserName: 'exp-user' }))).ServiceSpecificCredentials!.map((k) => [k.ServiceName!, k.Status]));
    assert.deepEqual(await statuses(), { [BEDROCK]: 'Expired', [LOGS]: 'Active' });
    // AllUsers reports the same.
    const everyone = (await later.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: BEDROCK }))).ServiceSpecificCredentials!;
    assert.equal(everyone.find((k) => k.ServiceSpecificCredentialId === id)?.Status, 'Expired');
    await later.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'exp-user', ServiceSpecificCredentialId: id, Status: 'Active' }));
    assert.equal((await statuses())[BEDROCK], 'Expired');
    const r = (await later.send(new ResetServiceSpecificCredentialCommand({ UserName: 'exp-user', ServiceSpecificCredentialId: id }))).ServiceSpecificCredential!;
    assert.equal(r.Status, 'Expired');
    assert.deepEqual(r.ExpirationDate, c.ExpirationDate);
    assert.equal((await statuses())[BEDROCK], 'Expired');
    skew = 2 * DAY + 1000;
    const later2 = t.iam();
    const all = (await later2.send(new ListServiceSpecificCredentialsCommand({ UserName: 'exp-user' }))).ServiceSpecificCredentials!;
    assert.deepEqual(all.map((k) => k.Status), ['Expired', 'Expired']);
    assert.ok(all.some((k) => k.ServiceSpecificCredentialId === keep.ServiceSpecificCredentialId));
    skew = 0;
  });

  it('no API key secret reaches the audit log or the store in clear', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'audit-user' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'audit-user', ServiceName: BEDROCK, CredentialAgeDays: 7 }))).ServiceSpecificCredential!;
    const r = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'audit-user', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId }))).ServiceSpecificCredential!;
    await t.server.close(); // flushes the audit stream
    const files = (readdirSync(t.dataDir, { recursive: true }) as string[]).flatMap((f) => {
      try {
        return [readFileSync(join(t.dataDir, f), 'latin1')];
      } catch {
        return [];
      }
    });
    const audit = readdirSync(join(t.dataDir, 'audit')).map((f) => readFileSync(join(t.dataDir, 'audit', f), 'utf8')).join('');
    assert.ok(audit.includes('"serviceCredentialSecret":"HIDDEN_DUE_TO_SECURITY_REASONS"'), 'the response was audited with the secret hidden');
    assert.ok(audit.includes(`"serviceCredentialAlias":"audit-user-at-${TEST_ACCOUNT}"`), 'the alias is not a secret');
    for (const secret of [c.ServiceCredentialSecret!, r.ServiceCredentialSecret!]) {
      // Neither the key nor its random part (what an attacker needs besides the public alias).
      const random = decoded(secret).split(':')[1]!;
      for (const text of files) {
        assert.ok(!text.includes(secret), 'a secret in clear');
        assert.ok(!text.includes(random), 'a secret part in clear');
      }
    }
  });
});
