/**
 * The Roles Anywhere control plane as CreateSession sees it, on a started server: the subject a
 * session records, read back with the SDK v3 client (GetSubject, ListSubjects); a CRL imported,
 * disabled, enabled, updated and deleted, each change taking effect at the next CreateSession; and
 * a profile's attribute mappings deciding the principal tags a trust policy sees.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateProfileCommand,
  CreateTrustAnchorCommand,
  DeleteCrlCommand,
  DisableCrlCommand,
  EnableCrlCommand,
  GetSubjectCommand,
  ImportCrlCommand,
  ListSubjectsCommand,
  RolesAnywhereClient,
  UpdateCrlCommand,
} from '@aws-sdk/client-rolesanywhere';
import { signRequest } from '../../src/sigv4/sign.js';
import { type Issued, crl, issue } from '../rolesanywhere/pki.js';
import { allow, putRole } from '../support/fixtures.js';
import { createSession, rolesAnywhereTrust } from '../support/roles-anywhere.js';
import { type TestServer, startTestServer } from '../support/server.js';

const DAY = 86_400_000;
const around = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) };

describe('rolesanywhere control plane with CreateSession', () => {
  let t: TestServer;
  let ra: RolesAnywhereClient;
  let root: Issued;
  let leaf: Issued;
  let other: Issued;
  let anchorArn: string;
  let profileArn: string;
  let profileId: string;
  let roleArn: string;

  before(async () => {
    t = await startTestServer();
    ra = new RolesAnywhereClient({ endpoint: t.url, region: 'us-east-1', credentials: t.admin, maxAttempts: 1 });
    root = await issue({ name: 'Session Root', ca: true, ...around });
    leaf = await issue({ name: 'app-7', subject: 'CN=app-7,OU=payments,O=Example Corp', issuer: root, ...around });
    other = await issue({ name: 'app-8', subject: 'CN=app-8,OU=payments,O=Example Corp', issuer: root, ...around });
    anchorArn = (await ra.send(new CreateTrustAnchorCommand({ name: 'sessions', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: root.peculiar.toString('pem') } } }))).trustAnchor!.trustAnchorArn!;
    roleArn = (await putRole(t, 'mapped', rolesAnywhereTrust(anchorArn, { StringEquals: { 'aws:PrincipalTag/x509Subject/OU': 'payments' } }), { inline: { all: allow('iam:ListRoles') } })).arn;
    const profile = (await ra.send(new CreateProfileCommand({ name: 'sessions', enabled: true, roleArns: [roleArn] }))).profile!;
    profileArn = profile.profileArn!;
    profileId = profile.profileId!;
  });
  after(() => t.close());

  const session = (who: Issued) => createSession({ url: t.url, leaf: who.cert, key: who.privateKey, body: { trustAnchorArn: anchorArn, profileArn, roleArn } });

  async function mapping(method: 'PUT' | 'DELETE', query: string, body: string): Promise<number> {
    const url = new URL(t.url);
    const path = `/profiles/${profileId}/mappings`;
    const signed = signRequest({ method, path, query, headers: { host: url.host, 'content-type': 'application/json' }, body }, { ...t.admin, region: 'us-east-1', service: 'rolesanywhere', nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const res = await fetch(new URL(`${path}${query === '' ? '' : `?${query}`}`, url), { method, headers, ...(method === 'PUT' ? { body } : {}) });
    await res.arrayBuffer();
    return res.status;
  }

  it('a session records its subject, which GetSubject and ListSubjects read', async () => {
    const r = await session(leaf);
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const subjectArn = String(r.json.subjectArn);
    const subjectId = subjectArn.slice(subjectArn.lastIndexOf('/') + 1);
    const s = (await ra.send(new GetSubjectCommand({ subjectId }))).subject!;
    assert.equal(s.subjectArn, subjectArn);
    assert.equal(s.enabled, true);
    assert.match(s.x509Subject!, /CN=app-7/);
    assert.ok(s.lastSeenAt instanceof Date && s.createdAt instanceof Date);
    const cred = s.credentials![0]!;
    assert.equal(cred.failed, false);
    assert.equal(cred.serialNumber, BigInt(`0x${leaf.cert.serialNumber}`).toString(10));
    assert.match(cred.x509CertificateData!, /BEGIN CERTIFICATE/);
    const listed = (await ra.send(new ListSubjectsCommand({}))).subjects!;
    assert.deepEqual(listed.map((x) => x.subjectId), [subjectId]);
    assert.equal(listed[0]!.x509Subject, s.x509Subject);
  });

  it("a CRL of the anchor's CA revokes a leaf while enabled; disabling, updating and deleting it take effect at once", async () => {
    assert.equal((await session(leaf)).status, 201);
    const revoking = await crl(root, [leaf.cert.serialNumber]);
    const id = (await ra.send(new ImportCrlCommand({ name: 'revokes app-7', crlData: Buffer.from(revoking.toString('pem')), trustAnchorArn: anchorArn }))).crl!.crlId!;
    const refused = await session(leaf);
    assert.equal(refused.status, 403, JSON.stringify(refused.json));
    assert.equal(refused.errorType, 'AccessDeniedException');
    assert.equal((await session(other)).status, 201, 'a leaf the CRL does not list');

    await ra.send(new DisableCrlCommand({ crlId: id }));
    assert.equal((await session(leaf)).status, 201);
    await ra.send(new EnableCrlCommand({ crlId: id }));
    assert.equal((await session(leaf)).status, 403);

    // A new list from the CA: app-8 revoked instead of app-7.
    await ra.send(new UpdateCrlCommand({ crlId: id, crlData: Buffer.from((await crl(root, [other.cert.serialNumber])).rawData) }));
    assert.equal((await session(leaf)).status, 201);
    assert.equal((await session(other)).status, 403);

    await ra.send(new DeleteCrlCommand({ crlId: id }));
    assert.equal((await session(other)).status, 201);
  });

  it("a profile's attribute mappings decide the principal tags the role's trust policy sees", async () => {
    assert.equal((await session(leaf)).status, 201, 'x509Subject/* maps OU');
    assert.equal(await mapping('DELETE', 'certificateField=x509Subject', ''), 200);
    const without = await session(leaf);
    assert.equal(without.status, 403, 'no x509Subject tags: the trust policy requires OU');
    assert.equal(await mapping('PUT', '', JSON.stringify({ certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }] })), 200);
    assert.equal((await session(leaf)).status, 403, 'CN only');
    assert.equal(await mapping('PUT', '', JSON.stringify({ certificateField: 'x509Subject', mappingRules: [{ specifier: 'OU' }] })), 200);
    assert.equal((await session(leaf)).status, 201, 'CN and OU');
  });
});
