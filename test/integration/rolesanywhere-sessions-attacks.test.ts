/**
 * CreateSession (`POST /sessions`) attacked over HTTP, each case a request that once worked:
 * certificates the server could not read (a 500), keys chosen to make each anonymous request cost
 * a hundred times a usual one (an RSA public exponent as long as the modulus), and a certificate
 * attribute that, left out of the session's tags, escaped a trust policy's Deny on that tag.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { CreateProfileCommand, CreateTrustAnchorCommand, RolesAnywhereClient } from '@aws-sdk/client-rolesanywhere';
import { putRole } from '../support/fixtures.js';
import { createSession, rolesAnywhereTrust } from '../support/roles-anywhere.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type Issued, issue, rsaKeysWithExponent } from '../rolesanywhere/pki.js';

const DAY = 86_400_000;
const around = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) };
const ACTIONS = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

/** The certificate with its TBS changed (the signature no longer matches: enough for what is tested). */
function altered(cert: X509Certificate, change: (c: Certificate) => void): X509Certificate {
  const asn = AsnConvert.parse(cert.raw, Certificate);
  change(asn);
  return new X509Certificate(Buffer.from(AsnConvert.serialize(asn)));
}

describe('rolesanywhere CreateSession attacks', () => {
  let t: TestServer;
  let ra: RolesAnywhereClient;
  let root: Issued;
  let intermediate: Issued;
  let anchorArn: string;
  let profileArn: string;
  let roleArn: string;
  let guardedArn: string;

  before(async () => {
    t = await startTestServer();
    ra = new RolesAnywhereClient({ endpoint: t.url, region: 'us-east-1', credentials: t.admin, maxAttempts: 1 });
    root = await issue({ kind: 'rsa', name: 'Attack Root', ca: true, ...around });
    intermediate = await issue({ kind: 'rsa', name: 'Attack Intermediate', ca: true, issuer: root, ...around });
    const anchor = await ra.send(new CreateTrustAnchorCommand({ name: 'attacked', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: root.peculiar.toString('pem') } } }));
    anchorArn = anchor.trustAnchor!.trustAnchorArn!;
    roleArn = (await putRole(t, 'attacked', rolesAnywhereTrust(anchorArn))).arn;
    // Contractors' certificates are refused by the trust policy, whatever else they carry.
    const guarded = {
      Version: '2012-10-17',
      Statement: [
        ...(rolesAnywhereTrust(anchorArn) as { Statement: object[] }).Statement,
        { Effect: 'Deny', Principal: { Service: 'rolesanywhere.amazonaws.com' }, Action: ACTIONS, Condition: { StringLike: { 'aws:PrincipalTag/x509Subject/OU': 'contractors*' } } },
      ],
    };
    guardedArn = (await putRole(t, 'guarded', guarded)).arn;
    const profile = await ra.send(new CreateProfileCommand({ name: 'attacked', enabled: true, roleArns: [roleArn, guardedArn] }));
    profileArn = profile.profile!.profileArn!;
  });
  after(() => t.close());

  const body = (extra: Record<string, unknown> = {}) => ({ trustAnchorArn: anchorArn, profileArn, roleArn, ...extra });

  it('a leaf with a negative serial number or a key OpenSSL cannot read: 403, never a 500', async () => {
    const leaf = await issue({ kind: 'rsa', name: 'odd', issuer: intermediate, ...around });
    const negative = altered(leaf.cert, (c) => (c.tbsCertificate.serialNumber = new Uint8Array([0xff, 0x01]).buffer));
    // The credential names a serial in decimal; the leaf's "-FF" once reached BigInt("0x-FF").
    const r = await createSession({
      url: t.url,
      leaf: negative,
      key: leaf.privateKey,
      intermediates: [intermediate.cert],
      body: body(),
      tamper: (s) => ({ ...s, headers: { ...s.headers, authorization: String(s.headers.authorization).replace(/Credential=-\d+\//, 'Credential=255/') } }),
    });
    assert.equal(r.status, 403, JSON.stringify(r.json));
    assert.match(String(r.json.message), /serial/);
    const unreadable = altered(leaf.cert, (c) => (c.tbsCertificate.subjectPublicKeyInfo.algorithm.algorithm = '1.2.3.4.5'));
    const u = await createSession({ url: t.url, leaf: unreadable, key: leaf.privateKey, intermediates: [intermediate.cert], body: body() });
    assert.equal(u.status, 403, JSON.stringify(u.json));
    assert.match(String(u.json.message), /public key/);
  });

  it('a leaf whose RSA public exponent is 3000 bits long is refused before its signature is checked (it got credentials)', async () => {
    const keys = await rsaKeysWithExponent(3072, 3000);
    const leaf = await issue({ kind: 'rsa', name: 'costly', issuer: intermediate, keys, ...around });
    const r = await createSession({ url: t.url, leaf: leaf.cert, key: leaf.privateKey, intermediates: [intermediate.cert], body: body() });
    assert.equal(r.status, 403, JSON.stringify(r.json));
    assert.equal(r.errorType, 'AccessDeniedException');
    assert.match(String(r.json.message), /public exponent/);
  });

  it('intermediates whose keys are costly to verify with are left out of path building (a path through them got credentials)', async () => {
    // Four intermediates of one name and key, each signing the others: 64 signature checks of 6 ms each.
    const keys = await rsaKeysWithExponent(3072, 3000);
    const first = await issue({ kind: 'rsa', name: 'loop', ca: true, issuer: root, keys, ...around });
    const others = await Promise.all([1, 2, 3].map(() => issue({ kind: 'rsa', name: 'loop', ca: true, issuer: first, keys, ...around })));
    const leaf = await issue({ kind: 'rsa', name: 'looped', issuer: first, ...around });
    const r = await createSession({ url: t.url, leaf: leaf.cert, key: leaf.privateKey, intermediates: [...others, first].map((i) => i.cert), body: body() });
    assert.equal(r.status, 403, JSON.stringify(r.json));
    assert.equal(r.json.message, 'Untrusted Signing Certificate');
  });

  it("a subject attribute that is no valid tag value fails the session, as AWS's does, rather than escape a Deny on its tag", async () => {
    const contractor = await issue({ kind: 'rsa', name: 'c1', subject: 'CN=c1, OU=contractors, O=Example Corp', issuer: intermediate, ...around });
    const denied = await createSession({ url: t.url, leaf: contractor.cert, key: contractor.privateKey, intermediates: [intermediate.cert], body: body({ roleArn: guardedArn }) });
    assert.equal(denied.status, 403, 'the Deny applies');
    // Parentheses are not allowed in a tag value: the OU tag was left out, and the Deny with it.
    const odd = await issue({ kind: 'rsa', name: 'c2', subject: 'CN=c2, OU=contractors (external), O=Example Corp', issuer: intermediate, ...around });
    const r = await createSession({ url: t.url, leaf: odd.cert, key: odd.privateKey, intermediates: [intermediate.cert], body: body({ roleArn: guardedArn }) });
    assert.equal(r.status, 403, JSON.stringify(r.json));
    assert.equal(r.errorType, 'AccessDeniedException');
    assert.equal(r.json.message, `Unable to assume role for ${guardedArn}. Some attributes failed to be mapped into session tags. Issuer: [  ]; Subject: [ OU ]; SAN: [  ]`);
    // A role without the Deny refuses it too: AWS fails the mapping, whatever the trust policy.
    const plain = await createSession({ url: t.url, leaf: odd.cert, key: odd.privateKey, intermediates: [intermediate.cert], body: body() });
    assert.equal(plain.status, 403);
  });

  it('concurrent calls of one new subject, each with other instance properties: every one answered, none a 500', async () => {
    const leaf = await issue({ kind: 'rsa', name: 'busy', subject: 'CN=busy, O=Example Corp', issuer: intermediate, ...around });
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => createSession({ url: t.url, leaf: leaf.cert, key: leaf.privateKey, intermediates: [intermediate.cert], body: body({ instanceProperties: { n: String(i) } }) })),
    );
    assert.deepEqual(answers.filter((a) => a.status !== 201).map((a) => a.json), []);
  });

  it("the session's secret key and token are nowhere in the data directory (store, audit log)", async () => {
    const leaf = await issue({ kind: 'rsa', name: 'audited', issuer: intermediate, ...around });
    const r = await createSession({ url: t.url, leaf: leaf.cert, key: leaf.privateKey, intermediates: [intermediate.cert], body: body() });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const c = (r.json.credentialSet as { credentials: Record<string, string> }[])[0]!.credentials;
    const scan = (): boolean => {
      let audited = false;
      for (const f of readdirSync(t.dataDir, { recursive: true }) as string[]) {
        let text: string;
        try {
          text = readFileSync(join(t.dataDir, f), 'latin1');
        } catch {
          continue;
        }
        audited ||= text.includes('"eventName":"CreateSession"') && text.includes(c.accessKeyId!);
        for (const secret of [c.secretAccessKey!, c.sessionToken!.slice(0, 64)]) assert.ok(!text.includes(secret), `${f} holds a credential`);
      }
      return audited;
    };
    // The audit log is written in batches (audit.ts): scanned until it holds the call.
    let audited = scan();
    for (let i = 0; i < 100 && !audited; i++) {
      await new Promise((r) => setTimeout(r, 100));
      audited = scan();
    }
    assert.ok(audited, 'the audit log records the call and its access key id');
  });
});
