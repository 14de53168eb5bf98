/** The wire and the pipeline: AWS's answers to bad requests, the 1 MiB cap, and the audit log. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand, paginateSimulateCustomPolicy } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { signRequest } from '../../src/sigv4/index.js';
import { ADMIN, type TestServer, startTestServer } from '../support/server.js';

async function signedPost(t: TestServer, service: 'iam' | 'sts', body: string): Promise<{ status: number; text: string }> {
  const url = new URL(t.url);
  const req = signRequest(
    { method: 'POST', path: '/', query: '', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
    { ...ADMIN, region: 'us-east-1', service, nowMs: Date.now() },
  );
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(t.url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

describe('wire protocol and pipeline', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('an unknown action is InvalidAction (400) in the IAM namespace', async () => {
    const r = await signedPost(t, 'iam', 'Action=FlyToTheMoon&Version=2010-05-08');
    assert.equal(r.status, 400);
    assert.match(r.text, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    assert.match(r.text, /<Message>Could not find operation FlyToTheMoon for version 2010-05-08<\/Message>/);
    assert.match(r.text, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
  });

  it('a list of more than 1,000 members is read whole, never cut short in silence', async () => {
    // AWS documents no count for ResourceArns; the decoder once read 1,001 members and dropped the rest.
    const arns = Array.from({ length: 1500 }, (_, i) => `arn:aws:s3:::b/${i}`);
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
    let cells = 0;
    for await (const page of paginateSimulateCustomPolicy({ client: t.iam(), pageSize: 1000 }, { PolicyInputList: [policy], ActionNames: ['s3:GetObject'], ResourceArns: arns })) {
      for (const r of page.EvaluationResults ?? []) cells += r.ResourceSpecificResults?.length ?? 0;
    }
    assert.equal(cells, 1500);
  });

  it('an unknown action of any length is quoted back at most 128 characters long', async () => {
    const r = await signedPost(t, 'iam', `Action=${'A'.repeat(100_000)}&Version=2010-05-08`);
    assert.equal(r.status, 400);
    assert.match(r.text, new RegExp(`<Message>Could not find operation ${'A'.repeat(128)}\\.\\.\\. for version 2010-05-08</Message>`));
    assert.ok(r.text.length < 1000, `${r.text.length} characters`);
  });

  it('a wrong Version is InvalidAction too', async () => {
    const r = await signedPost(t, 'sts', 'Action=GetCallerIdentity&Version=2099-01-01');
    assert.equal(r.status, 400);
    assert.match(r.text, /https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\//);
    assert.match(r.text, /<Code>InvalidAction<\/Code>/);
  });

  it('missing and invalid parameters: every failure in one ValidationError, AWS wording', async () => {
    const r = await signedPost(t, 'iam', 'Action=CreateUser&Version=2010-05-08&Path=nope');
    assert.equal(r.status, 400);
    assert.match(r.text, /<Code>ValidationError<\/Code>/);
    assert.match(r.text, /2 validation errors detected: /);
    assert.match(r.text, /Value null at &apos;userName&apos; failed to satisfy constraint: Member must not be null/);
    assert.match(r.text, /Value &apos;nope&apos; at &apos;path&apos; failed to satisfy constraint: Member must satisfy regular expression pattern/);
  });

  it('a response is the AWS Query shape with ResponseMetadata', async () => {
    const r = await signedPost(t, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(r.status, 200);
    assert.match(r.text, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>AIDA/);
    assert.match(r.text, /<\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/);
  });

  it('takes presigned GET requests (as aws-iam-authenticator sends them); errors speak for the scoped service', async () => {
    const host = new URL(t.url).host;
    const presigned = signRequest(
      { method: 'GET', path: '/', query: 'Action=GetCallerIdentity&Version=2011-06-15', headers: { host, 'x-k8s-aws-id': 'cluster-a' } },
      { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: Date.now(), presignExpiresSeconds: 60 },
    );
    const ok = await fetch(`${t.url}/?${presigned.query}`, { headers: { 'x-k8s-aws-id': 'cluster-a' } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /<Arn>arn:aws:iam::111111111111:user\/admin<\/Arn>/);
    // A signed header changed: the signature no longer matches, answered in STS's namespace.
    const bad = await fetch(`${t.url}/?${presigned.query}`, { headers: { 'x-k8s-aws-id': 'cluster-b' } });
    assert.equal(bad.status, 403);
    assert.match(await bad.text(), /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('refuses bodies over 1 MiB without reading them', async () => {
    const big = 'Action=GetCallerIdentity&Version=2011-06-15&Pad=' + 'x'.repeat(1024 * 1024 + 10);
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: big });
    assert.equal(res.status, 413);
    assert.match(await res.text(), /<Code>RequestEntityTooLarge<\/Code>/);
  });

  it('answers many concurrent calls on many connections, each with its own response (responses leave in batches)', async () => {
    // 64 distinct callers' requests at once: every response must carry its own caller.
    const users = Array.from({ length: 8 }, (_, i) => `batch-${i}`);
    const keys = await Promise.all(
      users.map(async (u) => {
        await t.iam().send(new CreateUserCommand({ UserName: u }));
        const k = await t.iam().send(new CreateAccessKeyCommand({ UserName: u }));
        return { user: u, credentials: { accessKeyId: k.AccessKey!.AccessKeyId!, secretAccessKey: k.AccessKey!.SecretAccessKey! } };
      }),
    );
    const calls = Array.from({ length: 64 }, (_, i) => keys[i % keys.length]!);
    const answers = await Promise.all(calls.map((k) => t.sts(k.credentials).send(new GetCallerIdentityCommand({}))));
    answers.forEach((a, i) => assert.equal(a.Arn, `arn:aws:iam::${t.account}:user/${calls[i]!.user}`));
    // And an error among successes keeps its own status and body.
    const mixed = await Promise.all([signedPost(t, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15'), signedPost(t, 'iam', 'Action=Nope&Version=2010-05-08')]);
    assert.equal(mixed[0].status, 200);
    assert.match(mixed[0].text, /<GetCallerIdentityResponse /);
    assert.equal(mixed[1].status, 400);
    assert.match(mixed[1].text, /<Code>InvalidAction<\/Code>/);
  });

  it('writes one CloudTrail-shaped event per call, secrets redacted', async () => {
    await t.sts().send(new GetCallerIdentityCommand({}));
    await t.iam().send(new CreateUserCommand({ UserName: 'audited' }));
    const key = await t.iam().send(new CreateAccessKeyCommand({ UserName: 'audited' }));
    const secret = key.AccessKey!.SecretAccessKey!;
    await assert.rejects(t.iam({ accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: secret }).send(new ListUsersCommand({})));
    await t.server.close(); // flushes the audit stream
    const dir = join(t.dataDir, 'audit');
    const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'));
    assert.ok(!lines.some((l) => l.includes(secret)), 'a secret reached the audit log');
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const created = events.find((e) => e.eventName === 'CreateAccessKey' && (e.requestParameters as { userName?: string }).userName === 'audited')!;
    assert.equal(created.eventSource, 'iam.amazonaws.com');
    assert.equal(created.eventVersion, '1.08');
    assert.equal(created.readOnly, false);
    assert.equal(created.recipientAccountId, t.account);
    assert.deepEqual(created.requestParameters, { userName: 'audited' });
    const elements = created.responseElements as { accessKey: { secretAccessKey: string; accessKeyId: string } };
    assert.equal(elements.accessKey.secretAccessKey, 'HIDDEN_DUE_TO_SECURITY_REASONS');
    assert.equal(elements.accessKey.accessKeyId, key.AccessKey!.AccessKeyId);
    const denied = events.find((e) => e.eventName === 'ListUsers' && e.errorCode === 'AccessDenied')!;
    assert.match(String(denied.errorMessage), /is not authorized to perform: iam:ListUsers/);
    assert.equal((denied.userIdentity as { type: string }).type, 'IAMUser');
    for (const e of events) {
      for (const k of ['eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'requestID', 'eventID']) assert.ok(k in e, k);
    }
  });
});
