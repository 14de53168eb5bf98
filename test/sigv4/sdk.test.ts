/**
 * What the AWS SDK v3 sends, verified by our module: @smithy/signature-v4 signing IAM and STS
 * form POSTs (any region), and the real IAMClient / STSClient with a request handler that
 * captures the signed request instead of sending it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parseAuthorization, SignatureDoesNotMatchError, verifySignature } from '../../src/sigv4/index.js';
import type { SigV4Request } from '../../src/sigv4/index.js';
import { fromSmithy, smithySigner } from './smithy-signer.js';

const AKID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SERVICES = ['iam', 'sts', 'organizations', 'rolesanywhere'];

function verify(req: SigV4Request, nowMs: number): void {
  const claim = parseAuthorization(req, { nowMs, services: SERVICES });
  verifySignature(claim, req, SECRET, nowMs);
  assert.throws(() => verifySignature(claim, req, `${SECRET}x`, nowMs), SignatureDoesNotMatchError);
}

describe('@smithy/signature-v4 signing Query-protocol form POSTs', () => {
  const now = Date.UTC(2026, 0, 15, 9, 30, 0);
  for (const [service, region, body] of [
    ['iam', 'us-east-1', 'Action=CreateRole&RoleName=app&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D&Version=2010-05-08'],
    ['sts', 'eu-west-3', 'Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fapp&RoleSessionName=s%20one&Version=2011-06-15'],
    ['sts', 'ap-southeast-4', 'Action=GetCallerIdentity&Version=2011-06-15'],
  ] as const) {
    it(`${service} in ${region}`, async () => {
      for (const sessionToken of [undefined, 'FwoGZXIvYXdzEXAMPLE//token+with/slashes=']) {
        const signer = smithySigner({ accessKeyId: AKID, secretAccessKey: SECRET, region, service, ...(sessionToken !== undefined && { sessionToken }) });
        const signed = await signer.sign(
          {
            method: 'POST',
            protocol: 'https:',
            hostname: `${service}.amazonaws.com`,
            path: '/',
            query: {},
            headers: { host: `${service}.amazonaws.com`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(body.length) },
            body,
          },
          { signingDate: new Date(now) },
        );
        const wire = fromSmithy(signed);
        verify(wire, now);
        assert.equal(parseAuthorization(wire).securityToken, sessionToken);
        assert.throws(() => verifySignature(parseAuthorization(wire), { ...wire, body: body.replace('Version', 'Versio') }, SECRET, now), SignatureDoesNotMatchError);
      }
    });
  }
});

/** Run a command with a handler that keeps the signed request and answers nothing. */
async function capture(send: (handler: object) => Promise<unknown>): Promise<SigV4Request> {
  let captured: SigV4Request | undefined;
  const handler = {
    handle: (request: { method: string; path: string; query?: Record<string, unknown>; headers: Record<string, string>; body?: unknown }) => {
      captured = fromSmithy(request);
      return Promise.reject(new Error('captured'));
    },
  };
  await assert.rejects(send(handler), /captured/);
  assert.ok(captured !== undefined);
  return captured;
}

describe('the AWS SDK v3 clients themselves', () => {
  const common = { credentials: { accessKeyId: AKID, secretAccessKey: SECRET }, endpoint: 'http://127.0.0.1:7653', maxAttempts: 1 };
  it('IAMClient ListUsers (us-east-1)', async () => {
    const req = await capture((requestHandler) => new IAMClient({ ...common, region: 'us-east-1', requestHandler }).send(new ListUsersCommand({ MaxItems: 5 })));
    assert.match(String(req.body), /Action=ListUsers/);
    verify(req, Date.now());
    assert.equal(parseAuthorization(req).service, 'iam');
  });
  it('STSClient GetCallerIdentity with a session token (eu-central-1)', async () => {
    const req = await capture((requestHandler) =>
      new STSClient({ ...common, credentials: { ...common.credentials, sessionToken: 'session/token+value=' }, region: 'eu-central-1', requestHandler }).send(new GetCallerIdentityCommand({})),
    );
    const claim = parseAuthorization(req);
    assert.deepEqual([claim.service, claim.region, claim.securityToken], ['sts', 'eu-central-1', 'session/token+value=']);
    verify(req, Date.now());
  });
});
