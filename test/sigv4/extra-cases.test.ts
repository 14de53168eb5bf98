/**
 * test/vectors/sigv4/extra-cases.json: the aws-c-auth suite cases the npm copy lacks (S3-style
 * unnormalised paths, encoded query order, session token, signed body), in header and query form,
 * signed by @smithy/signature-v4 and by our signer, verified by our module.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { canonicalRequest, parseAuthorization, SignatureDoesNotMatchError, signRequest, verifySignature } from '../../src/sigv4/index.js';
import type { SigV4Request, VerifyOptions } from '../../src/sigv4/index.js';
import { repoRoot } from '../support/repo.js';
import { SUITE } from './suite-loader.js';
import { fromSmithy, smithySigner, toSmithy } from './smithy-signer.js';

interface ExtraCase {
  readonly name: string;
  readonly rawPath?: boolean;
  readonly signBody?: boolean;
  readonly sessionToken?: string;
  readonly request: { method: string; path: string; query: string; headers?: Record<string, string>; body?: string };
  readonly canonicalUri?: string;
  readonly canonicalQuery?: string;
  readonly signedHeaders?: string;
  readonly payloadHash?: string;
}

const file = JSON.parse(readFileSync(join(repoRoot(), 'test/vectors/sigv4/extra-cases.json'), 'utf8')) as { cases: ExtraCase[] };

function check(c: ExtraCase, wire: SigV4Request, options: VerifyOptions): void {
  const claim = parseAuthorization(wire, { nowMs: SUITE.nowMs });
  const lines = canonicalRequest(claim, wire, options).split('\n');
  if (c.canonicalUri !== undefined) assert.equal(lines[1], c.canonicalUri);
  if (c.canonicalQuery !== undefined && !claim.presigned) assert.equal(lines[2], c.canonicalQuery);
  if (c.signedHeaders !== undefined && !claim.presigned) assert.equal(lines.at(-2), c.signedHeaders);
  if (c.payloadHash !== undefined) assert.equal(lines.at(-1), c.payloadHash);
  if (c.sessionToken !== undefined) assert.equal(claim.securityToken, c.sessionToken);
  verifySignature(claim, wire, SUITE.secretAccessKey, SUITE.nowMs, options);
  assert.throws(() => verifySignature(claim, wire, 'not-the-secret', SUITE.nowMs, options), SignatureDoesNotMatchError);
}

describe('own vectors for the aws-c-auth cases the npm suite lacks', () => {
  it('has 11 cases', () => assert.equal(file.cases.length, 11));
  for (const c of file.cases) {
    const base: SigV4Request = {
      method: c.request.method,
      path: c.request.path,
      query: c.request.query,
      headers: { host: 'example.amazonaws.com', ...c.request.headers },
      ...(c.request.body !== undefined && { body: c.request.body }),
    };
    const options: VerifyOptions = { rawPath: c.rawPath === true };
    const smithy = smithySigner({
      ...SUITE,
      uriEscapePath: c.rawPath !== true,
      applyChecksum: c.signBody === true,
      ...(c.sessionToken !== undefined && { sessionToken: c.sessionToken }),
    });
    const signingDate = new Date(SUITE.nowMs);

    describe(c.name, () => {
      it('header form, @smithy/signature-v4 signer', async () => check(c, fromSmithy(await smithy.sign(toSmithy(base), { signingDate })), options));
      it('query form, @smithy/signature-v4 signer', async () =>
        check(c, fromSmithy(await smithy.presign(toSmithy(base), { signingDate, expiresIn: 3600 })), options));
      it('header form, our signer, same signature as smithy', async () => {
        const theirs = fromSmithy(await smithy.sign(toSmithy(base), { signingDate }));
        const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(theirs.headers.authorization))?.[1]?.split(';');
        const withSha = c.signBody === true ? { ...base, headers: { ...base.headers, 'x-amz-content-sha256': String(theirs.headers['x-amz-content-sha256']) } } : base;
        const ours = signRequest(withSha, { ...SUITE, rawPath: c.rawPath === true, ...(c.sessionToken !== undefined && { sessionToken: c.sessionToken }), ...(signedHeaders !== undefined && { signedHeaders }) });
        assert.equal(ours.headers.authorization, theirs.headers.authorization);
        check(c, ours, options);
      });
      it('query form, our signer', () => {
        const ours = signRequest(base, { ...SUITE, rawPath: c.rawPath === true, presignExpiresSeconds: 3600, ...(c.sessionToken !== undefined && { sessionToken: c.sessionToken }) });
        check(c, ours, options);
      });
    });
  }
});
