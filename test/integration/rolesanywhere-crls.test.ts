/**
 * IAM Roles Anywhere CRLs, subjects and attribute mappings through the SDK v3 client (and on the
 * wire where its 3.332 model lacks them: Put/DeleteAttributeMapping, ProfileDetail's
 * attributeMappings): a CRL's life (201, enabled by default, DER back in crlData, tags), what
 * ImportCrl refuses (a CRL not signed by the anchor's CA, an anchor of no account or Region of the
 * caller, a blob that is no CRL, wrong field names), DeleteTrustAnchor taking its CRLs with it,
 * subjects written as CreateSession writes them, the defaults and changes of attribute mappings,
 * a restJson1 unknown route, and a user whose policy allows only some of the actions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateProfileCommand,
  CreateTrustAnchorCommand,
  DeleteCrlCommand,
  DeleteTrustAnchorCommand,
  DisableCrlCommand,
  EnableCrlCommand,
  GetCrlCommand,
  GetSubjectCommand,
  ImportCrlCommand,
  ListCrlsCommand,
  ListSubjectsCommand,
  ListTagsForResourceCommand,
  RolesAnywhereClient,
  UntagResourceCommand,
  UpdateCrlCommand,
} from '@aws-sdk/client-rolesanywhere';
import { anchorCertificates } from '../../src/rolesanywhere/anchor-certificates.js';
import { enabledCrlsFor } from '../../src/rolesanywhere/crl-records.js';
import { SUBJECT_KIND, type SubjectData, subjectArn, subjectKey } from '../../src/rolesanywhere/model.js';
import { signRequest } from '../../src/sigv4/sign.js';
import { type Issued, crl, issue } from '../rolesanywhere/pki.js';
import { allow, putUser } from '../support/fixtures.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { failure } from '../support/failure.js';

const UNKNOWN_ID = '0b9a9d1e-6a7b-4c2d-9e8f-0a1b2c3d4e5f';
const pem = (c: { toString(format: 'pem'): string }) => Buffer.from(c.toString('pem'), 'utf8');

describe('rolesanywhere CRLs, subjects and attribute mappings (SDK v3)', () => {
  let t: TestServer;
  let ra: (creds?: Credentials, region?: string) => RolesAnywhereClient;
  let root: Issued;
  let other: Issued;
  let anchorArn: string;
  before(async () => {
    t = await startTestServer();
    ra = (creds = t.admin, region = 'us-east-1') => new RolesAnywhereClient({ endpoint: t.url, region, credentials: creds, maxAttempts: 1 });
    root = await issue({ name: 'CRL Root', ca: true });
    other = await issue({ name: 'CRL Root', ca: true }); // same name, another key: a forger
    anchorArn = (await newAnchor()).trustAnchorArn!;
  });
  after(() => t.close());

  async function newAnchor(region = 'us-east-1') {
    const r = await ra(t.admin, region).send(new CreateTrustAnchorCommand({ name: 'crl-anchor', enabled: true, source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: root.peculiar.toString('pem') } } }));
    return r.trustAnchor!;
  }

  async function raw(method: string, path: string, query = '', body = '', creds: Credentials = t.admin): Promise<{ status: number; errorType: string | null; json: Record<string, unknown> }> {
    const url = new URL(t.url);
    const signed = signRequest({ method, path, query, headers: { host: url.host, 'content-type': 'application/json' }, body }, { ...creds, region: 'us-east-1', service: 'rolesanywhere', nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const res = await fetch(new URL(`${path}${query === '' ? '' : `?${query}`}`, url), { method, headers, ...(method === 'GET' || method === 'DELETE' ? {} : { body }) });
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), json: (await res.json()) as Record<string, unknown> };
  }

  it("a CRL's life: imported (201, enabled, DER back), read, renamed and replaced, disabled, enabled, listed, deleted", async () => {
    const c = ra();
    const first = await crl(root, ['1001']);
    const imported = await c.send(new ImportCrlCommand({ name: 'root crl', crlData: pem(first), trustAnchorArn: anchorArn }));
    assert.equal(imported.$metadata.httpStatusCode, 201);
    const x = imported.crl!;
    assert.equal(x.crlArn, `arn:aws:rolesanywhere:us-east-1:${t.account}:crl/${x.crlId}`);
    assert.equal(x.enabled, true);
    assert.equal(x.trustAnchorArn, anchorArn);
    assert.deepEqual(Buffer.from(x.crlData!), Buffer.from(first.rawData));
    assert.ok(x.createdAt instanceof Date && x.updatedAt instanceof Date);
    const id = x.crlId!;
    assert.deepEqual((await c.send(new GetCrlCommand({ crlId: id }))).crl, x);

    const second = await crl(root, ['1001', '1002']);
    const updated = await c.send(new UpdateCrlCommand({ crlId: id, name: 'renamed', crlData: Buffer.from(second.rawData) }));
    assert.equal(updated.crl?.name, 'renamed');
    assert.deepEqual(Buffer.from(updated.crl.crlData!), Buffer.from(second.rawData));
    assert.equal((await c.send(new DisableCrlCommand({ crlId: id }))).crl?.enabled, false);
    assert.equal((await c.send(new EnableCrlCommand({ crlId: id }))).crl?.enabled, true);
    const disabledAtImport = await c.send(new ImportCrlCommand({ name: 'off', crlData: pem(first), trustAnchorArn: anchorArn, enabled: false }));
    assert.equal(disabledAtImport.crl?.enabled, false);

    // What CreateSession reads: the anchor's enabled CRLs, parsed (once per stored version: the same object comes back).
    const cas = anchorCertificates({ sourceType: 'CERTIFICATE_BUNDLE', x509CertificateData: root.peculiar.toString('pem') });
    const enabled = await enabledCrlsFor(t.server.services, t.account, 'us-east-1', anchorArn, cas);
    assert.deepEqual(enabled.map((l) => [...l.revoked].sort()), [['1001', '1002']]);
    assert.equal((await enabledCrlsFor(t.server.services, t.account, 'us-east-1', anchorArn, cas))[0], enabled[0]);
    assert.deepEqual(await enabledCrlsFor(t.server.services, t.account, 'eu-west-1', anchorArn, cas), []);

    const page1 = await c.send(new ListCrlsCommand({ pageSize: 1 }));
    assert.equal(page1.crls?.length, 1);
    const page2 = await c.send(new ListCrlsCommand({ pageSize: 1, nextToken: page1.nextToken! }));
    assert.equal(page2.nextToken, undefined);
    assert.deepEqual(new Set([...page1.crls, ...page2.crls!].map((l) => l.crlId)), new Set([id, disabledAtImport.crl.crlId]));

    assert.equal((await c.send(new DeleteCrlCommand({ crlId: id }))).crl?.name, 'renamed');
    const gone = await failure(c.send(new GetCrlCommand({ crlId: id })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.$metadata.httpStatusCode, 404);
    await c.send(new DeleteCrlCommand({ crlId: disabledAtImport.crl.crlId! }));
  });

  it('refuses a CRL the anchor did not sign, one for an anchor of no account or Region of the caller, and bytes that are no CRL: ValidationException', async () => {
    const c = ra();
    const forged = await crl(root, [], other);
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['a forged signature', () => c.send(new ImportCrlCommand({ name: 'x', crlData: pem(forged), trustAnchorArn: anchorArn })), /signature/],
      ["another CA's CRL", async () => c.send(new ImportCrlCommand({ name: 'x', crlData: pem(await crl(await issue({ name: 'Elsewhere', ca: true }), [])), trustAnchorArn: anchorArn })), /issuer/],
      ['an unknown anchor', () => c.send(new ImportCrlCommand({ name: 'x', crlData: pem(forged), trustAnchorArn: `arn:aws:rolesanywhere:us-east-1:${t.account}:trust-anchor/${UNKNOWN_ID}` })), /[Tt]rust anchor/],
      ["another account's anchor", () => c.send(new ImportCrlCommand({ name: 'x', crlData: pem(forged), trustAnchorArn: anchorArn.replace(t.account, '222222222222') })), /[Tt]rust anchor/],
      ['an anchor of another Region', () => ra(t.admin, 'eu-west-1').send(new ImportCrlCommand({ name: 'x', crlData: pem(forged), trustAnchorArn: anchorArn })), /[Tt]rust anchor/],
      ['a profile ARN', () => c.send(new ImportCrlCommand({ name: 'x', crlData: pem(forged), trustAnchorArn: anchorArn.replace('trust-anchor', 'profile') })), /trustAnchorArn/],
      ['text that is no CRL', () => c.send(new ImportCrlCommand({ name: 'x', crlData: Buffer.from('not a crl'), trustAnchorArn: anchorArn })), /CRL/],
      ['a bad name', () => c.send(new ImportCrlCommand({ name: 'bad/name', crlData: pem(forged), trustAnchorArn: anchorArn })), /name/],
      ['an update to a forged list', async () => {
        const id = (await c.send(new ImportCrlCommand({ name: 'good', crlData: pem(await crl(root, [])), trustAnchorArn: anchorArn }))).crl!.crlId!;
        try {
          return await c.send(new UpdateCrlCommand({ crlId: id, crlData: pem(forged) }));
        } finally {
          await c.send(new DeleteCrlCommand({ crlId: id }));
        }
      }, /signature/],
    ];
    for (const [what, call, message] of cases) {
      const e = await failure(call());
      assert.equal(e.name, 'ValidationException', what);
      assert.equal(e.$metadata.httpStatusCode, 400, what);
      assert.match(e.message, message, what);
    }
    assert.equal((await c.send(new ListCrlsCommand({}))).crls?.length, 0);
    for (const call of [() => c.send(new UpdateCrlCommand({ crlId: UNKNOWN_ID, name: 'x' })), () => c.send(new EnableCrlCommand({ crlId: UNKNOWN_ID })), () => c.send(new DisableCrlCommand({ crlId: UNKNOWN_ID })), () => c.send(new DeleteCrlCommand({ crlId: UNKNOWN_ID }))]) {
      assert.equal((await failure(call())).name, 'ResourceNotFoundException');
    }
  });

  it('on the wire: base64 checked, sizes, wrong member names, a missing member', async () => {
    const good = (await crl(root, [])).toString('base64');
    const cases: [string, string, RegExp][] = [
      ['not base64', JSON.stringify({ name: 'x', crlData: '!!!!', trustAnchorArn: anchorArn }), /crlData/],
      ['over 300000 bytes', JSON.stringify({ name: 'x', crlData: Buffer.alloc(300001, 0x30).toString('base64'), trustAnchorArn: anchorArn }), /less than or equal to 300000/],
      ['crl instead of crlData', JSON.stringify({ name: 'x', crl: good, trustAnchorArn: anchorArn }), /crlData/],
      ['no trustAnchorArn', JSON.stringify({ name: 'x', crlData: good, trustAnchor: anchorArn }), /trustAnchorArn/],
    ];
    for (const [what, body, message] of cases) {
      const r = await raw('POST', '/crls', '', body);
      assert.equal(r.status, 400, what);
      assert.equal(r.errorType, 'ValidationException', what);
      assert.match(String(r.json.message), message, what);
    }
    const ok = await raw('POST', '/crls', '', JSON.stringify({ name: 'wire', crlData: good, trustAnchorArn: anchorArn }));
    assert.equal(ok.status, 201);
    assert.equal((ok.json.crl as Record<string, unknown>).crlData, good);
    await raw('DELETE', `/crl/${String((ok.json.crl as Record<string, unknown>).crlId)}`);
  });

  it('imports a CRL of 5000 revoked certificates (beyond the default node count of asn1js)', async () => {
    const c = ra();
    const serials = Array.from({ length: 5000 }, (_, i) => (0x100000 + i).toString(16));
    const big = await crl(root, serials);
    const x = (await c.send(new ImportCrlCommand({ name: 'big', crlData: Buffer.from(big.rawData), trustAnchorArn: anchorArn }))).crl!;
    const cas = anchorCertificates({ sourceType: 'CERTIFICATE_BUNDLE', x509CertificateData: root.peculiar.toString('pem') });
    const [parsed] = await enabledCrlsFor(t.server.services, t.account, 'us-east-1', anchorArn, cas);
    assert.equal(parsed?.revoked.size, 5000);
    assert.ok(parsed.revoked.has('101387'));
    await c.send(new DeleteCrlCommand({ crlId: x.crlId! }));
  });

  it('tags a CRL at import and after; DeleteTrustAnchor deletes its CRLs', async () => {
    const c = ra();
    const anchor = await newAnchor();
    const x = (await c.send(new ImportCrlCommand({ name: 'tagged', crlData: pem(await crl(root, [])), trustAnchorArn: anchor.trustAnchorArn!, tags: [{ key: 'team', value: 'pki' }, { key: 'tier', value: 'gold' }] }))).crl!;
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ resourceArn: x.crlArn! }))).tags, [{ key: 'team', value: 'pki' }, { key: 'tier', value: 'gold' }]);
    await c.send(new UntagResourceCommand({ resourceArn: x.crlArn!, tagKeys: ['team'] }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ resourceArn: x.crlArn! }))).tags, [{ key: 'tier', value: 'gold' }]);
    const kept = (await c.send(new ImportCrlCommand({ name: 'kept', crlData: pem(await crl(root, [])), trustAnchorArn: anchorArn }))).crl!;

    await c.send(new DeleteTrustAnchorCommand({ trustAnchorId: anchor.trustAnchorId! }));
    assert.equal((await failure(c.send(new GetCrlCommand({ crlId: x.crlId! })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(c.send(new ListTagsForResourceCommand({ resourceArn: x.crlArn! })))).name, 'ResourceNotFoundException');
    assert.equal((await c.send(new GetCrlCommand({ crlId: kept.crlId! }))).crl?.name, 'kept');
    await c.send(new DeleteCrlCommand({ crlId: kept.crlId! }));
  });

  it('a user allowed only Import/Get/ListCrls is denied the rest; a Deny on a CRL tag holds', async () => {
    const c = ra();
    const x = (await c.send(new ImportCrlCommand({ name: 'guarded', crlData: pem(await crl(root, [])), trustAnchorArn: anchorArn, tags: [{ key: 'tier', value: 'gold' }] }))).crl!;
    const user = await putUser(t, 'crl-reader', {
      inline: {
        some: allow(['rolesanywhere:ImportCrl', 'rolesanywhere:GetCrl', 'rolesanywhere:ListCrls', 'rolesanywhere:GetSubject', 'rolesanywhere:DisableCrl']),
        guard: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'rolesanywhere:DisableCrl', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/tier': 'gold' } } }] },
      },
    });
    const u = ra(user);
    assert.equal((await u.send(new GetCrlCommand({ crlId: x.crlId! }))).crl?.name, 'guarded');
    assert.equal((await u.send(new ListCrlsCommand({}))).crls?.length, 1);
    const mine = (await u.send(new ImportCrlCommand({ name: 'mine', crlData: pem(await crl(root, [])), trustAnchorArn: anchorArn }))).crl!;
    assert.equal((await u.send(new DisableCrlCommand({ crlId: mine.crlId! }))).crl?.enabled, false);
    for (const [what, call] of [
      ['DeleteCrl', () => u.send(new DeleteCrlCommand({ crlId: x.crlId! }))],
      ['EnableCrl', () => u.send(new EnableCrlCommand({ crlId: x.crlId! }))],
      ['UpdateCrl', () => u.send(new UpdateCrlCommand({ crlId: x.crlId!, name: 'y' }))],
      ['DisableCrl of a gold CRL', () => u.send(new DisableCrlCommand({ crlId: x.crlId! }))],
      ['ListSubjects', () => u.send(new ListSubjectsCommand({}))],
    ] as const) {
      const e = await failure(call());
      assert.equal(e.name, 'AccessDeniedException', what);
      assert.equal(e.$metadata.httpStatusCode, 403, what);
    }
    const put = await raw('PUT', `/profiles/${UNKNOWN_ID}/mappings`, '', JSON.stringify({ certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }] }), user);
    assert.equal(put.status, 403);
    assert.equal(put.errorType, 'AccessDeniedException');
    await c.send(new DeleteCrlCommand({ crlId: x.crlId! }));
    await c.send(new DeleteCrlCommand({ crlId: mine.crlId! }));
  });

  it('reads subjects as CreateSession keeps them: GetSubject (details), ListSubjects (summaries, pages), an unknown id 404', async () => {
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    await t.server.store.write(async (tx) => {
      for (const [i, id] of ids.entries()) {
        const data: SubjectData = {
          subjectId: id,
          subjectArn: subjectArn('us-east-1', t.account, id),
          enabled: true,
          x509Subject: `CN=app${i},O=Example`,
          lastSeenAt: '2026-12-07T10:00:00.000Z',
          createdAt: '2026-12-01T10:00:00.000Z',
          updatedAt: '2026-12-07T10:00:00.000Z',
          credentials: [{ seenAt: '2026-12-07T10:00:00.000Z', serialNumber: '4097', issuer: 'CN=CRL Root', enabled: true, x509CertificateData: root.peculiar.toString('pem'), failed: false }],
          instanceProperties: [{ seenAt: '2026-12-07T10:00:00.000Z', properties: { hostname: 'box' }, failed: false }],
        };
        await tx.put({ account: t.account, kind: SUBJECT_KIND, key: subjectKey('us-east-1', id), data }, 0);
      }
    });
    const c = ra();
    const s = (await c.send(new GetSubjectCommand({ subjectId: ids[0]! }))).subject!;
    assert.equal(s.subjectArn, `arn:aws:rolesanywhere:us-east-1:${t.account}:subject/${ids[0]}`);
    assert.equal(s.x509Subject, 'CN=app0,O=Example');
    assert.equal(s.lastSeenAt?.toISOString(), '2026-12-07T10:00:00.000Z');
    assert.equal(s.credentials?.[0]?.serialNumber, '4097');
    assert.equal(s.credentials?.[0]?.failed, false);
    assert.deepEqual(s.instanceProperties?.[0]?.properties, { hostname: 'box' });
    const p1 = await c.send(new ListSubjectsCommand({ pageSize: 1 }));
    const p2 = await c.send(new ListSubjectsCommand({ pageSize: 1, nextToken: p1.nextToken! }));
    assert.deepEqual([...p1.subjects!, ...p2.subjects!].map((x) => x.subjectId), ids);
    assert.equal(p2.nextToken, undefined);
    assert.equal((p1.subjects![0] as Record<string, unknown>).credentials, undefined);
    assert.deepEqual((await ra(t.admin, 'eu-west-1').send(new ListSubjectsCommand({}))).subjects, []);
    const e = await failure(c.send(new GetSubjectCommand({ subjectId: UNKNOWN_ID })));
    assert.equal(e.name, 'ResourceNotFoundException');
    assert.equal(e.$metadata.httpStatusCode, 404);
  });

  it("attribute mappings: a new profile shows AWS's defaults; Put adds specifiers, Delete removes them or the field; bad fields and specifiers refused", async () => {
    const p = (await ra().send(new CreateProfileCommand({ name: 'mapped', roleArns: [`arn:aws:iam::${t.account}:role/r`] }))).profile!;
    const path = `/profiles/${p.profileId}/mappings`;
    const got = await raw('GET', `/profile/${p.profileId}`);
    assert.deepEqual((got.json.profile as Record<string, unknown>).attributeMappings, [
      { certificateField: 'x509Issuer', mappingRules: [{ specifier: '*' }] },
      { certificateField: 'x509SAN', mappingRules: [{ specifier: 'DNS' }, { specifier: 'URI' }, { specifier: 'Name/*' }] },
      { certificateField: 'x509Subject', mappingRules: [{ specifier: '*' }] },
    ]);

    const del = await raw('DELETE', path, 'certificateField=x509Subject');
    assert.equal(del.status, 200);
    const put = await raw('PUT', path, '', JSON.stringify({ certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }, { specifier: 'OU' }] }));
    assert.equal(put.status, 200);
    const mappings = () => ((put.json.profile as Record<string, unknown>).attributeMappings as { certificateField: string; mappingRules: { specifier: string }[] }[]);
    assert.deepEqual(mappings().find((m) => m.certificateField === 'x509Subject'), { certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }, { specifier: 'OU' }] });
    const again = await raw('PUT', path, '', JSON.stringify({ certificateField: 'x509Subject', mappingRules: [{ specifier: 'OU' }, { specifier: 'O' }] }));
    assert.deepEqual(((again.json.profile as Record<string, unknown>).attributeMappings as { certificateField: string; mappingRules: unknown }[]).find((m) => m.certificateField === 'x509Subject')?.mappingRules, [{ specifier: 'CN' }, { specifier: 'OU' }, { specifier: 'O' }]);

    const some = await raw('DELETE', path, 'certificateField=x509SAN&specifiers=DNS&specifiers=URI');
    assert.equal(some.status, 200);
    assert.deepEqual(((some.json.profile as Record<string, unknown>).attributeMappings as { certificateField: string; mappingRules: unknown }[]).find((m) => m.certificateField === 'x509SAN')?.mappingRules, [{ specifier: 'Name/*' }]);
    const lastOne = await raw('DELETE', path, 'certificateField=x509SAN&specifiers=Name%2F%2A');
    assert.equal(((lastOne.json.profile as Record<string, unknown>).attributeMappings as { certificateField: string }[]).some((m) => m.certificateField === 'x509SAN'), false);
    const read = await raw('GET', `/profile/${p.profileId}`);
    assert.deepEqual((read.json.profile as Record<string, unknown>).attributeMappings, (lastOne.json.profile as Record<string, unknown>).attributeMappings);

    const refused: [string, string, string, string][] = [
      ['PUT', '', JSON.stringify({ certificateField: 'x509Serial', mappingRules: [{ specifier: 'CN' }] }), 'certificateField'],
      ['PUT', '', JSON.stringify({ certificateField: 'x509Subject', mappingRules: [{ specifier: 'DNS' }] }), 'specifier'],
      ['PUT', '', JSON.stringify({ certificateField: 'x509SAN', mappingRules: [{ specifier: 'Name/XX' }] }), 'specifier'],
      ['PUT', '', JSON.stringify({ certificateField: 'x509Subject', mappingRules: [{ specifier: 'C'.repeat(61) }] }), 'specifier'],
      ['PUT', '', JSON.stringify({ certificateField: 'x509Subject', rules: [{ specifier: 'CN' }] }), 'mappingRules'],
      ['DELETE', 'certificateField=subject', '', 'certificateField'],
      ['DELETE', 'specifiers=CN', '', 'certificateField'],
    ];
    for (const [method, query, body, message] of refused) {
      const r = await raw(method, path, query, body);
      assert.equal(r.status, 400, `${method} ${query} ${body}`);
      assert.equal(r.errorType, 'ValidationException');
      assert.match(String(r.json.message), new RegExp(message));
    }
    const unknown = await raw('PUT', `/profiles/${UNKNOWN_ID}/mappings`, '', JSON.stringify({ certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }] }));
    assert.equal(unknown.status, 404);
    assert.equal(unknown.errorType, 'ResourceNotFoundException');
  });

  it('an unbound method or path of a restJson1 service: 404 UnknownOperationException in JSON', async () => {
    for (const [method, path, body] of [
      ['GET', '/nosuchthing', ''],
      ['PATCH', '/crls', '{}'],
      ['POST', '/', 'Action=ListUsers&Version=2010-05-08'],
    ] as const) {
      const r = await raw(method, path, '', body);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(r.errorType, 'UnknownOperationException');
      assert.match(String(r.json.message), /No operation is bound to/);
    }
  });
});
