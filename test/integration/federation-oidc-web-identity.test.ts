/**
 * sts:AssumeRoleWithWebIdentity against a real local OIDC issuer (HTTPS, private CA trusted by a
 * registered thumbprint), with the AWS SDK v3: the session, its keys and tags, key rotation,
 * JWKS caching, TLS trust and the development switch for http:// issuers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateOpenIDConnectProviderCommand, GetOpenIDConnectProviderCommand, UpdateOpenIDConnectProviderThumbprintCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, type AssumeRoleWithWebIdentityCommandInput, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { rejectsWith, sessionCredentials } from '../support/assert.js';
import { allow, putRole } from '../support/fixtures.js';
import { DENIED, OidcIssuer, anonymousSts, register, trustWebIdentity } from '../support/oidc-issuer.js';
import { type TestServer, startTestServer } from '../support/server.js';

describe('sts:AssumeRoleWithWebIdentity with a real OIDC issuer', () => {
  let t: TestServer;
  let issuer: OidcIssuer;
  let providerArn: string;
  before(async () => {
    t = await startTestServer();
    issuer = await OidcIssuer.start({ path: '/tenant-a' });
    providerArn = await register(t, issuer, ['sts.amazonaws.com', 'mobile-app']);
  });
  after(async () => {
    await issuer.close();
    await t.close();
  });
  const assume = (input: Omit<AssumeRoleWithWebIdentityCommandInput, 'RoleSessionName'> & { RoleSessionName?: string }) =>
    anonymousSts(t).send(new AssumeRoleWithWebIdentityCommand({ RoleSessionName: 'web', ...input }));

  it('verifies the token, checks the trust policy and returns a role session', async () => {
    const name = issuer.name;
    assert.match(name, /^127\.0\.0\.1:\d+\/tenant-a$/);
    const role = await putRole(t, 'web-app', trustWebIdentity(providerArn, { StringEquals: { [`${name}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${name}:sub`]: 'user-*' } }), {
      inline: { read: allow('iam:GetOpenIDConnectProvider', providerArn, { Condition: { StringEquals: { 'aws:FederatedProvider': providerArn } } }) },
    });
    const token = await issuer.token({ sub: 'user-1', aud: 'sts.amazonaws.com' });
    const r = await assume({ RoleArn: role.arn, RoleSessionName: 'alice', WebIdentityToken: token });
    assert.match(r.Credentials!.AccessKeyId!, /^ASIA/);
    assert.equal(r.SubjectFromWebIdentityToken, 'user-1');
    assert.equal(r.Audience, 'sts.amazonaws.com');
    assert.equal(r.Provider, providerArn);
    assert.equal(r.AssumedRoleUser!.Arn, `arn:aws:sts::${t.account}:assumed-role/web-app/alice`);
    assert.equal(r.AssumedRoleUser!.AssumedRoleId, `${role.id}:alice`);
    assert.equal(r.PackedPolicySize, undefined);
    assert.equal(r.SourceIdentity, undefined);
    const who = await t.sts(sessionCredentials(r)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:sts::${t.account}:assumed-role/web-app/alice`);
    // The session carries aws:FederatedProvider.
    const g = await t.iam(sessionCredentials(r)).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }));
    assert.equal(g.Url, name);
  });

  it('accepts ES256 tokens, azp as the audience, and exp within the five-minute skew window', async () => {
    const role = await putRole(t, 'web-azp', trustWebIdentity(providerArn, { StringEquals: { [`${issuer.name}:aud`]: 'mobile-app', [`${issuer.name}:oaud`]: 'other-service' } }));
    const token = await issuer.token({ sub: 'user-2', aud: 'other-service', azp: 'mobile-app' }, { kid: 'key-ec' });
    const r = await assume({ RoleArn: role.arn, WebIdentityToken: token });
    assert.equal(r.Audience, 'mobile-app');
    const now = Math.floor(Date.now() / 1000);
    const late = await issuer.token({ sub: 'user-2', aud: 'other-service', azp: 'mobile-app', iat: now - 3600, exp: now - 60 });
    assert.ok((await assume({ RoleArn: role.arn, WebIdentityToken: late })).Credentials);
  });

  it('session tags and source identity from the token need sts:TagSession and sts:SetSourceIdentity', async () => {
    const claims = {
      sub: 'user-3', aud: 'sts.amazonaws.com',
      'https://aws.amazon.com/tags': { principal_tags: { Project: ['Blue'], CostCenter: ['42'] }, transitive_tag_keys: ['Project'] },
      'https://aws.amazon.com/source_identity': 'alice@example.com',
    };
    const token = await issuer.token(claims);
    const plain = await putRole(t, 'web-notags', trustWebIdentity(providerArn));
    await rejectsWith(assume({ RoleArn: plain.arn, WebIdentityToken: token }), 'AccessDenied', DENIED);
    const tagsOnly = await putRole(t, 'web-tagsonly', trustWebIdentity(providerArn, {}, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession']));
    await rejectsWith(assume({ RoleArn: tagsOnly.arn, WebIdentityToken: token }), 'AccessDenied', DENIED);
    const role = await putRole(
      t, 'web-tags',
      trustWebIdentity(providerArn, { StringEquals: { 'aws:RequestTag/Project': 'Blue', 'sts:SourceIdentity': 'alice@example.com' } }, ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity']),
      { inline: { read: allow('iam:GetOpenIDConnectProvider', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/Project': 'Blue', 'aws:SourceIdentity': 'alice@example.com' } } }) } },
    );
    const r = await assume({ RoleArn: role.arn, WebIdentityToken: token });
    assert.equal(r.SourceIdentity, 'alice@example.com');
    assert.ok(typeof r.PackedPolicySize === 'number' && r.PackedPolicySize > 0);
    const g = await t.iam(sessionCredentials(r)).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }));
    assert.equal(g.Url, issuer.name);
    const bad = await issuer.token({ sub: 'user-3', aud: 'sts.amazonaws.com', 'https://aws.amazon.com/tags': { principal_tags: 'not-an-object' } });
    await rejectsWith(assume({ RoleArn: role.arn, WebIdentityToken: bad }), 'IDPRejectedClaimException');
  });

  it('keeps DurationSeconds within the role maximum and applies a session policy', async () => {
    const role = await putRole(t, 'web-duration', trustWebIdentity(providerArn), { maxSessionDuration: 7200, inline: { all: allow('iam:*') } });
    const token = await issuer.token({ sub: 'user-4', aud: 'sts.amazonaws.com' });
    const ok = await assume({ RoleArn: role.arn, WebIdentityToken: token, DurationSeconds: 7200, Policy: JSON.stringify(allow('sts:GetCallerIdentity')) });
    assert.ok(typeof ok.PackedPolicySize === 'number');
    await rejectsWith(
      t.iam(sessionCredentials(ok)).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn })),
      'AccessDenied', /because no session policy allows the iam:GetOpenIDConnectProvider action$/,
    );
    await rejectsWith(assume({ RoleArn: role.arn, WebIdentityToken: token, DurationSeconds: 7201 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    await rejectsWith(assume({ RoleArn: role.arn, WebIdentityToken: token, DurationSeconds: 899 }), 'ValidationError', /durationSeconds/);
    await rejectsWith(assume({ RoleArn: role.arn, WebIdentityToken: token, Policy: '{"Version":"2012-10-17"}' }), 'MalformedPolicyDocumentException');
  });

  it('caches the JWKS and follows key rotation with one refetch for an unknown kid', async () => {
    const role = await putRole(t, 'web-rotate', trustWebIdentity(providerArn));
    const keysPath = `${new URL(issuer.url).pathname}/keys`;
    const fetched = issuer.hits.get(keysPath) ?? 0;
    assert.ok(fetched >= 1);
    for (let i = 0; i < 3; i++) await assume({ RoleArn: role.arn, WebIdentityToken: await issuer.token({ sub: 'user-5', aud: 'sts.amazonaws.com' }) });
    assert.equal(issuer.hits.get(keysPath), fetched, 'the key set is served from the cache');
    await issuer.rotateKey('key-2');
    const rotated = await issuer.token({ sub: 'user-5', aud: 'sts.amazonaws.com' }, { kid: 'key-2' });
    assert.ok((await assume({ RoleArn: role.arn, WebIdentityToken: rotated })).Credentials);
    assert.equal(issuer.hits.get(keysPath), fetched + 1);
    // A second unknown kid right away does not refetch (rate limit), and is refused.
    await rejectsWith(assume({ RoleArn: role.arn, WebIdentityToken: await issuer.token({ sub: 'u', aud: 'sts.amazonaws.com' }, { kid: 'key-2', header: { kid: 'nope' } }) }), 'InvalidIdentityTokenException');
    assert.equal(issuer.hits.get(keysPath), fetched + 1);
  });

  it('trusts a private CA only through its registered thumbprint, and follows thumbprint updates', async () => {
    const other = await OidcIssuer.start();
    try {
      const arn = await register(t, other, ['sts.amazonaws.com'], ['a'.repeat(40)]);
      const role = await putRole(t, 'web-pinned', trustWebIdentity(arn));
      const token = await other.token({ sub: 'user-6', aud: 'sts.amazonaws.com' });
      const thumbprint = "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint";
      await rejectsWith(assume({ RoleArn: role.arn, WebIdentityToken: token }), 'InvalidIdentityTokenException', thumbprint);
      await t.iam().send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [other.tls!.thumbprint] }));
      // The issuer now presents a certificate from another CA: refused until it is registered.
      const next = await other.rotateCertificate();
      await rejectsWith(assume({ RoleArn: role.arn, WebIdentityToken: token }), 'InvalidIdentityTokenException', thumbprint);
      await t.iam().send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['b'.repeat(40), next.thumbprint.toUpperCase()] }));
      assert.ok((await assume({ RoleArn: role.arn, WebIdentityToken: token })).Credentials);
    } finally {
      await other.close();
    }
  });
});

describe('http:// issuers need the development switch', () => {
  it('is refused by default and works with ROLEGATE_ALLOW_INSECURE_OIDC=1', async () => {
    const issuer = await OidcIssuer.start({ insecure: true });
    const strict = await startTestServer();
    const dev = await startTestServer({ env: { ROLEGATE_ALLOW_INSECURE_OIDC: '1' } });
    try {
      await rejectsWith(
        strict.iam().send(new CreateOpenIDConnectProviderCommand({ Url: issuer.url, ClientIDList: ['sts.amazonaws.com'] })),
        'ValidationError', 'Invalid Open ID Connect Provider URL',
      );
      const token = await issuer.token({ sub: 'dev-user', aud: 'sts.amazonaws.com' });
      const strictRole = await putRole(strict, 'web-http', trustWebIdentity(`arn:aws:iam::${strict.account}:oidc-provider/${issuer.name}`));
      await rejectsWith(
        anonymousSts(strict).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: strictRole.arn, RoleSessionName: 'dev', WebIdentityToken: token })),
        'InvalidIdentityTokenException', `No OpenIDConnect provider found in your account for ${issuer.url}`,
      );
      const arn = await register(dev, issuer, ['sts.amazonaws.com'], []);
      assert.equal(arn, `arn:aws:iam::${dev.account}:oidc-provider/${issuer.name}`);
      const role = await putRole(dev, 'web-http', trustWebIdentity(arn));
      const r = await anonymousSts(dev).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: role.arn, RoleSessionName: 'dev', WebIdentityToken: token }));
      assert.equal(r.SubjectFromWebIdentityToken, 'dev-user');
    } finally {
      await issuer.close();
      await strict.close();
      await dev.close();
    }
  });
});
