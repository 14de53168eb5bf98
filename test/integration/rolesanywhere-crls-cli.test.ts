/**
 * IAM Roles Anywhere CRLs, subjects and attribute mappings through the AWS CLI (`aws rolesanywhere
 * …`): import-crl from a PEM file (fileb://), get, list, update, disable, enable, delete; its
 * errors as the CLI prints them (a forged CRL, an unknown anchor, an unknown id, a user allowed
 * only some actions); list-subjects / get-subject; put- and delete-attribute-mapping.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crl, issue } from '../rolesanywhere/pki.js';
import { allow, putUser } from '../support/fixtures.js';
import { recentAwsCli, awsCliEnv } from '../support/recent-clients.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { run as exec } from '../support/workload-cli.js';

const AWS = recentAwsCli('rolesanywhere', 'put-attribute-mapping');
const skip = AWS === undefined && process.env.CI === undefined ? 'no AWS CLI knowing rolesanywhere put-attribute-mapping on PATH' : false;
const UNKNOWN_ID = '0b9a9d1e-6a7b-4c2d-9e8f-0a1b2c3d4e5f';

interface CrlOut {
  crl: { crlId: string; crlArn: string; name: string; enabled: boolean; crlData: string; trustAnchorArn: string };
}

describe('rolesanywhere CRLs, subjects and attribute mappings (AWS CLI)', { skip }, () => {
  let t: TestServer;
  let dir: string;
  before(async () => {
    t = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'rolegate-ra-crl-cli-'));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const aws = (creds: Credentials, ...args: string[]) => {
    assert.ok(AWS, 'an AWS CLI knowing rolesanywhere is required under CI');
    const env = awsCliEnv(dir, t.url, creds);
    return exec(AWS[0]!, [...AWS.slice(1), 'rolesanywhere', ...args, '--output', 'json'], env);
  };
  const ok = async (...args: string[]) => {
    const r = await aws(t.admin, ...args);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown;
  };
  const refused = async (creds: Credentials, pattern: RegExp, ...args: string[]) => {
    const r = await aws(creds, ...args);
    assert.notEqual(r.code, 0, `${args[0]} succeeded`);
    assert.match(r.stderr, pattern);
  };

  it('imports, reads, lists, updates, disables, enables and deletes a CRL; prints AWS errors', { timeout: 180_000 }, async () => {
    const root = await issue({ name: 'CLI Root', ca: true });
    const forger = await issue({ name: 'CLI Root', ca: true });
    const anchor = (await ok('create-trust-anchor', '--name', 'cli-crl-anchor', '--source', JSON.stringify({ sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: root.peculiar.toString('pem') } }))) as { trustAnchor: { trustAnchorArn: string } };
    const anchorArn = anchor.trustAnchor.trustAnchorArn;
    const first = await crl(root, ['1001']);
    writeFileSync(join(dir, 'crl.pem'), first.toString('pem'));
    writeFileSync(join(dir, 'next.der'), Buffer.from((await crl(root, ['1001', '1002'])).rawData));
    writeFileSync(join(dir, 'forged.pem'), (await crl(root, [], forger)).toString('pem'));

    const imported = (await ok('import-crl', '--name', 'cli-crl', '--crl-data', `fileb://${join(dir, 'crl.pem')}`, '--trust-anchor-arn', anchorArn, '--tags', 'key=team,value=pki')) as CrlOut;
    assert.equal(imported.crl.enabled, true);
    assert.equal(imported.crl.trustAnchorArn, anchorArn);
    assert.equal(imported.crl.crlArn, `arn:aws:rolesanywhere:us-east-1:${t.account}:crl/${imported.crl.crlId}`);
    assert.equal(imported.crl.crlData, Buffer.from(first.rawData).toString('base64'));
    const id = imported.crl.crlId;
    assert.equal(((await ok('get-crl', '--crl-id', id)) as CrlOut).crl.name, 'cli-crl');
    assert.deepEqual(((await ok('list-crls')) as { crls: { crlId: string }[] }).crls.map((c) => c.crlId), [id]);
    assert.deepEqual(await ok('list-tags-for-resource', '--resource-arn', imported.crl.crlArn), { tags: [{ key: 'team', value: 'pki' }] });
    const updated = (await ok('update-crl', '--crl-id', id, '--name', 'cli-crl-2', '--crl-data', `fileb://${join(dir, 'next.der')}`)) as CrlOut;
    assert.equal(updated.crl.name, 'cli-crl-2');
    assert.equal(((await ok('disable-crl', '--crl-id', id)) as CrlOut).crl.enabled, false);
    assert.equal(((await ok('enable-crl', '--crl-id', id)) as CrlOut).crl.enabled, true);

    await refused(t.admin, /\(ValidationException\) when calling the ImportCrl operation: .*signature/, 'import-crl', '--name', 'forged', '--crl-data', `fileb://${join(dir, 'forged.pem')}`, '--trust-anchor-arn', anchorArn);
    await refused(t.admin, /\(ValidationException\) when calling the ImportCrl operation: .*[Tt]rust anchor/, 'import-crl', '--name', 'lost', '--crl-data', `fileb://${join(dir, 'crl.pem')}`, '--trust-anchor-arn', anchorArn.replace(/[^/]+$/, UNKNOWN_ID));
    await refused(t.admin, /\(ResourceNotFoundException\) when calling the GetCrl operation/, 'get-crl', '--crl-id', UNKNOWN_ID);

    const user = await putUser(t, 'cli-crl-reader', { inline: { read: allow(['rolesanywhere:GetCrl', 'rolesanywhere:ListCrls']) } });
    const listed = await aws(user, 'list-crls');
    assert.equal(listed.code, 0, listed.stderr);
    await refused(user, /\(AccessDeniedException\) when calling the DeleteCrl operation/, 'delete-crl', '--crl-id', id);
    await refused(user, /\(AccessDeniedException\) when calling the ImportCrl operation/, 'import-crl', '--name', 'x', '--crl-data', `fileb://${join(dir, 'crl.pem')}`, '--trust-anchor-arn', anchorArn);

    assert.equal(((await ok('delete-crl', '--crl-id', id)) as CrlOut).crl.name, 'cli-crl-2');
    await refused(t.admin, /\(ResourceNotFoundException\) when calling the DeleteCrl operation/, 'delete-crl', '--crl-id', id);
  });

  it('lists subjects, refuses an unknown subject; puts and deletes attribute mappings', { timeout: 120_000 }, async () => {
    assert.deepEqual(await ok('list-subjects'), { subjects: [] });
    await refused(t.admin, /\(ResourceNotFoundException\) when calling the GetSubject operation/, 'get-subject', '--subject-id', UNKNOWN_ID);

    const profile = (await ok('create-profile', '--name', 'cli-mapped', '--role-arns', `arn:aws:iam::${t.account}:role/r`)) as { profile: { profileId: string; attributeMappings: unknown[] } };
    assert.equal(profile.profile.attributeMappings.length, 3);
    const id = profile.profile.profileId;
    type Mapped = { profile: { attributeMappings: { certificateField: string; mappingRules: { specifier: string }[] }[] } };
    const subjectRules = (m: Mapped) => m.profile.attributeMappings.find((x) => x.certificateField === 'x509Subject')?.mappingRules.map((r) => r.specifier);
    await ok('delete-attribute-mapping', '--profile-id', id, '--certificate-field', 'x509Subject');
    const put = (await ok('put-attribute-mapping', '--profile-id', id, '--certificate-field', 'x509Subject', '--mapping-rules', 'specifier=CN', 'specifier=OU')) as Mapped;
    assert.deepEqual(subjectRules(put), ['CN', 'OU']);
    const deleted = (await ok('delete-attribute-mapping', '--profile-id', id, '--certificate-field', 'x509Subject', '--specifiers', 'OU')) as Mapped;
    assert.deepEqual(subjectRules(deleted), ['CN']);
    assert.deepEqual(subjectRules((await ok('get-profile', '--profile-id', id)) as Mapped), ['CN']);
    await refused(t.admin, /\(ValidationException\) when calling the PutAttributeMapping operation: .*specifier/, 'put-attribute-mapping', '--profile-id', id, '--certificate-field', 'x509Subject', '--mapping-rules', 'specifier=URI');
    await refused(t.admin, /\(ResourceNotFoundException\) when calling the DeleteAttributeMapping operation/, 'delete-attribute-mapping', '--profile-id', UNKNOWN_ID, '--certificate-field', 'x509Issuer');
  });
});
