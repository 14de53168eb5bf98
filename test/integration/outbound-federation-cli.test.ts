/**
 * Outbound identity federation with the AWS CLI (botocore's own model of the 2025 operations):
 * enable-outbound-web-identity-federation, get-web-identity-token, the token verified with `jose`
 * against the JWKS the server publishes; a caller without the permission is refused.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type JSONWebKeySet, createLocalJWKSet, jwtVerify } from 'jose';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { putUser } from '../support/fixtures.js';
import { getJson, issuerOf } from '../support/issuer.js';
import { recentAwsCli } from '../support/recent-clients.js';

const run = promisify(execFile);
/** An AWS CLI whose model has the 2025 operation (Debian's 2.9, first on CI's PATH, has not). */
const AWS = recentAwsCli('sts', 'get-web-identity-token');
const skip = AWS === undefined && process.env.CI === undefined ? 'no AWS CLI knowing sts get-web-identity-token on PATH' : false;

describe('outbound identity federation with the AWS CLI', { skip }, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
    // AWS CLI v1 would fetch a parameter that is an https URL (the audience) as its value.
    writeFileSync(join(t.dataDir, 'aws-config'), '[default]\ncli_follow_urlparam = false\n');
  });
  after(async () => {
    await t.close();
  });
  const aws = async (creds: Credentials, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const env = { PATH: process.env.PATH, HOME: t.dataDir, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey, AWS_DEFAULT_REGION: 'eu-west-1', AWS_CONFIG_FILE: join(t.dataDir, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    assert.ok(AWS, 'an AWS CLI knowing sts get-web-identity-token is required under CI');
    try {
      const r = await run(AWS[0]!, [...AWS.slice(1), ...args, '--endpoint-url', t.url, '--output', 'json'], { env, timeout: 60_000 });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const f = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof f.code === 'number' ? f.code : 1, stdout: f.stdout ?? '', stderr: f.stderr ?? '' };
    }
  };

  it('enable, get-web-identity-token, verify; a caller without sts:GetWebIdentityToken is refused', { timeout: 120_000 }, async () => {
    const enabled = await aws(t.admin, 'iam', 'enable-outbound-web-identity-federation');
    assert.equal(enabled.code, 0, enabled.stderr);
    assert.equal((JSON.parse(enabled.stdout) as { IssuerIdentifier: string }).IssuerIdentifier, issuerOf(t, 'outbound'));
    const again = await aws(t.admin, 'iam', 'enable-outbound-web-identity-federation');
    assert.match(again.stderr, /\(FeatureEnabled(Exception)?\) when calling the EnableOutboundWebIdentityFederation operation/);

    const got = await aws(t.admin, 'sts', 'get-web-identity-token', '--audience', 'https://api.example.com', '--signing-algorithm', 'ES384', '--duration-seconds', '600');
    assert.equal(got.code, 0, got.stderr);
    const { WebIdentityToken: token } = JSON.parse(got.stdout) as { WebIdentityToken: string };
    const set = (await getJson(t, `/outbound/${t.account}/.well-known/jwks.json`)).json as unknown as JSONWebKeySet;
    const { payload } = await jwtVerify(token, createLocalJWKSet(set), { issuer: issuerOf(t, 'outbound'), audience: 'https://api.example.com' });
    assert.equal(payload.exp! - payload.iat!, 600);
    assert.equal((payload['https://sts.amazonaws.com/'] as { source_region: string }).source_region, 'eu-west-1');

    const nobody = await putUser(t, 'nobody');
    const refused = await aws(nobody, 'sts', 'get-web-identity-token', '--audience', 'https://api.example.com', '--signing-algorithm', 'RS256');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(AccessDenied\) when calling the GetWebIdentityToken operation: User: .* is not authorized to perform: sts:GetWebIdentityToken/);
  });
});
