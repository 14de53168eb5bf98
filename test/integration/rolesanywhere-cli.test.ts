/**
 * IAM Roles Anywhere's trust anchors through the AWS CLI (`aws rolesanywhere …`, restJson1 on the
 * server's one port): create with a PEM file, get, list, tag, disable and delete, and its errors
 * as the CLI prints them (ValidationException for a leaf, ResourceNotFoundException for an
 * unknown id).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testCertificate } from '../support/ca-certs.js';
import { recentAwsCli, awsCliEnv } from '../support/recent-clients.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { run as exec } from '../support/workload-cli.js';

const AWS = recentAwsCli('rolesanywhere', 'create-trust-anchor');
const skip = AWS === undefined && process.env.CI === undefined ? 'no AWS CLI knowing rolesanywhere create-trust-anchor on PATH' : false;

describe('rolesanywhere trust anchors (AWS CLI)', { skip }, () => {
  let t: TestServer;
  let dir: string;
  before(async () => {
    t = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'rolegate-ra-cli-'));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const aws = (...args: string[]) => {
    assert.ok(AWS, 'an AWS CLI knowing rolesanywhere is required under CI');
    const env = awsCliEnv(dir, t.url, t.admin);
    return exec(AWS[0]!, [...AWS.slice(1), 'rolesanywhere', ...args, '--output', 'json'], env);
  };

  it('creates, reads, lists, tags, disables and deletes a trust anchor; prints AWS errors', { timeout: 120_000 }, async () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, await testCertificate({ ca: true }));
    const leaf = join(dir, 'leaf.pem');
    writeFileSync(leaf, await testCertificate({ ca: false, cn: 'leaf' }));

    const source = (pem: string) => JSON.stringify({ sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: pem } });
    const created = await aws('create-trust-anchor', '--name', 'cli-anchor', '--enabled', '--tags', 'key=team,value=infra', '--source', source(readFileSync(ca, 'utf8')));
    assert.equal(created.code, 0, created.stderr);
    const anchor = (JSON.parse(created.stdout) as { trustAnchor: { trustAnchorId: string; trustAnchorArn: string; name: string; enabled: boolean } }).trustAnchor;
    assert.equal(anchor.name, 'cli-anchor');
    assert.equal(anchor.enabled, true);
    assert.equal(anchor.trustAnchorArn, `arn:aws:rolesanywhere:us-east-1:${t.account}:trust-anchor/${anchor.trustAnchorId}`);

    const got = await aws('get-trust-anchor', '--trust-anchor-id', anchor.trustAnchorId);
    assert.equal(got.code, 0, got.stderr);
    assert.equal((JSON.parse(got.stdout) as { trustAnchor: { name: string } }).trustAnchor.name, 'cli-anchor');

    const listed = await aws('list-trust-anchors');
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual((JSON.parse(listed.stdout) as { trustAnchors: { trustAnchorId: string }[] }).trustAnchors.map((a) => a.trustAnchorId), [anchor.trustAnchorId]);

    const tags = await aws('list-tags-for-resource', '--resource-arn', anchor.trustAnchorArn);
    assert.equal(tags.code, 0, tags.stderr);
    assert.deepEqual(JSON.parse(tags.stdout), { tags: [{ key: 'team', value: 'infra' }] });

    const disabled = await aws('disable-trust-anchor', '--trust-anchor-id', anchor.trustAnchorId);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.equal((JSON.parse(disabled.stdout) as { trustAnchor: { enabled: boolean } }).trustAnchor.enabled, false);

    const refused = await aws('create-trust-anchor', '--name', 'leaf', '--source', source(readFileSync(leaf, 'utf8')));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\(ValidationException\) when calling the CreateTrustAnchor operation: Error creating TrustAnchor\. The certificate is not a CA certificate/);

    const deleted = await aws('delete-trust-anchor', '--trust-anchor-id', anchor.trustAnchorId);
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await aws('get-trust-anchor', '--trust-anchor-id', anchor.trustAnchorId);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /\(ResourceNotFoundException\) when calling the GetTrustAnchor operation/);
  });
});
