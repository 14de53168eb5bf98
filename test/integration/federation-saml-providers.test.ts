/**
 * The IAM SAML provider actions with the AWS SDK v3: Create/Get/Update/Delete/List and
 * Tag/Untag/ListTags, metadata parsing, AWS's messages (LocalStack snapshots recorded against AWS:
 * tests/aws/services/iam/test_iam_saml_providers.snapshot.json), and authorization.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateSAMLProviderCommand, DeleteSAMLProviderCommand, GetSAMLProviderCommand, ListSAMLProviderTagsCommand, ListSAMLProvidersCommand,
  TagSAMLProviderCommand, UntagSAMLProviderCommand, UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/assert.js';
import { allow, putUser } from '../support/fixtures.js';
import { type SamlIdp, createIdp, metadataFor } from '../support/saml-idp.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('IAM SAML providers with the AWS SDK v3', () => {
  let t: TestServer;
  let idp: SamlIdp;
  const clock = Date.parse('2026-11-22T10:00:00Z');
  before(async () => {
    t = await startTestServer({ now: () => new Date(clock) });
    idp = await createIdp();
  });
  after(async () => {
    await t.close();
  });
  const iam = () => t.iam();
  const arnOf = (name: string): string => `arn:aws:iam::${t.account}:saml-provider/${name}`;

  it('creates, gets, lists, updates and deletes a provider', async () => {
    const c = await iam().send(new CreateSAMLProviderCommand({ Name: 'Okta_prod-1.x', SAMLMetadataDocument: idp.metadata(), Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '1' }] }));
    assert.equal(c.SAMLProviderArn, arnOf('Okta_prod-1.x'));
    assert.deepEqual(c.Tags, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    const g = await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: c.SAMLProviderArn }));
    assert.equal(g.SAMLMetadataDocument, idp.metadata());
    assert.equal(g.CreateDate!.getTime(), clock);
    assert.equal(g.ValidUntil!.getUTCFullYear(), 2126);
    assert.match(g.SAMLProviderUUID!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(g.AssertionEncryptionMode, 'Allowed');
    assert.deepEqual(g.PrivateKeyList ?? [], []);
    const l = await iam().send(new ListSAMLProvidersCommand({}));
    const entry = l.SAMLProviderList!.find((p) => p.Arn === c.SAMLProviderArn);
    assert.equal(entry?.CreateDate?.getTime(), clock);
    const next = await createIdp('https://idp2.rolegate.test/saml');
    const withValidUntil = metadataFor(next.entityId, [next.certB64], ' validUntil="2030-01-01T00:00:00Z"');
    const u = await iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: c.SAMLProviderArn, SAMLMetadataDocument: withValidUntil }));
    assert.equal(u.SAMLProviderArn, c.SAMLProviderArn);
    const g2 = await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: c.SAMLProviderArn }));
    assert.equal(g2.SAMLMetadataDocument, withValidUntil);
    assert.equal(g2.ValidUntil!.toISOString(), '2030-01-01T00:00:00.000Z');
    await iam().send(new DeleteSAMLProviderCommand({ SAMLProviderArn: c.SAMLProviderArn }));
    const l2 = await iam().send(new ListSAMLProvidersCommand({}));
    assert.ok(!l2.SAMLProviderList!.some((p) => p.Arn === c.SAMLProviderArn));
  });

  it('answers AWS errors: missing provider, duplicates, bad names, bad metadata', async () => {
    const missing = arnOf('NonExistentProvider');
    await rejectsWith(iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: missing })), 'NoSuchEntityException', `Manifest not found for arn ${missing}`);
    await rejectsWith(iam().send(new DeleteSAMLProviderCommand({ SAMLProviderArn: missing })), 'NoSuchEntityException', `Manifest not found for arn ${missing}`);
    await rejectsWith(iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: missing, SAMLMetadataDocument: idp.metadata() })), 'NoSuchEntityException');
    await rejectsWith(iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${t.account}:saml-provider/bad name` })), 'InvalidInputException');
    await iam().send(new CreateSAMLProviderCommand({ Name: 'Dup', SAMLMetadataDocument: idp.metadata() }));
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Dup', SAMLMetadataDocument: idp.metadata() })), 'EntityAlreadyExistsException');
    await rejectsWith(
      iam().send(new CreateSAMLProviderCommand({ Name: 'bad name', SAMLMetadataDocument: idp.metadata() })),
      'ValidationError',
      "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w._-]+",
    );
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Short', SAMLMetadataDocument: '<x/>' })), 'ValidationError', /at 'sAMLMetadataDocument' failed to satisfy constraint: Member must have length greater than or equal to 1000/);
    const notMetadata = `<root>${'x'.repeat(1200)}</root>`;
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Bad1', SAMLMetadataDocument: notMetadata })), 'InvalidInputException', 'Could not parse metadata');
    const notXml = `<md:EntityDescriptor ${'y'.repeat(1200)}`;
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Bad2', SAMLMetadataDocument: notXml })), 'InvalidInputException', 'Could not parse metadata');
    const noCert = metadataFor(idp.entityId, []).replace('</md:IDPSSODescriptor>', `<!-- ${'z'.repeat(1200)} --></md:IDPSSODescriptor>`);
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Bad3', SAMLMetadataDocument: noCert })), 'InvalidInputException', 'Could not parse metadata');
    const badCert = metadataFor(idp.entityId, [`MIIB${'A'.repeat(1200)}`]);
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Bad4', SAMLMetadataDocument: badCert })), 'InvalidInputException', 'Could not parse metadata');
    const weak = await createIdp('https://weak.rolegate.test/saml', 512);
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Bad5', SAMLMetadataDocument: weak.metadata().replace('</md:EntityDescriptor>', `<!-- ${'w'.repeat(1200)} --></md:EntityDescriptor>`) })), 'InvalidInputException', 'Could not parse metadata');
    const dtd = `<!DOCTYPE x [<!ENTITY e "e">]>${idp.metadata().replace(/^<\?xml[^>]*\?>/, '')}`;
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Bad6', SAMLMetadataDocument: dtd })), 'InvalidInputException', 'Could not parse metadata');
  });

  it('tags, untags and lists tags with paging', async () => {
    const arn = (await iam().send(new CreateSAMLProviderCommand({ Name: 'Tagged', SAMLMetadataDocument: idp.metadata() }))).SAMLProviderArn!;
    await iam().send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'team', Value: 'id' }, { Key: 'Env', Value: 'prod' }, { Key: 'cost', Value: '1' }] }));
    await iam().send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'TEAM', Value: 'sec' }] }));
    const p1 = await iam().send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn, MaxItems: 2 }));
    assert.deepEqual(p1.Tags, [{ Key: 'cost', Value: '1' }, { Key: 'Env', Value: 'prod' }]);
    assert.equal(p1.IsTruncated, true);
    const p2 = await iam().send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn, Marker: p1.Marker! }));
    assert.deepEqual(p2.Tags, [{ Key: 'TEAM', Value: 'sec' }]);
    await iam().send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['env', 'team'] }));
    const all = await iam().send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }));
    assert.deepEqual(all.Tags, [{ Key: 'cost', Value: '1' }]);
    await rejectsWith(iam().send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidInputException', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    await rejectsWith(iam().send(new TagSAMLProviderCommand({ SAMLProviderArn: arnOf('Nope'), Tags: [{ Key: 'a', Value: '1' }] })), 'NoSuchEntityException');
  });

  it('stores AssertionEncryptionMode and private keys (never returned)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await rejectsWith(iam().send(new CreateSAMLProviderCommand({ Name: 'Enc0', SAMLMetadataDocument: idp.metadata(), AssertionEncryptionMode: 'Required' })), 'InvalidInputException');
    const arn = (await iam().send(new CreateSAMLProviderCommand({ Name: 'Enc', SAMLMetadataDocument: idp.metadata(), AssertionEncryptionMode: 'Required', AddPrivateKey: keyPem }))).SAMLProviderArn!;
    const g = await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(g.AssertionEncryptionMode, 'Required');
    assert.equal(g.PrivateKeyList!.length, 1);
    assert.match(g.PrivateKeyList![0]!.KeyId!, /^[A-Z0-9]{26}$/);
    assert.ok(!JSON.stringify(g).includes('PRIVATE KEY'));
    await iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AssertionEncryptionMode: 'Allowed', RemovePrivateKey: g.PrivateKeyList![0]!.KeyId! }));
    const g2 = await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(g2.AssertionEncryptionMode, 'Allowed');
    assert.deepEqual(g2.PrivateKeyList ?? [], []);
    await rejectsWith(iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, AddPrivateKey: 'not a key' })), 'InvalidInputException');
  });

  it('is authorized against the provider ARN', async () => {
    const arn = (await iam().send(new CreateSAMLProviderCommand({ Name: 'Guarded', SAMLMetadataDocument: idp.metadata() }))).SAMLProviderArn!;
    const reader = await putUser(t, 'saml-reader', { inline: { read: allow('iam:GetSAMLProvider', arn) } });
    assert.ok((await t.iam(reader).send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLMetadataDocument);
    await rejectsWith(
      t.iam(reader).send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })),
      'AccessDenied',
      `User: ${reader.arn} is not authorized to perform: iam:DeleteSAMLProvider on resource: ${arn} because no identity-based policy allows the iam:DeleteSAMLProvider action`,
    );
    await rejectsWith(t.iam(reader).send(new CreateSAMLProviderCommand({ Name: 'X', SAMLMetadataDocument: idp.metadata() })), 'AccessDenied');
  });
});
