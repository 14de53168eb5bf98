import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ADMIN, TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

describe('sts:GetCallerIdentity over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('names the bootstrap admin', async () => {
    const r = await t.sts().send(new GetCallerIdentityCommand({}));
    assert.equal(r.Account, TEST_ACCOUNT);
    assert.equal(r.Arn, `arn:aws:iam::${TEST_ACCOUNT}:user/admin`);
    assert.match(r.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
  });

  it('refuses a wrong secret with SignatureDoesNotMatch (403)', async () => {
    const bad = { ...ADMIN, secretAccessKey: ADMIN.secretAccessKey.replace(/^./, 'Q') };
    await assert.rejects(t.sts(bad).send(new GetCallerIdentityCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'SignatureDoesNotMatch');
      assert.equal(e.$metadata?.httpStatusCode, 403);
      return true;
    });
  });

  it('refuses an unknown key with InvalidClientTokenId (403)', async () => {
    const unknown = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: ADMIN.secretAccessKey };
    await assert.rejects(t.sts(unknown).send(new GetCallerIdentityCommand({})), (e: Error) => {
      assert.equal(e.name, 'InvalidClientTokenId');
      assert.equal(e.message, 'The security token included in the request is invalid.');
      return true;
    });
  });

  it('answers an unsigned request with MissingAuthenticationToken', async () => {
    const res = await fetch(`${t.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(res.status, 403);
    const body = await res.text();
    assert.match(body, /<Code>MissingAuthenticationToken<\/Code>/);
    assert.match(body, /<Message>Request is missing Authentication Token<\/Message>/);
  });

  it('serves GET /health', async () => {
    const res = await fetch(`${t.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });
});
