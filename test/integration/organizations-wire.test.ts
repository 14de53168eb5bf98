/**
 * The AWS JSON 1.1 wire itself, below the SDK: X-Amz-Target routing, the JSON error body, epoch
 * second timestamps, and the errors a hand-made request can provoke.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { ADMIN, type TestServer, startTestServer } from '../support/server.js';

const PREFIX = 'AWSOrganizationsV20161128';

async function call(t: TestServer, target: string, body: string, service = 'organizations'): Promise<{ status: number; type: string | null; json: Record<string, unknown> }> {
  const url = new URL(t.url);
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: ADMIN, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  const res = await fetch(`${t.url}/`, { method: 'POST', headers: signed.headers, body });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
}

describe('organizations: the AWS JSON 1.1 wire', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('errors are {"__type", "Message"} with the JSON content type', async () => {
    const r = await call(t, `${PREFIX}.DescribeOrganization`, '{}');
    assert.equal(r.status, 400);
    assert.equal(r.type, 'application/x-amz-json-1.1');
    assert.deepEqual(r.json, { __type: 'AWSOrganizationsNotInUseException', Message: 'Your account is not a member of an organization.' });
  });

  it('timestamps are epoch seconds', async () => {
    await call(t, `${PREFIX}.CreateOrganization`, '{}');
    const r = await call(t, `${PREFIX}.CreateAccount`, JSON.stringify({ Email: 'wire@example.com', AccountName: 'wire' }));
    assert.equal(r.status, 200);
    const s = r.json.CreateAccountStatus as Record<string, unknown>;
    assert.equal(typeof s.RequestedTimestamp, 'number');
    assert.ok(Math.abs((s.RequestedTimestamp as number) - Date.now() / 1000) < 60);
    assert.equal(s.State, 'IN_PROGRESS');
  });

  it('a Query-style form scoped to organizations is no operation (the answer is JSON)', async () => {
    const url = new URL(t.url);
    const signer = new SignatureV4({ service: 'organizations', region: 'us-east-1', credentials: ADMIN, sha256: Hash.bind(null, 'sha256') });
    const body = 'Action=ListAccounts';
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' }, body });
    const res = await fetch(`${t.url}/`, { method: 'POST', headers: signed.headers, body });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.deepEqual(await res.json(), { __type: 'UnknownOperationException', Message: 'The operation ListAccounts is not known to this service: name it in X-Amz-Target.' });
  });

  it('an unknown operation is UnknownOperationException', async () => {
    const r = await call(t, `${PREFIX}.DescribeNothing`, '{}');
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'UnknownOperationException');
  });

  it('another service’s target prefix is UnknownOperationException', async () => {
    const r = await call(t, 'AmazonSSM.ListDocuments', '{}');
    assert.equal(r.json.__type, 'UnknownOperationException');
  });

  it('a JSON request to a Query-only service is UnknownOperationException', async () => {
    const r = await call(t, `${PREFIX}.DescribeOrganization`, '{}', 'iam');
    assert.equal(r.json.__type, 'UnknownOperationException');
  });

  it('a body that is not JSON is SerializationException', async () => {
    const r = await call(t, `${PREFIX}.ListAccounts`, '{"MaxResults":');
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'SerializationException');
  });

  it('a member of the wrong JSON type is SerializationException', async () => {
    const r = await call(t, `${PREFIX}.ListAccounts`, '{"MaxResults":"5"}');
    assert.equal(r.json.__type, 'SerializationException');
  });

  it('an explicit null is an absent member; unknown members are ignored', async () => {
    const r = await call(t, `${PREFIX}.ListAccounts`, '{"MaxResults":null,"Unknown":1,"__proto__":{"x":1}}');
    assert.equal(r.status, 200);
    assert.equal((r.json.Accounts as unknown[]).length, 2);
  });

  it('an unsigned request is MissingAuthenticationTokenException (403), in JSON', async () => {
    const res = await fetch(`${t.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${PREFIX}.DescribeOrganization` },
      body: '{}',
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    const json = (await res.json()) as Record<string, unknown>;
    assert.equal(json.__type, 'MissingAuthenticationTokenException');
  });

  it('a wrong signature is InvalidSignatureException (403)', async () => {
    const url = new URL(t.url);
    const signer = new SignatureV4({ service: 'organizations', region: 'us-east-1', credentials: ADMIN, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${PREFIX}.DescribeOrganization` },
      body: '{}',
    });
    const res = await fetch(`${t.url}/`, { method: 'POST', headers: signed.headers, body: '{ }' });
    assert.equal(res.status, 403);
    const json = (await res.json()) as Record<string, unknown>;
    assert.equal(json.__type, 'InvalidSignatureException');
  });

  it('the Query protocol still answers in XML', async () => {
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const r = await t.sts().send(new GetCallerIdentityCommand({}));
    assert.equal(r.Account, t.account);
  });
});
