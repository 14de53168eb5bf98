/**
 * Pins, below the SDK, answers of the request spine that issue 12's rewrite had to keep (which
 * protocol answers an error decided before the service is known, which error wins) and one hole
 * the typed input closed: a JSON list holding null no longer reaches a handler typed to hold none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { ADMIN, type TestServer, startTestServer } from '../support/server.js';

const PREFIX = 'AWSOrganizationsV20161128';

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

async function send(t: TestServer, headers: Record<string, string>, body: string, service?: string): Promise<Answer> {
  const url = new URL(t.url);
  let sent = headers;
  if (service !== undefined) {
    const signer = new SignatureV4({ service, region: 'us-east-1', credentials: ADMIN, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, ...headers }, body });
    sent = signed.headers;
  }
  const res = await fetch(`${t.url}/`, { method: 'POST', headers: Object.fromEntries(Object.entries(sent).filter(([k]) => k !== 'host')), body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const json = (target: string): Record<string, string> => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${PREFIX}.${target}` });
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('request spine: answers kept through the rewrite', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('a JSON list item of null is a SerializationException, not a 500 from the handler', async () => {
    assert.equal((await send(t, json('CreateOrganization'), '{}', 'organizations')).status, 200);
    for (const tags of [[null], [{ Key: 'k', Value: 'v' }, null]]) {
      const r = await send(t, json('CreateAccount'), JSON.stringify({ Email: 'a@b.example', AccountName: 'acct', Tags: tags }), 'organizations');
      assert.equal(r.status, 400, r.text);
      assert.equal(r.type, 'application/x-amz-json-1.1');
      const body = JSON.parse(r.text) as Record<string, unknown>;
      assert.equal(body.__type, 'SerializationException');
      assert.equal(body.Message, `Null is not allowed at 'tags.${tags.length}.member'.`);
    }
  });

  it('a body too large is answered in the protocol its headers name, for the service its scope names', async () => {
    const big = 'a'.repeat(1_100_000);
    const j = await send(t, json('DescribeOrganization'), big, 'organizations');
    assert.equal(j.status, 413);
    assert.equal(j.type, 'application/x-amz-json-1.1');
    assert.deepEqual(JSON.parse(j.text), { __type: 'RequestEntityTooLarge', Message: 'Request body exceeds the 1 MiB limit.' });
    const q = await send(t, FORM, big, 'sts');
    assert.equal(q.status, 413);
    assert.equal(q.type, 'text/xml');
    assert.match(q.text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>RequestEntityTooLarge<\/Code>/);
    const unsigned = await send(t, FORM, big);
    assert.equal(unsigned.status, 413);
    assert.match(unsigned.text, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
  });

  it('unsigned: only the Query AssumeRoleWith* calls are taken; a wrong Version is InvalidAction in STS words', async () => {
    const saml = await send(t, FORM, new URLSearchParams({ Action: 'AssumeRoleWithSAML', Version: '2010-05-08', SAMLAssertion: 'c2VjcmV0YXNzZXJ0aW9u' }).toString());
    assert.equal(saml.status, 400);
    assert.match(saml.text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">.*<Code>InvalidAction<\/Code><Message>Could not find operation AssumeRoleWithSAML for version 2010-05-08<\/Message>/);
    const viaJson = await send(t, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSSecurityTokenServiceV20110615.AssumeRoleWithWebIdentity' }, '{}');
    assert.equal(viaJson.status, 403);
    assert.deepEqual(JSON.parse(viaJson.text), { __type: 'MissingAuthenticationTokenException', Message: 'Request is missing Authentication Token' });
    const other = await send(t, FORM, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(other.status, 403);
    assert.match(other.text, /<Code>MissingAuthenticationToken<\/Code>/);
  });

  it('a sensitive member is never quoted, whether validation or the handler refuses the call', async () => {
    const token = 'supersecret-token-value-123';
    const noRole = await send(t, FORM, new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleSessionName: 's', WebIdentityToken: token }).toString());
    assert.equal(noRole.status, 400);
    assert.match(noRole.text, /<Code>ValidationError<\/Code>/);
    assert.doesNotMatch(noRole.text, new RegExp(token));
    const handler = await send(t, FORM, new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: 'arn:aws:iam::111111111111:role/x', RoleSessionName: 'sess', WebIdentityToken: token }).toString());
    assert.match(handler.text, /<Code>InvalidIdentityToken<\/Code>/);
    assert.doesNotMatch(handler.text, new RegExp(token));
  });
});
