/**
 * IAM Roles Anywhere's trust anchors through the SDK v3 client (restJson1 on the server's one
 * port): their life (201 on create, enable/disable, update, delete), AWS's errors (a bad PEM, a
 * leaf as CA, a CA without keyCertSign, an ACM PCA CA, an unknown id → 404, a denied caller → 403),
 * pagination, tags and the tag condition keys (aws:RequestTag/…, aws:TagKeys).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateTrustAnchorCommand,
  DeleteTrustAnchorCommand,
  DisableTrustAnchorCommand,
  EnableTrustAnchorCommand,
  GetTrustAnchorCommand,
  ListTagsForResourceCommand,
  ListTrustAnchorsCommand,
  RolesAnywhereClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTrustAnchorCommand,
} from '@aws-sdk/client-rolesanywhere';
import { KeyUsageFlags, testCertificate } from '../support/ca-certs.js';
import { type Credentials, type TestServer, startTestServer } from '../support/server.js';
import { failure } from '../support/failure.js';
import { allow, putUser } from '../support/fixtures.js';
import { signRequest } from '../../src/sigv4/sign.js';

const ID = /^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/;

describe('rolesanywhere trust anchors (SDK v3)', () => {
  let t: TestServer;
  let ra: (creds?: Credentials) => RolesAnywhereClient;
  let caPem: string;
  before(async () => {
    t = await startTestServer();
    ra = (creds = t.admin) => new RolesAnywhereClient({ endpoint: t.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
    caPem = await testCertificate({ ca: true });
  });
  after(() => t.close());

  const bundle = (pem: string) => ({ sourceType: 'CERTIFICATE_BUNDLE' as const, sourceData: { x509CertificateData: pem } });

  it("a trust anchor's life: created (201, disabled, AWS defaults for notifications), read, enabled, renamed, disabled, deleted", async () => {
    const c = ra();
    const created = await c.send(new CreateTrustAnchorCommand({ name: 'on-prem root', source: bundle(caPem) }));
    assert.equal(created.$metadata.httpStatusCode, 201);
    const a = created.trustAnchor!;
    assert.match(a.trustAnchorId!, ID);
    assert.equal(a.trustAnchorArn, `arn:aws:rolesanywhere:us-east-1:${t.account}:trust-anchor/${a.trustAnchorId}`);
    assert.equal(a.name, 'on-prem root');
    assert.equal(a.enabled, false);
    assert.deepEqual(a.source, bundle(caPem));
    assert.ok(a.createdAt instanceof Date && a.updatedAt instanceof Date);
    const id = a.trustAnchorId!;
    const got = await c.send(new GetTrustAnchorCommand({ trustAnchorId: id }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    assert.deepEqual(got.trustAnchor, a);
    assert.equal((await c.send(new EnableTrustAnchorCommand({ trustAnchorId: id }))).trustAnchor?.enabled, true);
    const renamed = await c.send(new UpdateTrustAnchorCommand({ trustAnchorId: id, name: 'renamed' }));
    assert.equal(renamed.trustAnchor?.name, 'renamed');
    assert.equal(renamed.trustAnchor?.enabled, true);
    assert.equal((await c.send(new DisableTrustAnchorCommand({ trustAnchorId: id }))).trustAnchor?.enabled, false);
    const deleted = await c.send(new DeleteTrustAnchorCommand({ trustAnchorId: id }));
    assert.equal(deleted.trustAnchor?.name, 'renamed');
    const gone = await failure(c.send(new GetTrustAnchorCommand({ trustAnchorId: id })));
    assert.equal(gone.name, 'ResourceNotFoundException');
    assert.equal(gone.$metadata.httpStatusCode, 404);
  });

  // On the wire: the SDK v3 client of 3.332 predates notificationSettings.
  async function raw(method: string, path: string, body: string): Promise<{ status: number; errorType: string | null; json: Record<string, unknown> }> {
    const url = new URL(t.url);
    const signed = signRequest({ method, path, query: '', headers: { host: url.host, 'content-type': 'application/json' }, body }, { ...t.admin, region: 'us-east-1', service: 'rolesanywhere', nowMs: Date.now() });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    const res = await fetch(new URL(path, url), { method, headers, body });
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), json: (await res.json()) as Record<string, unknown> };
  }

  it("notification settings: AWS's defaults, those given on create in place of their event's, Put and Reset, configured by the account; ISO-8601 timestamps", async () => {
    const plain = await raw('POST', '/trustanchors', JSON.stringify({ name: 'defaults', source: bundle(caPem) }));
    assert.equal(plain.status, 201);
    const d = plain.json.trustAnchor as { notificationSettings: unknown[]; createdAt: unknown };
    assert.deepEqual(d.notificationSettings, [
      { enabled: true, event: 'CA_CERTIFICATE_EXPIRY', threshold: 45, channel: 'ALL', configuredBy: 'rolesanywhere.amazonaws.com' },
      { enabled: true, event: 'END_ENTITY_CERTIFICATE_EXPIRY', threshold: 45, channel: 'ALL', configuredBy: 'rolesanywhere.amazonaws.com' },
    ]);
    assert.match(String(d.createdAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const given = await raw('POST', '/trustanchors', JSON.stringify({ name: 'notify', source: bundle(caPem), enabled: true, notificationSettings: [{ event: 'CA_CERTIFICATE_EXPIRY', enabled: false, threshold: 10 }] }));
    const a = given.json.trustAnchor as { enabled: boolean; notificationSettings: unknown[] };
    assert.equal(a.enabled, true);
    assert.deepEqual(a.notificationSettings[0], { enabled: false, event: 'CA_CERTIFICATE_EXPIRY', threshold: 10, channel: 'ALL', configuredBy: t.account });
    const bad = await raw('POST', '/trustanchors', JSON.stringify({ name: 'notify', source: bundle(caPem), notificationSettings: [{ event: 'CA_CERTIFICATE_EXPIRY', enabled: true, threshold: 400 }] }));
    assert.equal(bad.status, 400);
    assert.equal(bad.errorType, 'ValidationException');

    // PutNotificationSettings lays settings over the current ones; Reset puts AWS's default back.
    const id = String((given.json.trustAnchor as { trustAnchorId: string }).trustAnchorId);
    const put = await raw('PATCH', '/put-notifications-settings', JSON.stringify({ trustAnchorId: id, notificationSettings: [{ event: 'END_ENTITY_CERTIFICATE_EXPIRY', enabled: true, threshold: 7, channel: 'ALL' }] }));
    assert.equal(put.status, 200);
    const afterPut = (put.json.trustAnchor as { notificationSettings: unknown[] }).notificationSettings;
    assert.deepEqual(afterPut, [
      { enabled: false, event: 'CA_CERTIFICATE_EXPIRY', threshold: 10, channel: 'ALL', configuredBy: t.account },
      { enabled: true, event: 'END_ENTITY_CERTIFICATE_EXPIRY', threshold: 7, channel: 'ALL', configuredBy: t.account },
    ]);
    const reset = await raw('PATCH', '/reset-notifications-settings', JSON.stringify({ trustAnchorId: id, notificationSettingKeys: [{ event: 'CA_CERTIFICATE_EXPIRY' }] }));
    assert.equal(reset.status, 200);
    assert.deepEqual((reset.json.trustAnchor as { notificationSettings: unknown[] }).notificationSettings, [
      { enabled: true, event: 'CA_CERTIFICATE_EXPIRY', threshold: 45, channel: 'ALL', configuredBy: 'rolesanywhere.amazonaws.com' },
      { enabled: true, event: 'END_ENTITY_CERTIFICATE_EXPIRY', threshold: 7, channel: 'ALL', configuredBy: t.account },
    ]);
    const missing = await raw('PATCH', '/put-notifications-settings', JSON.stringify({ trustAnchorId: '0b9a9d1e-6a7b-4c2d-9e8f-0a1b2c3d4e5f', notificationSettings: [] }));
    assert.equal(missing.status, 404);
    assert.equal(missing.errorType, 'ResourceNotFoundException');
  });

  it('refuses what is not a CA certificate, an ACM PCA CA it cannot read, and bad names, with ValidationException 400', async () => {
    const c = ra();
    const leaf = await testCertificate({ ca: false, cn: 'leaf' });
    const noCertSign = await testCertificate({ ca: true, usages: KeyUsageFlags.digitalSignature });
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['not PEM', () => c.send(new CreateTrustAnchorCommand({ name: 'x', source: bundle('hello') })), /not a PEM-encoded X\.509 certificate/],
      ['garbage in PEM armour', () => c.send(new CreateTrustAnchorCommand({ name: 'x', source: bundle('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----') })), /not a PEM-encoded/],
      ['a leaf', () => c.send(new CreateTrustAnchorCommand({ name: 'x', source: bundle(leaf) })), /not a CA certificate/],
      ['a CA without keyCertSign', () => c.send(new CreateTrustAnchorCommand({ name: 'x', source: bundle(noCertSign) })), /keyCertSign/],
      ['ACM PCA', () => c.send(new CreateTrustAnchorCommand({ name: 'x', source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: `arn:aws:acm-pca:us-east-1:${t.account}:certificate-authority/12345678-1234-1234-1234-123456789012` } } })), /Given AWS PCA did not allow get request\./],
      ['a bad name', () => c.send(new CreateTrustAnchorCommand({ name: 'no/slashes', source: bundle(caPem) })), /name/],
    ];
    for (const [what, call, message] of cases) {
      const e = await failure(call());
      assert.equal(e.name, 'ValidationException', what);
      assert.equal(e.$metadata.httpStatusCode, 400, what);
      assert.match(e.message, message, what);
    }
    assert.equal((await c.send(new ListTrustAnchorsCommand({}))).trustAnchors?.some((a) => a.name === 'x'), false);
  });

  it('an unknown id is ResourceNotFoundException 404 for every call on it', async () => {
    const c = ra();
    const trustAnchorId = '0b9a9d1e-6a7b-4c2d-9e8f-0a1b2c3d4e5f';
    for (const call of [() => c.send(new GetTrustAnchorCommand({ trustAnchorId })), () => c.send(new EnableTrustAnchorCommand({ trustAnchorId })), () => c.send(new DeleteTrustAnchorCommand({ trustAnchorId })), () => c.send(new UpdateTrustAnchorCommand({ trustAnchorId, name: 'n' }))]) {
      const e = await failure(call());
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.equal(e.$metadata.httpStatusCode, 404);
    }
  });

  it('pages with pageSize and nextToken, each anchor once', async () => {
    const other = await startTestServer();
    try {
      const c = new RolesAnywhereClient({ endpoint: other.url, region: 'us-east-1', credentials: other.admin, maxAttempts: 1 });
      const made = new Set<string>();
      for (let i = 0; i < 5; i++) made.add((await c.send(new CreateTrustAnchorCommand({ name: `anchor ${i}`, source: bundle(caPem) }))).trustAnchor!.trustAnchorId!);
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await c.send(new ListTrustAnchorsCommand({ pageSize: 2, ...(nextToken === undefined ? {} : { nextToken }) }));
        assert.ok((page.trustAnchors?.length ?? 0) <= 2);
        seen.push(...(page.trustAnchors ?? []).map((a) => a.trustAnchorId!));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken !== undefined);
      assert.equal(pages, 3);
      assert.deepEqual(new Set(seen), made);
      assert.equal(seen.length, 5);
      const bad = await failure(c.send(new ListTrustAnchorsCommand({ nextToken: 'bm90LWEta2V5' })));
      assert.equal(bad.name, 'ValidationException');
    } finally {
      await other.close();
    }
  });

  it('tags: on create, TagResource (201), UntagResource, ListTagsForResource; more than 50 is TooManyTagsException', async () => {
    const c = ra();
    const a = (await c.send(new CreateTrustAnchorCommand({ name: 'tagged', source: bundle(caPem), tags: [{ key: 'team', value: 'infra' }] }))).trustAnchor!;
    const resourceArn = a.trustAnchorArn!;
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ resourceArn }))).tags, [{ key: 'team', value: 'infra' }]);
    const tagged = await c.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'sec' }] }));
    assert.equal(tagged.$metadata.httpStatusCode, 201);
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ resourceArn }))).tags, [{ key: 'env', value: 'prod' }, { key: 'team', value: 'sec' }]);
    await c.send(new UntagResourceCommand({ resourceArn, tagKeys: ['env'] }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ resourceArn }))).tags, [{ key: 'team', value: 'sec' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    const tooMany = await failure(c.send(new TagResourceCommand({ resourceArn, tags: many })));
    assert.equal(tooMany.name, 'TooManyTagsException');
    assert.equal(tooMany.$metadata.httpStatusCode, 400);
    const missing = await failure(c.send(new ListTagsForResourceCommand({ resourceArn: resourceArn.replace(/.{12}$/, '000000000000') })));
    assert.equal(missing.name, 'ResourceNotFoundException');
    // Another account's anchor: its ARN is not the caller's to act on (no resource policies here).
    const otherAccount = await failure(c.send(new ListTagsForResourceCommand({ resourceArn: resourceArn.replace(t.account, '999999999999') })));
    assert.equal(otherAccount.name, 'AccessDeniedException');
  });

  it('authorizes each call as rolesanywhere:<Action> on the anchor ARN, with aws:RequestTag and aws:TagKeys', async () => {
    const admin = ra();
    const a = (await admin.send(new CreateTrustAnchorCommand({ name: 'guarded', source: bundle(caPem) }))).trustAnchor!;
    const user = await putUser(t, 'ra-operator', {
      inline: {
        read: allow(['rolesanywhere:GetTrustAnchor', 'rolesanywhere:ListTrustAnchors'], '*'),
        create: allow('rolesanywhere:CreateTrustAnchor', '*', { Condition: { StringEquals: { 'aws:RequestTag/team': 'infra' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } }),
        tag: allow('rolesanywhere:TagResource', a.trustAnchorArn, { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } }),
      },
    });
    const c = ra(user);
    assert.equal((await c.send(new GetTrustAnchorCommand({ trustAnchorId: a.trustAnchorId! }))).trustAnchor?.name, 'guarded');
    const denied = await failure(c.send(new DeleteTrustAnchorCommand({ trustAnchorId: a.trustAnchorId! })));
    assert.equal(denied.name, 'AccessDeniedException');
    assert.equal(denied.$metadata.httpStatusCode, 403);
    assert.match(denied.message, new RegExp(`rolesanywhere:DeleteTrustAnchor on resource: ${a.trustAnchorArn!}`));
    assert.equal((await c.send(new CreateTrustAnchorCommand({ name: 'ok', source: bundle(caPem), tags: [{ key: 'team', value: 'infra' }] }))).$metadata.httpStatusCode, 201);
    const untagged = await failure(c.send(new CreateTrustAnchorCommand({ name: 'no', source: bundle(caPem) })));
    assert.equal(untagged.name, 'AccessDeniedException');
    const wrongTag = await failure(c.send(new CreateTrustAnchorCommand({ name: 'no', source: bundle(caPem), tags: [{ key: 'team', value: 'other' }] })));
    assert.equal(wrongTag.name, 'AccessDeniedException');
    await c.send(new TagResourceCommand({ resourceArn: a.trustAnchorArn!, tags: [{ key: 'team', value: 'x' }] }));
    const otherKey = await failure(c.send(new TagResourceCommand({ resourceArn: a.trustAnchorArn!, tags: [{ key: 'owner', value: 'x' }] })));
    assert.equal(otherKey.name, 'AccessDeniedException');
    // The denial is decided before the store is read: the same answer for an anchor that does not exist.
    const unknown = await failure(c.send(new DeleteTrustAnchorCommand({ trustAnchorId: '0b9a9d1e-6a7b-4c2d-9e8f-0a1b2c3d4e5f' })));
    assert.equal(unknown.name, 'AccessDeniedException');
  });

  it('aws:ResourceTag/… of the anchor decides: a Deny on a tag holds for its calls, not for an untagged anchor', async () => {
    const admin = ra();
    const kept = (await admin.send(new CreateTrustAnchorCommand({ name: 'kept', source: bundle(caPem), tags: [{ key: 'protected', value: 'yes' }] }))).trustAnchor!;
    const loose = (await admin.send(new CreateTrustAnchorCommand({ name: 'loose', source: bundle(caPem) }))).trustAnchor!;
    const user = await putUser(t, 'ra-janitor', {
      inline: {
        all: allow('rolesanywhere:*', '*'),
        guard: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['rolesanywhere:DeleteTrustAnchor', 'rolesanywhere:UntagResource'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/protected': 'yes' } } }] },
      },
    });
    const c = ra(user);
    const denied = await failure(c.send(new DeleteTrustAnchorCommand({ trustAnchorId: kept.trustAnchorId! })));
    assert.equal(denied.name, 'AccessDeniedException');
    const untag = await failure(c.send(new UntagResourceCommand({ resourceArn: kept.trustAnchorArn!, tagKeys: ['protected'] })));
    assert.equal(untag.name, 'AccessDeniedException');
    assert.equal((await c.send(new DeleteTrustAnchorCommand({ trustAnchorId: loose.trustAnchorId! }))).trustAnchor?.name, 'loose');
    assert.equal((await c.send(new GetTrustAnchorCommand({ trustAnchorId: kept.trustAnchorId! }))).trustAnchor?.name, 'kept');
  });
});
