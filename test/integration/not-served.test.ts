/**
 * Calls for services Rolegate does not serve (a shared `endpoint_url` sends `aws s3 ls` and
 * `aws ec2 describe-instances` here too) get a clear error naming the service, in a body the
 * client parses, instead of "Credential should be scoped to correct service: 'iam'". The answer
 * comes from the credential scope alone: the same for a good key, an unknown key and a bad
 * signature, so it is no oracle for keys.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { signRequest } from '../../src/sigv4/index.js';
import { awsCli } from '../support/aws-cli.js';
import { ADMIN, type Credentials, type TestServer, startTestServer } from '../support/server.js';

const run = promisify(execFile);


const message = (service: string): string => `Rolegate does not serve the '${service}' service; only iam, sts, organizations, rolegate, eks-auth, rolesanywhere, identitystore and sso are served at this endpoint.`;

async function signed(t: TestServer, service: string, init: { method: string; path?: string; body?: string; headers?: Record<string, string> }, creds: Credentials = ADMIN) {
  const url = new URL(t.url);
  const body = init.body ?? '';
  const req = signRequest({ method: init.method, path: init.path ?? '/', query: '', headers: { host: url.host, ...init.headers }, body }, { ...creds, region: 'us-east-1', service, nowMs: Date.now() });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
  const res = await fetch(`${t.url}${init.path ?? '/'}`, { method: init.method, headers, ...(init.method === 'GET' ? {} : { body }) });
  return { status: res.status, type: res.headers.get('content-type'), errorType: res.headers.get('x-amzn-errortype'), text: await res.text() };
}

describe('services Rolegate does not serve', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  it('S3 (REST-XML): an <Error> body naming the service', async () => {
    const r = await signed(t, 's3', { method: 'GET', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    assert.equal(r.status, 400);
    assert.equal(r.errorType, 'InvalidAction');
    assert.match(r.text, /<Error><Code>InvalidAction<\/Code><Message>Rolegate does not serve the &apos;s3&apos; service; only iam, sts, organizations, rolegate, eks-auth, rolesanywhere, identitystore and sso are served at this endpoint.<\/Message><RequestId>/);
  });

  it('Query services: an ErrorResponse naming the service', async () => {
    const r = await signed(t, 'sns', { method: 'POST', body: 'Action=ListTopics&Version=2010-03-31', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
    assert.equal(r.status, 400);
    assert.match(r.text, /^<ErrorResponse><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>Rolegate does not serve the &apos;sns&apos; service/);
  });

  it("EC2: EC2's own error shape (Response/Errors/Error, which the Go and Swift SDKs require)", async () => {
    const r = await signed(t, 'ec2', { method: 'POST', body: 'Action=DescribeInstances&Version=2016-11-15', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
    assert.equal(r.status, 400);
    assert.match(r.text, /<Response><Errors><Error><Code>InvalidAction<\/Code><Message>Rolegate does not serve the &apos;ec2&apos; service; only iam, sts, organizations, rolegate, eks-auth, rolesanywhere, identitystore and sso are served at this endpoint.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
  });

  it('JSON services (X-Amz-Target): a JSON body naming the service', async () => {
    const r = await signed(t, 'dynamodb', { method: 'POST', body: '{}', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' } });
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.text), { __type: 'UnknownOperationException', message: message('dynamodb') });
  });

  it('the same answer whatever the key and signature: no oracle', async () => {
    const good = await signed(t, 'ec2', { method: 'POST', body: 'Action=DescribeInstances' });
    const unknown = await signed(t, 'ec2', { method: 'POST', body: 'Action=DescribeInstances' }, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'y'.repeat(40) });
    const badSignature = await signed(t, 'ec2', { method: 'POST', body: 'Action=DescribeInstances' }, { accessKeyId: ADMIN.accessKeyId, secretAccessKey: 'z'.repeat(40) });
    const strip = (s: string): string => s.replace(/<RequestI[dD]>[^<]*<\/RequestI[dD]>/, '');
    for (const r of [unknown, badSignature]) {
      assert.equal(r.status, good.status);
      assert.equal(strip(r.text), strip(good.text));
    }
  });

  it('a presigned URL scoped to S3 gets the same answer', async () => {
    const credential = encodeURIComponent(`${ADMIN.accessKeyId}/20260101/us-east-1/s3/aws4_request`);
    const res = await fetch(`${t.url}/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=${'0'.repeat(64)}`);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /<Error><Code>InvalidAction<\/Code><Message>Rolegate does not serve the &apos;s3&apos; service/);
  });

  it('whatever the body: larger than 1 MiB, or a form of too many fields (aws s3 cp of such a file)', async () => {
    const put = (body: string) => signed(t, 's3', { method: 'PUT', path: '/bucket/key', body, headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    for (const body of ['x'.repeat(1536 * 1024), Array.from({ length: 12_000 }, (_, i) => `k${i}=v`).join('&')]) {
      const r = await put(body);
      assert.equal(r.status, 400);
      assert.equal(r.errorType, 'InvalidAction');
      assert.match(r.text, /<Error><Code>InvalidAction<\/Code><Message>Rolegate does not serve the &apos;s3&apos; service/);
    }
    // A served service keeps its own answers to the same bodies.
    const big = await signed(t, 'sts', { method: 'POST', body: `Action=GetCallerIdentity&Version=2011-06-15&Pad=${'x'.repeat(1536 * 1024)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(big.status, 413);
    assert.match(big.text, /<Code>RequestEntityTooLarge<\/Code>/);
  });

  it('a served service scoped wrongly keeps SigV4 errors; a garbled scope is not quoted', async () => {
    const r = await signed(t, 'NotAService', { method: 'POST', body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>SignatureDoesNotMatch<\/Code>/);
  });

  const version = awsCli();
  const skip = version === undefined && process.env.CI === undefined ? 'the AWS CLI is not installed (apt-get install -y awscli)' : false;
  const cli = async (...args: string[]): Promise<string> => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_MAX_ATTEMPTS: '1' };
    try {
      await run('aws', [...args, '--endpoint-url', t.url], { env, timeout: 60_000 });
    } catch (e) {
      return String((e as { stderr?: unknown }).stderr);
    }
    assert.fail(`aws ${args.join(' ')} succeeded`);
  };

  // CLI v2 builds such as Debian's 2.9 add how often they retried; newer ones do not.
  const RETRIES = '(?: \\(reached max retries: \\d+\\))?';
  it('the AWS CLI shows the message: aws s3 ls, aws ec2 describe-instances, aws dynamodb list-tables, aws lambda list-functions', { skip, timeout: 120_000 }, async () => {
    assert.match(await cli('s3', 'ls'), new RegExp(`An error occurred \\(InvalidAction\\) when calling the ListBuckets operation${RETRIES}: ${message('s3').replace(/[.()]/g, '\\$&')}`));
    assert.match(await cli('ec2', 'describe-instances'), new RegExp(`An error occurred \\(InvalidAction\\) when calling the DescribeInstances operation${RETRIES}: ${message('ec2').replace(/[.()]/g, '\\$&')}`));
    assert.match(await cli('dynamodb', 'list-tables'), new RegExp(`\\(UnknownOperationException\\) when calling the ListTables operation${RETRIES}: ${message('dynamodb').replace(/[.()]/g, '\\$&')}`));
    assert.match(await cli('lambda', 'list-functions'), new RegExp(`when calling the ListFunctions operation${RETRIES}: ${message('lambda').replace(/[.()]/g, '\\$&')}`));
  });
});
