/** IAM OIDC identity providers with the AWS SDK v3: every action and its error paths, AWS's messages. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand, CreateOpenIDConnectProviderCommand, DeleteOpenIDConnectProviderCommand, GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProviderTagsCommand, ListOpenIDConnectProvidersCommand, RemoveClientIDFromOpenIDConnectProviderCommand, TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand, UpdateOpenIDConnectProviderThumbprintCommand, type IAMClient,
} from '@aws-sdk/client-iam';
import { rejectsWith } from '../support/assert.js';
import { allow, putUser } from '../support/fixtures.js';
import { type TestServer, startTestServer } from '../support/server.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('IAM OIDC providers with the AWS SDK v3', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = t.iam();
  });
  after(async () => {
    await t.close();
  });
  const arnOf = (name: string): string => `arn:aws:iam::${t.account}:oidc-provider/${name}`;

  it('creates, gets and lists providers; the ARN and Url carry the URL without https://', async () => {
    const r = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.example.com/tenant', ClientIDList: ['app-1', 'sts.amazonaws.com'], ThumbprintList: [A] }));
    assert.equal(r.OpenIDConnectProviderArn, arnOf('oidc.example.com/tenant'));
    assert.equal(r.Tags, undefined);
    const g = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: r.OpenIDConnectProviderArn }));
    assert.equal(g.Url, 'oidc.example.com/tenant');
    assert.deepEqual(g.ClientIDList, ['app-1', 'sts.amazonaws.com']);
    assert.deepEqual(g.ThumbprintList, [A]);
    assert.deepEqual(g.Tags, []);
    assert.ok(g.CreateDate instanceof Date);
    // Thumbprints are optional in current AWS.
    const bare = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://bare.example.com' }));
    const gb = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: bare.OpenIDConnectProviderArn }));
    assert.deepEqual(gb.ClientIDList, []);
    assert.deepEqual(gb.ThumbprintList, []);
    const list = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    const arns = (list.OpenIDConnectProviderList ?? []).map((p) => p.Arn);
    assert.ok(arns.includes(arnOf('oidc.example.com/tenant')) && arns.includes(arnOf('bare.example.com')));
  });

  it('refuses duplicates, bad URLs, too many thumbprints or client ids, with AWS messages', async () => {
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://dup.example.com', ThumbprintList: [A] }));
    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://dup.example.com', ThumbprintList: [A] })), 'EntityAlreadyExistsException', 'Provider with url https://dup.example.com already exists.');
    for (const Url of ['example.org', 'http://plain.example.com', 'https://q.example.com/?a=1', 'https://frag.example.com/#x', 'https://', 'https://user@x.example.com']) {
      await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url })), 'ValidationError', 'Invalid Open ID Connect Provider URL');
    }
    await rejectsWith(
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://thumbs.example.com', ThumbprintList: [A, B, 'c'.repeat(40), 'd'.repeat(40), 'e'.repeat(40), 'f'.repeat(40)] })),
      'InvalidInputException', 'Thumbprint list must contain fewer than 5 entries.',
    );
    await rejectsWith(
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://clients.example.com', ClientIDList: Array.from({ length: 101 }, (_, i) => `c${i}`) })),
      'LimitExceededException', 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    );
    await rejectsWith(
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'b'.repeat(256), ThumbprintList: ['b'.repeat(41)], ClientIDList: ['b'.repeat(256)] })),
      'ValidationError',
      "3 validation errors detected: Value at 'clientIDList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1]; " +
        "Value at 'thumbprintList' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 40, Member must have length greater than or equal to 40]; " +
        "Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255",
    );
    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://hex.example.com', ThumbprintList: ['z'.repeat(40)] })), 'InvalidInputException');
  });

  it('adds and removes client ids idempotently, and keeps to 100', async () => {
    const { OpenIDConnectProviderArn: arn } = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://clients2.example.com', ClientIDList: ['one'] }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'two' }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'two' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'one' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'absent' }));
    const g = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(g.ClientIDList, ['two']);
    await rejectsWith(iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: '' })), 'ValidationError', /clientID/);
    const full = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://full.example.com', ClientIDList: Array.from({ length: 100 }, (_, i) => `c${i}`) }));
    await rejectsWith(
      iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: full.OpenIDConnectProviderArn, ClientID: 'one-more' })),
      'LimitExceededException', 'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    );
  });

  it('replaces the thumbprint list', async () => {
    const { OpenIDConnectProviderArn: arn } = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://thumb.example.com', ThumbprintList: [B] }));
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['c'.repeat(40), 'd'.repeat(40)] }));
    const g = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(g.ThumbprintList, ['c'.repeat(40), 'd'.repeat(40)]);
    await rejectsWith(
      iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: Array.from({ length: 6 }, (_, i) => String(i).repeat(40)) })),
      'InvalidInputException', 'Thumbprint list must contain fewer than 5 entries.',
    );
  });

  it('tags, untags and pages through tags; at most 50', async () => {
    const tags = Array.from({ length: 10 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
    const r = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://tags.example.com', Tags: tags }));
    assert.equal(r.Tags?.length, 10);
    const arn = r.OpenIDConnectProviderArn;
    const p1 = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, MaxItems: 4 }));
    assert.equal(p1.Tags?.length, 4);
    assert.equal(p1.IsTruncated, true);
    const p2 = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, MaxItems: 4, Marker: p1.Marker }));
    const p3 = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn, Marker: p2.Marker }));
    assert.equal(p3.Tags?.length, 2);
    assert.equal(p3.IsTruncated, false);
    assert.equal(p3.Marker, undefined);
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'K00', Value: 'new' }] }));
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['k01', 'k02'] }));
    const all = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(all.Tags?.length, 8);
    assert.deepEqual(all.Tags?.[0], { Key: 'K00', Value: 'new' });
    const more = Array.from({ length: 43 }, (_, i) => ({ Key: `m${i}`, Value: 'x' }));
    await rejectsWith(iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: more })), 'LimitExceededException', 'The number of tags has reached the maximum limit.');
    await rejectsWith(
      iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
      'InvalidInputException', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
  });

  it('answers NoSuchEntity for a missing provider on every action; delete is not idempotent', async () => {
    const missing = arnOf('missing.example.com');
    const notFound = `OpenIDConnect Provider not found for arn ${missing}`;
    await rejectsWith(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: missing })), 'NoSuchEntityException', notFound);
    await rejectsWith(iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: missing, ClientID: 'x' })), 'NoSuchEntityException', notFound);
    await rejectsWith(iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: missing, ClientID: 'x' })), 'NoSuchEntityException', notFound);
    await rejectsWith(iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: missing, ThumbprintList: [A] })), 'NoSuchEntityException', notFound);
    await rejectsWith(iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: missing, Tags: [{ Key: 'k', Value: 'v' }] })), 'NoSuchEntityException', notFound);
    await rejectsWith(iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: missing, TagKeys: ['k'] })), 'NoSuchEntityException', notFound);
    await rejectsWith(iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: missing })), 'NoSuchEntityException', notFound);
    // Another account's provider: the ARN's account is not the caller's (cross-account IAM is denied).
    await rejectsWith(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: 'arn:aws:iam::222222222222:oidc-provider/x.example.com' })), 'AccessDenied');
    const { OpenIDConnectProviderArn: arn } = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://gone.example.com' }));
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await rejectsWith(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntityException', `OpenIDConnect Provider not found for arn ${arn!}`);
    await rejectsWith(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntityException', `OpenId connect Provider ${arn!} cannot be found.`);
  });

  it('authorizes against the provider ARN', async () => {
    const { OpenIDConnectProviderArn: arn } = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://authz.example.com' }));
    const reader = await putUser(t, 'oidc-reader', { inline: { read: allow('iam:GetOpenIDConnectProvider', arn) } });
    const g = await t.iam(reader).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(g.Url, 'authz.example.com');
    await rejectsWith(
      t.iam(reader).send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })),
      'AccessDenied',
      `User: ${reader.arn} is not authorized to perform: iam:DeleteOpenIDConnectProvider on resource: ${arn!} because no identity-based policy allows the iam:DeleteOpenIDConnectProvider action`,
    );
    await rejectsWith(t.iam(reader).send(new ListOpenIDConnectProvidersCommand({})), 'AccessDenied');
  });
});
