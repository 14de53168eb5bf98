/**
 * Only what was signed is used (issue 11, items 1 and 5), against a started server with raw
 * signed HTTP, since no SDK will produce these requests: UNSIGNED-PAYLOAD is S3's alone, a body
 * added to a presigned URL contributes nothing, X-Amz-Target must be signed, and a presigned
 * URL lives 15 minutes from X-Amz-Date whatever X-Amz-Expires says.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { signRequest } from '../../src/sigv4/index.js';
import type { SigV4Request } from '../../src/sigv4/index.js';
import { ADMIN, type TestServer, startTestServer } from '../support/server.js';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const MIN = 60_000;

/** Sends a signed request as is; the Host header comes from the URL (it is what was signed). */
async function send(t: TestServer, req: SigV4Request, body?: string, extra: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { ...extra };
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(`${t.url}/${req.query === '' ? '' : `?${req.query}`}`, { method: req.method, headers, ...(body === undefined ? {} : { body }) });
  return { status: res.status, text: await res.text() };
}

describe('only signed parameters are used', () => {
  let t: TestServer;
  let clock = Date.now();
  let host = '';
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
    host = new URL(t.url).host;
  });
  after(async () => {
    await t.close();
  });
  const keyCount = async (): Promise<number> => (await t.iam().send(new ListAccessKeysCommand({ UserName: 'admin' }))).AccessKeyMetadata?.length ?? 0;

  it('a header-signed ?Action=GetUser replayed with UNSIGNED-PAYLOAD and a CreateAccessKey body is SignatureDoesNotMatch', async () => {
    const before = await keyCount();
    const signed = signRequest(
      { method: 'POST', path: '/', query: 'Action=GetUser&Version=2010-05-08', headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: '' },
      { ...ADMIN, region: 'us-east-1', service: 'iam', nowMs: clock },
    );
    const r = await send(t, signed, 'Action=CreateAccessKey&UserName=admin&Version=2010-05-08', { 'content-type': FORM });
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.doesNotMatch(r.text, /SecretAccessKey/);
    assert.equal(await keyCount(), before);
  });

  it('UNSIGNED-PAYLOAD is refused even with the body it was sent with', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const signed = signRequest(
      { method: 'POST', path: '/', query: '', headers: { host, 'content-type': FORM, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body },
      { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: clock },
    );
    const r = await send(t, signed, body);
    assert.equal(r.status, 403);
    assert.match(r.text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>SignatureDoesNotMatch<\/Code>/);
  });

  it('a presigned GetCallerIdentity URL plus a GetSessionToken body gives no credentials', async () => {
    const query = 'Action=GetCallerIdentity&Version=2011-06-15';
    // Presigned over UNSIGNED-PAYLOAD (as an S3-style presigner does), then sent with that header.
    const unsignedBody = signRequest(
      { method: 'POST', path: '/', query, headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: clock, presignExpiresSeconds: 900, signedHeaders: ['host'] },
    );
    const a = await send(t, unsignedBody, 'Action=GetSessionToken&Version=2011-06-15', { 'content-type': FORM });
    assert.equal(a.status, 403);
    assert.match(a.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.doesNotMatch(a.text, /SessionToken/);
    // Presigned as the SDKs do (the empty body's hash): a body breaks the signature.
    const emptyBody = signRequest({ method: 'POST', path: '/', query, headers: { host } }, { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: clock, presignExpiresSeconds: 900 });
    const b = await send(t, emptyBody, 'Action=GetSessionToken&Version=2011-06-15', { 'content-type': FORM });
    assert.equal(b.status, 403);
    assert.match(b.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    // The same URL without a body is served.
    const c = await send(t, emptyBody);
    assert.equal(c.status, 200);
    assert.match(c.text, /<GetCallerIdentityResult>/);
  });

  it('an X-Amz-Target outside the signed headers is refused (no operation swap)', async () => {
    const signed = signRequest(
      { method: 'POST', path: '/', query: '', headers: { host, 'content-type': 'application/x-amz-json-1.1' }, body: '{}' },
      { ...ADMIN, region: 'us-east-1', service: 'organizations', nowMs: clock },
    );
    const r = await send(t, signed, '{}', { 'x-amz-target': 'AWSOrganizationsV20161128.CreateOrganization' });
    assert.equal(r.status, 403);
    assert.deepEqual(JSON.parse(r.text), { __type: 'InvalidSignatureException', Message: "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization." });
    // Nothing was created.
    await assert.rejects(t.organizations().send(new DescribeOrganizationCommand({})), { name: 'AWSOrganizationsNotInUseException' });
  });

  it('the order of a repeated query parameter is not signed: a name repeated with another value is refused', async () => {
    // SigV4 sorts the query before signing, so both orders carry the same signature.
    const signed = signRequest(
      { method: 'GET', path: '/', query: 'Action=GetUser&UserName=nobody&UserName=admin&Version=2010-05-08', headers: { host } },
      { ...ADMIN, region: 'us-east-1', service: 'iam', nowMs: clock },
    );
    for (const query of [signed.query, 'Action=GetUser&UserName=admin&UserName=nobody&Version=2010-05-08']) {
      const r = await send(t, { ...signed, query });
      assert.equal(r.status, 400, r.text);
      assert.match(r.text, /<Code>InvalidParameterValue<\/Code><Message>The query string repeats the parameter &apos;UserName&apos; with different values\.<\/Message>/);
    }
    // The same value twice is harmless; so is a name in the query and again in the (signed) body.
    const twice = signRequest(
      { method: 'GET', path: '/', query: 'Action=GetUser&UserName=admin&UserName=admin&Version=2010-05-08', headers: { host } },
      { ...ADMIN, region: 'us-east-1', service: 'iam', nowMs: clock },
    );
    assert.equal((await send(t, twice)).status, 200);
    const body = 'Action=GetUser&UserName=admin&Version=2010-05-08';
    const both = signRequest(
      { method: 'POST', path: '/', query: 'Action=GetUser&UserName=nobody', headers: { host, 'content-type': FORM }, body },
      { ...ADMIN, region: 'us-east-1', service: 'iam', nowMs: clock },
    );
    const r = await send(t, both, body);
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<UserName>admin<\/UserName>/);
  });

  it('an access key id over 128 characters is InvalidClientTokenId, not a fault (found by the fuzz run)', async () => {
    const amzDate = new Date(clock).toISOString().replace(/[-:]|\.\d{3}/g, '');
    const authorization = `AWS4-HMAC-SHA256 Credential=AKIA${'A'.repeat(2000)}/${amzDate.slice(0, 8)}/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
    const r = await send(t, { method: 'POST', path: '/', query: '', headers: { authorization, 'x-amz-date': amzDate, 'content-type': FORM } }, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>InvalidClientTokenId<\/Code>/);
  });

  it('a presigned URL lives 15 minutes from X-Amz-Date whatever X-Amz-Expires says', async () => {
    const signedAt = Math.floor(clock / 1000) * 1000; // X-Amz-Date has whole seconds
    const url = signRequest(
      { method: 'GET', path: '/', query: 'Action=GetCallerIdentity&Version=2011-06-15', headers: { host } },
      { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: signedAt, presignExpiresSeconds: 604800 },
    );
    const short = signRequest(
      { method: 'GET', path: '/', query: 'Action=GetCallerIdentity&Version=2011-06-15', headers: { host } },
      { ...ADMIN, region: 'us-east-1', service: 'sts', nowMs: signedAt, presignExpiresSeconds: 60 },
    );
    try {
      clock = signedAt + 15 * MIN;
      assert.equal((await send(t, url)).status, 200);
      assert.equal((await send(t, short)).status, 200, 'a shorter X-Amz-Expires is not considered either');
      clock = signedAt + 15 * MIN + 1000;
      const r = await send(t, url);
      assert.equal(r.status, 403);
      assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)<\/Message>/);
    } finally {
      clock = Date.now();
    }
  });
});
