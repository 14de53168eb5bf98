/**
 * IAM Roles Anywhere CreateSession (`POST /sessions`) against a started server: certificates
 * generated here (RSA-2048, ECDSA P-256 and P-384; a root, an intermediate, leaves), the control
 * plane through the SDK v3 client, the session used with the SDK's STS and IAM clients. Every
 * refusal AWS documents: an untrusted, expired, not-yet-valid, wrongly used or CA leaf; a disabled
 * anchor or profile; a role outside the profile; a trust policy without sts:TagSession or the
 * anchor's aws:SourceArn; roleSessionName where the profile refuses it; tampered signatures, a
 * serial that is not the leaf's, a request outside the 15-minute window; the wrong signature kind.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateProfileCommand, CreateTrustAnchorCommand, DisableProfileCommand, DisableTrustAnchorCommand, EnableProfileCommand, EnableTrustAnchorCommand, RolesAnywhereClient, UpdateProfileCommand } from '@aws-sdk/client-rolesanywhere';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListUsersCommand, ListRolesCommand } from '@aws-sdk/client-iam';
import { signRequest } from '../../src/sigv4/sign.js';
import { allow, putRole } from '../support/fixtures.js';
import { createSession, rolesAnywhereTrust } from '../support/roles-anywhere.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type Issued, type KeyKind, issue, x509 } from '../rolesanywhere/pki.js';

const DAY = 86_400_000;
const around = { notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 30 * DAY) };

interface Pki {
  readonly root: Issued;
  readonly intermediate: Issued;
  readonly leaf: Issued;
}

async function pkiNow(kind: KeyKind, leafSubject = 'CN=app-1,OU=payments,O=Example Corp'): Promise<Pki> {
  const root = await issue({ kind, name: `Root ${kind}`, ca: true, ...around });
  const intermediate = await issue({ kind, name: `Intermediate ${kind}`, ca: 0, issuer: root, ...around });
  const leaf = await issue({
    kind,
    name: 'app-1',
    subject: leafSubject,
    issuer: intermediate,
    ...around,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'app-1.example.com' }, { type: 'url', value: 'spiffe://example.com/app-1' }])],
  });
  return { root, intermediate, leaf };
}

const pem = (i: Issued): string => i.peculiar.toString('pem');

describe('rolesanywhere CreateSession', () => {
  let t: TestServer;
  let ra: RolesAnywhereClient;
  let rsa: Pki;
  let p256: Pki;
  let p384: Pki;
  let anchorArn: string;
  let anchorId: string;
  let profileArn: string;
  let profileId: string;
  let roleArn: string;
  let otherAnchorArn: string;

  const body = (extra: Record<string, unknown> = {}) => ({ trustAnchorArn: anchorArn, profileArn, roleArn, ...extra });
  const call = (p: Pki, extra: Record<string, unknown> = {}, more: Partial<Parameters<typeof createSession>[0]> = {}) =>
    createSession({ url: t.url, leaf: p.leaf.cert, key: p.leaf.privateKey, intermediates: [p.intermediate.cert], body: body(extra), ...more });

  before(async () => {
    t = await startTestServer();
    ra = new RolesAnywhereClient({ endpoint: t.url, region: 'us-east-1', credentials: t.admin, maxAttempts: 1 });
    [rsa, p256, p384] = await Promise.all([pkiNow('rsa'), pkiNow('p256'), pkiNow('p384')]);
    const bundle = [rsa.root, p256.root, p384.root].map(pem).join('');
    const anchor = await ra.send(new CreateTrustAnchorCommand({ name: 'on-prem', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: bundle } } }));
    anchorArn = anchor.trustAnchor!.trustAnchorArn!;
    anchorId = anchor.trustAnchor!.trustAnchorId!;
    const other = await ra.send(new CreateTrustAnchorCommand({ name: 'other', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: pem(rsa.root) } } }));
    otherAnchorArn = other.trustAnchor!.trustAnchorArn!;
    const role = await putRole(t, 'workload', rolesAnywhereTrust(anchorArn), { maxSessionDuration: 7200, inline: { all: allow(['iam:ListUsers', 'iam:ListRoles']) } });
    roleArn = role.arn;
    const profile = await ra.send(new CreateProfileCommand({ name: 'workloads', enabled: true, roleArns: [roleArn], durationSeconds: 3600 }));
    profileArn = profile.profile!.profileArn!;
    profileId = profile.profile!.profileId!;
  });
  let closed = false;
  const secrets: string[] = [];
  after(() => (closed ? undefined : t.close()));

  /** UpdateProfile on the wire: the SDK's 3.332 model lacks acceptRoleSessionName. */
  async function patchProfile(members: Record<string, unknown>): Promise<void> {
    const url = new URL(t.url);
    const path = `/profile/${profileId}`;
    const json = JSON.stringify(members);
    const signed = signRequest({ method: 'PATCH', path, query: '', headers: { host: url.host, 'content-type': 'application/json' }, body: json }, { ...t.admin, region: 'us-east-1', service: 'rolesanywhere', nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const res = await fetch(new URL(path, url), { method: 'PATCH', headers, body: json });
    assert.equal(res.status, 200, await res.text());
  }

  it('an RSA-2048 leaf with its intermediate gets credentials of the role: 201, AWS response shape, usable with the SDK', async () => {
    const before = Date.now();
    const r = await call(rsa);
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const set = r.json.credentialSet as Record<string, unknown>[];
    assert.equal(set.length, 1);
    const s = set[0]!;
    const serialHex = rsa.leaf.cert.serialNumber.toLowerCase();
    assert.deepEqual(Object.keys(s), ['assumedRoleUser', 'credentials', 'packedPolicySize', 'roleArn', 'sourceIdentity']);
    const user = s.assumedRoleUser as Record<string, string>;
    assert.equal(user.arn, `arn:aws:sts::${t.account}:assumed-role/workload/${serialHex}`);
    assert.match(user.assumedRoleId!, new RegExp(`^AROA[A-Z0-9]+:${serialHex}$`));
    assert.equal(s.roleArn, roleArn);
    assert.equal(s.sourceIdentity, 'CN=app-1');
    assert.equal(typeof s.packedPolicySize, 'number');
    const creds = s.credentials as Record<string, string>;
    assert.match(creds.accessKeyId!, /^ASIA/);
    assert.match(creds.expiration!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const ttl = Date.parse(creds.expiration!) - before;
    assert.ok(ttl > 3590_000 && ttl <= 3602_000, `one hour (the profile's), got ${ttl} ms`);
    assert.match(String(r.json.subjectArn), new RegExp(`^arn:aws:rolesanywhere:us-east-1:${t.account}:subject/[a-f0-9-]{36}$`));
    const sdkCreds = { accessKeyId: creds.accessKeyId!, secretAccessKey: creds.secretAccessKey!, sessionToken: creds.sessionToken! };
    secrets.push(creds.secretAccessKey!, creds.sessionToken!);
    const me = await t.sts(sdkCreds).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, user.arn);
    await t.iam(sdkCreds).send(new ListUsersCommand({}));
  });

  for (const kind of ['p256', 'p384'] as const) {
    it(`an ECDSA ${kind} leaf is signed with AWS4-X509-ECDSA-SHA256 and gets credentials`, async () => {
      const p = kind === 'p256' ? p256 : p384;
      const r = await call(p);
      assert.equal(r.status, 201, JSON.stringify(r.json));
    });
  }

  it('the three ARNs may come in the query, as aws_signing_helper sends them', async () => {
    const r = await createSession({ url: t.url, leaf: rsa.leaf.cert, key: rsa.leaf.privateKey, intermediates: [rsa.intermediate.cert], query: { profileArn, roleArn, trustAnchorArn: anchorArn }, body: { durationSeconds: 900 } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  });

  it("the certificate's subject, issuer and SAN are the session's principal tags, which the trust policy can require", async () => {
    const name = 'tagged';
    const role = await putRole(t, name, rolesAnywhereTrust(anchorArn, { StringEquals: { 'aws:PrincipalTag/x509Subject/CN': 'app-1', 'aws:PrincipalTag/x509Subject/OU': 'payments', 'aws:PrincipalTag/x509SAN/DNS': 'app-1.example.com', 'aws:PrincipalTag/x509Issuer/CN': 'Intermediate rsa' } }), {
      inline: { p: allow('iam:ListRoles', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/x509Subject/O': 'Example Corp', 'aws:PrincipalTag/x509SAN/URI': 'spiffe://example.com/app-1' } } }) },
    });
    await ra.send(new UpdateProfileCommand({ profileId, roleArns: [roleArn, role.arn] }));
    const ok = await call(rsa, { roleArn: role.arn });
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
    const c = ((ok.json.credentialSet as Record<string, unknown>[])[0]!.credentials as Record<string, string>);
    await t.iam({ accessKeyId: c.accessKeyId!, secretAccessKey: c.secretAccessKey!, sessionToken: c.sessionToken! }).send(new ListRolesCommand({}));
    // Another subject: the trust policy's CN condition refuses it.
    const other = await pkiNow('rsa', 'CN=app-2,OU=payments,O=Example Corp');
    const bundleAnchor = await ra.send(new CreateTrustAnchorCommand({ name: 'second', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: pem(other.root) } } }));
    const role2 = await putRole(t, 'tagged-2', rolesAnywhereTrust(bundleAnchor.trustAnchor!.trustAnchorArn!, { StringEquals: { 'aws:PrincipalTag/x509Subject/CN': 'app-1' } }));
    await ra.send(new UpdateProfileCommand({ profileId, roleArns: [roleArn, role.arn, role2.arn] }));
    const refused = await call(other, { roleArn: role2.arn, trustAnchorArn: bundleAnchor.trustAnchor!.trustAnchorArn });
    assert.equal(refused.status, 403);
    assert.equal(refused.errorType, 'AccessDeniedException');
    assert.match(String(refused.json.message), /not authorized to perform: sts:AssumeRole on resource: .*tagged-2/);
  });

  it("the profile's session policy and managed policies bound the session", async () => {
    const role = await putRole(t, 'bounded', rolesAnywhereTrust(anchorArn), { inline: { all: allow(['iam:ListUsers', 'iam:ListRoles']) } });
    const bounded = await ra.send(
      new CreateProfileCommand({ name: 'bounded', enabled: true, roleArns: [role.arn], sessionPolicy: JSON.stringify(allow('iam:ListUsers')) }),
    );
    const r = await call(rsa, { roleArn: role.arn, profileArn: bounded.profile!.profileArn });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const s = (r.json.credentialSet as Record<string, unknown>[])[0]!;
    assert.ok((s.packedPolicySize as number) > 0);
    const c = s.credentials as Record<string, string>;
    const iam = t.iam({ accessKeyId: c.accessKeyId!, secretAccessKey: c.secretAccessKey!, sessionToken: c.sessionToken! });
    await iam.send(new ListUsersCommand({}));
    await assert.rejects(iam.send(new ListRolesCommand({})), (e: Error) => e.name === 'AccessDenied');
  });

  it('duration: the request within the profile, the role and the certificate', async () => {
    const ttl = (r: Awaited<ReturnType<typeof call>>, before: number) => Date.parse(((r.json.credentialSet as Record<string, unknown>[])[0]!.credentials as Record<string, string>).expiration!) - before;
    let before = Date.now();
    const short = await call(rsa, { durationSeconds: 900 });
    assert.equal(short.status, 201);
    assert.ok(Math.abs(ttl(short, before) - 900_000) < 3000);
    before = Date.now();
    const capped = await call(rsa, { durationSeconds: 43200 });
    assert.equal(capped.status, 201);
    assert.ok(Math.abs(ttl(capped, before) - 3600_000) < 3000, 'capped at the profile');
    const bad = await call(rsa, { durationSeconds: 899 });
    assert.equal(bad.status, 400);
    assert.equal(bad.errorType, 'ValidationException');
    // A leaf that ends in 20 minutes: the session ends with it.
    const soon = await issue({ kind: 'p256', name: 'app-1', issuer: p256.intermediate, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 20 * 60_000) });
    before = Date.now();
    const r = await createSession({ url: t.url, leaf: soon.cert, key: soon.privateKey, intermediates: [p256.intermediate.cert], body: body() });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.ok(ttl(r, before) <= 20 * 60_000 + 1000);
  });

  it('roleSessionName only where the profile accepts it', async () => {
    const refused = await call(rsa, { roleSessionName: 'my-session' });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.message, 'Not authorized to set roleSessionName.');
    await patchProfile({ acceptRoleSessionName: true });
    try {
      const ok = await call(rsa, { roleSessionName: 'my-session' });
      assert.equal(ok.status, 201, JSON.stringify(ok.json));
      assert.equal(((ok.json.credentialSet as Record<string, unknown>[])[0]!.assumedRoleUser as Record<string, string>).arn, `arn:aws:sts::${t.account}:assumed-role/workload/my-session`);
      const bad = await call(rsa, { roleSessionName: 'has space' });
      assert.equal(bad.status, 400);
    } finally {
      await patchProfile({ acceptRoleSessionName: false });
    }
  });

  it('untrusted certificates: expired, not yet valid, another CA, a CA as leaf, no digitalSignature, a broken chain, another anchor', async () => {
    const cases: [string, Issued, Issued[]][] = [
      ['expired', await issue({ kind: 'rsa', name: 'old', issuer: rsa.intermediate, notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) }), [rsa.intermediate]],
      ['not yet valid', await issue({ kind: 'rsa', name: 'new', issuer: rsa.intermediate, notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 10 * DAY) }), [rsa.intermediate]],
      ['another CA', (await pkiNow('rsa')).leaf, []],
      ['a CA as leaf', await issue({ kind: 'rsa', name: 'ca-leaf', issuer: rsa.intermediate, ca: true, ...around }), [rsa.intermediate]],
      ['no digitalSignature', await issue({ kind: 'rsa', name: 'enc', issuer: rsa.intermediate, keyUsage: x509.KeyUsageFlags.keyEncipherment, ...around }), [rsa.intermediate]],
      ['a broken chain (intermediate missing)', rsa.leaf, []],
    ];
    for (const [what, leaf, chain] of cases) {
      const r = await createSession({ url: t.url, leaf: leaf.cert, key: leaf.privateKey, intermediates: chain.map((c) => c.cert), body: body() });
      assert.equal(r.status, 403, what);
      assert.equal(r.errorType, 'AccessDeniedException', what);
      assert.equal(r.json.message, 'Untrusted Signing Certificate', what);
    }
    // p256's root is not in the other anchor's bundle.
    const r = await call(p256, { trustAnchorArn: otherAnchorArn });
    assert.equal(r.status, 403);
    assert.equal(r.json.message, 'Untrusted Signing Certificate');
  });

  it('a disabled or unknown anchor, a disabled profile, a role outside the profile', async () => {
    await ra.send(new DisableTrustAnchorCommand({ trustAnchorId: anchorId }));
    try {
      const r = await call(rsa);
      assert.equal(r.status, 403);
      assert.equal(r.json.message, 'Untrusted Signing Certificate');
    } finally {
      await ra.send(new EnableTrustAnchorCommand({ trustAnchorId: anchorId }));
    }
    const unknown = await call(rsa, { trustAnchorArn: anchorArn.replace(/[0-9a-f]{4}$/, '0000') });
    assert.equal(unknown.status, 403);
    const otherRegion = await call(rsa, { trustAnchorArn: anchorArn.replace('us-east-1', 'eu-west-1') });
    assert.equal(otherRegion.status, 403);
    await ra.send(new DisableProfileCommand({ profileId }));
    try {
      const r = await call(rsa);
      assert.equal(r.status, 403);
      assert.match(String(r.json.message), /profile/);
    } finally {
      await ra.send(new EnableProfileCommand({ profileId }));
    }
    const outside = await putRole(t, 'outside', rolesAnywhereTrust(anchorArn));
    const r = await call(rsa, { roleArn: outside.arn });
    assert.equal(r.status, 403);
    assert.match(String(r.json.message), /does not allow the role/);
  });

  it('the trust policy must allow sts:TagSession and sts:SetSourceIdentity, for this anchor', async () => {
    const cases: [string, object, RegExp][] = [
      ['no-tag', rolesAnywhereTrust(anchorArn, {}, ['sts:AssumeRole', 'sts:SetSourceIdentity']), /sts:TagSession/],
      ['no-source', rolesAnywhereTrust(anchorArn, {}, ['sts:AssumeRole', 'sts:TagSession']), /sts:SetSourceIdentity/],
      ['other-anchor', rolesAnywhereTrust(otherAnchorArn), /sts:AssumeRole/],
    ];
    const arns: string[] = [];
    for (const [name, trust] of cases) arns.push((await putRole(t, name, trust)).arn);
    await ra.send(new UpdateProfileCommand({ profileId, roleArns: [roleArn, ...arns] }));
    for (const [i, [name, , message]] of cases.entries()) {
      const r = await call(rsa, { roleArn: arns[i] });
      assert.equal(r.status, 403, name);
      assert.match(String(r.json.message), message, name);
    }
  });

  it('signatures: tampered, a serial that is not the leaf, outside the 15-minute window, the wrong kind of signature', async () => {
    const tamperedBody = await call(rsa, {}, { tamper: (s) => ({ ...s, body: Buffer.from(JSON.stringify(body({ durationSeconds: 1200 }))) }) });
    assert.equal(tamperedBody.status, 403);
    assert.equal(tamperedBody.json.message, 'Invalid signature');
    const flipped = await call(rsa, {}, { tamper: (s) => ({ ...s, headers: { ...s.headers, authorization: String(s.headers.authorization).replace(/Signature=([0-9a-f])/, (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`) } }) });
    assert.equal(flipped.status, 403);
    const serial = await call(rsa, {}, { tamper: (s) => ({ ...s, headers: { ...s.headers, authorization: String(s.headers.authorization).replace(/Credential=\d+/, 'Credential=12345') } }) });
    assert.equal(serial.status, 403);
    assert.match(String(serial.json.message), /serial/);
    const late = await call(rsa, {}, { nowMs: Date.now() - 16 * 60_000 });
    assert.equal(late.status, 403);
    assert.match(String(late.json.message), /15 minutes/);
    // Another leaf's certificate in X-Amz-X509 with this key's signature.
    const swapped = await createSession({ url: t.url, leaf: p256.leaf.cert, key: rsa.leaf.privateKey, intermediates: [p256.intermediate.cert], body: body() }).catch((e: Error) => e);
    assert.ok(swapped instanceof Error || swapped.status === 403);
    // CreateSession signed with access keys; another operation signed with a certificate.
    const url = new URL(t.url);
    const json = JSON.stringify(body());
    const sigv4 = signRequest({ method: 'POST', path: '/sessions', query: '', headers: { host: url.host, 'content-type': 'application/json' }, body: json }, { ...t.admin, region: 'us-east-1', service: 'rolesanywhere', nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(sigv4.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const res = await fetch(new URL('/sessions', url), { method: 'POST', headers, body: json });
    assert.equal(res.status, 403);
    const list = await createSession({ url: t.url, leaf: rsa.leaf.cert, key: rsa.leaf.privateKey, intermediates: [rsa.intermediate.cert], path: '/profiles', body: { name: 'x', roleArns: [roleArn] } });
    assert.equal(list.status, 403);
    assert.match(String(list.json.message), /may only call CreateSession/);
    const unsigned = await fetch(new URL('/sessions', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
    assert.equal(unsigned.status, 403);
  });

  it('bad input: a missing ARN, instanceProperties beyond AWS limits', async () => {
    const missing = await createSession({ url: t.url, leaf: rsa.leaf.cert, key: rsa.leaf.privateKey, intermediates: [rsa.intermediate.cert], body: { trustAnchorArn: anchorArn, profileArn } });
    assert.equal(missing.status, 400);
    assert.equal(missing.errorType, 'ValidationException');
    const props = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const many = await call(rsa, { instanceProperties: props });
    assert.equal(many.status, 400);
    const proto = await call(rsa, { instanceProperties: JSON.parse('{"__proto__": "x", "host": "h1"}') as Record<string, string> });
    assert.equal(proto.status, 201, JSON.stringify(proto.json));
  });

  it('audited as rolesanywhere.amazonaws.com CreateSession events, successes and refusals, without the issued secrets', async () => {
    await t.server.close(); // flushes the audit stream
    closed = true;
    const dir = join(t.dataDir, 'audit');
    const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n'));
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.eventName === 'CreateSession');
    assert.ok(events.length > 10);
    assert.deepEqual([...new Set(events.map((e) => e.eventSource))], ['rolesanywhere.amazonaws.com']);
    assert.ok(events.some((e) => e.errorCode === 'AccessDenied' && e.errorMessage === 'Untrusted Signing Certificate'));
    assert.ok(events.some((e) => e.errorCode === undefined));
    assert.equal(secrets.length, 2);
    for (const secret of secrets) assert.ok(!lines.some((l) => l.includes(secret)), 'an issued secret reached the audit log');
  });
});
