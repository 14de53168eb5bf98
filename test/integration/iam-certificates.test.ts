/**
 * Signing and server certificates over HTTP with the AWS SDK v3, with certificates made at test
 * time: X.509 parsed and checked, AWS's limits (2 signing certificates per user, 20 server
 * certificates per account), ids and ARNs in AWS's formats, the server certificate's private key
 * matched against the certificate (KeyPairMismatch), never returned, and sealed in the store.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserCommand,
  DeleteServerCertificateCommand,
  DeleteSigningCertificateCommand,
  GetAccountSummaryCommand,
  GetServerCertificateCommand,
  type IAMClient,
  ListServerCertificateTagsCommand,
  ListServerCertificatesCommand,
  ListSigningCertificatesCommand,
  TagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UpdateSigningCertificateCommand,
  UploadServerCertificateCommand,
  UploadSigningCertificateCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/iam-identity.js';
import { type TestCert, selfSigned } from '../support/certs.js';
import { TEST_ACCOUNT, type TestServer, startTestServer } from '../support/server.js';

const DAY = 86_400_000;

describe('iam signing certificates over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'ana' }));
    await iam.send(new CreateUserCommand({ UserName: 'ben' }));
  });
  after(async () => {
    await t.close();
  });

  it('uploads, lists, deactivates and deletes; two per user; one certificate belongs to one user', async () => {
    const a = await selfSigned();
    const up = (await iam.send(new UploadSigningCertificateCommand({ UserName: 'ana', CertificateBody: a.certPem }))).Certificate!;
    assert.match(up.CertificateId ?? '', /^[A-Z2-7]{32}$/);
    assert.equal(up.UserName, 'ana');
    assert.equal(up.Status, 'Active');
    assert.equal(up.CertificateBody, a.certPem);
    assert.ok(up.UploadDate instanceof Date);
    await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'ben', CertificateBody: a.certPem })), 'DuplicateCertificate', `The Certificate with id ${up.CertificateId} already exists.`, 409);
    await iam.send(new UploadSigningCertificateCommand({ UserName: 'ana', CertificateBody: (await selfSigned()).certPem }));
    await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'ana', CertificateBody: (await selfSigned()).certPem })), 'LimitExceeded', 'Cannot exceed quota for CertificatesPerUser: 2', 409);
    await iam.send(new UpdateSigningCertificateCommand({ UserName: 'ana', CertificateId: up.CertificateId, Status: 'Inactive' }));
    const listed = (await iam.send(new ListSigningCertificatesCommand({ UserName: 'ana' }))).Certificates!;
    assert.equal(listed.length, 2);
    assert.equal(listed.find((c) => c.CertificateId === up.CertificateId)?.Status, 'Inactive');
    await iam.send(new DeleteSigningCertificateCommand({ UserName: 'ana', CertificateId: up.CertificateId }));
    await rejectsWith(iam.send(new DeleteSigningCertificateCommand({ UserName: 'ana', CertificateId: up.CertificateId })), 'NoSuchEntity', `The Certificate with id ${up.CertificateId} cannot be found.`, 404);
    // Once deleted, the certificate may be uploaded again (for another user, too).
    await iam.send(new UploadSigningCertificateCommand({ UserName: 'ben', CertificateBody: a.certPem }));
  });

  it('refuses what is no PEM certificate (MalformedCertificate) and an expired or future one (InvalidCertificate)', async () => {
    const up = (body: string): Promise<unknown> => iam.send(new UploadSigningCertificateCommand({ UserName: 'ana', CertificateBody: body }));
    // AWS quotes the body (recorded: "Certificate invalid-certificate-body is malformed.").
    const malformed = (body: string): string => `Certificate ${body} is malformed.`;
    await rejectsWith(up('not a certificate'), 'MalformedCertificate', malformed('not a certificate'), 400);
    const bad = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    await rejectsWith(up(bad), 'MalformedCertificate', malformed(bad), 400);
    const good = await selfSigned();
    await rejectsWith(up(`${good.certPem}\ntrailing text`), 'MalformedCertificate', malformed(`${good.certPem}\ntrailing text`), 400);
    // A private key pasted by mistake is not echoed.
    await rejectsWith(up(good.keyPem), 'MalformedCertificate', 'Certificate is malformed: it holds a private key (not quoted here).', 400);
    await rejectsWith(up((await selfSigned({ from: new Date(Date.now() - 10 * DAY), to: new Date(Date.now() - DAY) })).certPem), 'InvalidCertificate', /Not After/, 400);
    await rejectsWith(up((await selfSigned({ from: new Date(Date.now() + DAY), to: new Date(Date.now() + 10 * DAY) })).certPem), 'InvalidCertificate', /Not Before/, 400);
    await rejectsWith(iam.send(new UploadSigningCertificateCommand({ UserName: 'nobody', CertificateBody: good.certPem })), 'NoSuchEntity', 'The user with name nobody cannot be found.', 404);
  });
});

describe('iam server certificates over HTTP with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  let web: TestCert;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
    web = await selfSigned({ cn: 'www.example.com' });
  });
  after(async () => {
    await t.close();
  });

  it('uploads with chain and tags: ASCA id, ARN with path, Expiration from the certificate; Get never returns the key', async () => {
    const ca = await selfSigned({ cn: 'Example CA' });
    const r = await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'web',
        Path: '/cloudfront/',
        CertificateBody: web.certPem,
        PrivateKey: web.keyPem,
        CertificateChain: ca.certPem,
        Tags: [{ Key: 'team', Value: 'edge' }],
      }),
    );
    const m = r.ServerCertificateMetadata!;
    assert.match(m.ServerCertificateId ?? '', /^ASCA[A-Z2-7]{17}$/);
    assert.equal(m.Arn, `arn:aws:iam::${TEST_ACCOUNT}:server-certificate/cloudfront/web`);
    assert.equal(m.Path, '/cloudfront/');
    assert.equal(m.ServerCertificateName, 'web');
    assert.ok(m.UploadDate instanceof Date);
    const notAfter = new (await import('node:crypto')).X509Certificate(web.certPem).validTo;
    assert.equal(m.Expiration?.getTime(), new Date(notAfter).getTime());
    assert.deepEqual(r.Tags, [{ Key: 'team', Value: 'edge' }]);

    const got = (await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'web' }))).ServerCertificate!;
    assert.equal(got.CertificateBody, web.certPem);
    assert.equal(got.CertificateChain, ca.certPem);
    assert.deepEqual(got.ServerCertificateMetadata, m);
    assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'edge' }]);
    assert.ok(!JSON.stringify(got).includes('PRIVATE KEY'));
    // The private key is kept sealed: its text is nowhere in the data directory, nor in the audit log.
    const keyBody = web.keyPem.split('\n')[3]!;
    for (const f of readdirSync(t.dataDir, { recursive: true }) as string[]) {
      let text: string;
      try {
        text = readFileSync(join(t.dataDir, f), 'latin1');
      } catch {
        continue;
      }
      assert.ok(!text.includes(keyBody), `${f} holds the private key in clear`);
    }
  });

  it('lists by PathPrefix with paging; renames and moves; tags; deletes; counts in GetAccountSummary', async () => {
    for (const name of ['a1', 'a2', 'a3']) {
      const c = await selfSigned({ cn: `${name}.example.com` });
      await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: name, Path: '/apps/', CertificateBody: c.certPem, PrivateKey: c.keyPem }));
    }
    const first = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/apps/', MaxItems: 2 }));
    assert.deepEqual(first.ServerCertificateMetadataList?.map((c) => c.ServerCertificateName), ['a1', 'a2']);
    assert.equal(first.IsTruncated, true);
    const next = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/apps/', Marker: first.Marker }));
    assert.deepEqual(next.ServerCertificateMetadataList?.map((c) => c.ServerCertificateName), ['a3']);
    const all = await iam.send(new ListServerCertificatesCommand({}));
    assert.equal(all.ServerCertificateMetadataList?.length, 4);
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.equal(summary['ServerCertificates'], 4);
    assert.equal(summary['ServerCertificatesQuota'], 20);

    const before = (await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'a3' }))).ServerCertificate!.ServerCertificateMetadata!;
    await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'a3', NewServerCertificateName: 'b3', NewPath: '/moved/' }));
    await rejectsWith(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'a3' })), 'NoSuchEntity', 'The Server Certificate with name a3 cannot be found.', 404);
    const after = (await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'b3' }))).ServerCertificate!.ServerCertificateMetadata!;
    assert.equal(after.ServerCertificateId, before.ServerCertificateId);
    assert.equal(after.Arn, `arn:aws:iam::${TEST_ACCOUNT}:server-certificate/moved/b3`);
    await rejectsWith(iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'b3', NewServerCertificateName: 'A1' })), 'EntityAlreadyExists', 'The Server Certificate with name A1 already exists.', 409);

    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'b3', Tags: [{ Key: 'env', Value: 'prod' }] }));
    assert.deepEqual((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'b3' }))).Tags, [{ Key: 'env', Value: 'prod' }]);

    for (const name of ['a1', 'a2', 'b3']) await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: name }));
    await rejectsWith(iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'a1' })), 'NoSuchEntity', 'The Server Certificate with name a1 cannot be found.', 404);
  });

  it('refuses a key that is not the certificate\'s (KeyPairMismatch), bad PEM, an expired certificate, a taken name', async () => {
    const other = await selfSigned();
    const up = (o: { name?: string; cert?: string; key?: string; chain?: string }): Promise<unknown> =>
      iam.send(new UploadServerCertificateCommand({ ServerCertificateName: o.name ?? 'bad', CertificateBody: o.cert ?? web.certPem, PrivateKey: o.key ?? web.keyPem, ...(o.chain === undefined ? {} : { CertificateChain: o.chain }) }));
    await rejectsWith(up({ key: other.keyPem }), 'KeyPairMismatch', 'The public key certificate and the private key do not match.', 400);
    await rejectsWith(up({ cert: 'garbage' }), 'MalformedCertificate', 'Unable to parse certificate. Please ensure the certificate is in PEM format.', 400);
    await rejectsWith(up({ key: 'garbage' }), 'MalformedCertificate', /Unable to parse private key/, 400);
    await rejectsWith(up({ chain: 'garbage' }), 'MalformedCertificate', /certificate chain/, 400);
    const old = await selfSigned({ from: new Date(Date.now() - 10 * DAY), to: new Date(Date.now() - DAY) });
    await rejectsWith(up({ cert: old.certPem, key: old.keyPem }), 'MalformedCertificate', /'Not After'/, 400);
    await rejectsWith(up({ name: 'web' }), 'EntityAlreadyExists', 'The Server Certificate with name web already exists.', 409);
    await rejectsWith(up({ name: 'WEB' }), 'EntityAlreadyExists', 'The Server Certificate with name WEB already exists.', 409);
  });

  it('allows 20 per account (LimitExceeded)', async () => {
    const have = (await iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList!.length;
    for (let i = have; i < 20; i++) await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: `n${i}`, CertificateBody: web.certPem, PrivateKey: web.keyPem }));
    await rejectsWith(iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'n20', CertificateBody: web.certPem, PrivateKey: web.keyPem })), 'LimitExceeded', 'Cannot exceed quota for ServerCertificatesPerAccount: 20', 409);
  });
});
