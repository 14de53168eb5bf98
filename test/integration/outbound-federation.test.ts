/**
 * AWS's outbound identity federation on Rolegate's own issuer: iam:Enable/Get/
 * DisableOutboundWebIdentityFederation and sts:GetWebIdentityToken through the SDK v3 clients;
 * tokens verified with `jose` against the JWKS the server publishes; the condition keys
 * sts:IdentityTokenAudience, sts:DurationSeconds and sts:SigningAlgorithm; and the tokens refused
 * by AssumeRoleWithWebIdentity, as AWS documents.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateOpenIDConnectProviderCommand,
  DisableOutboundWebIdentityFederationCommand,
  EnableOutboundWebIdentityFederationCommand,
  GetOutboundWebIdentityFederationInfoCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { type JSONWebKeySet, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { putRole, putUser, trustPrincipal } from '../support/fixtures.js';
import { getJson, issuerOf, mintToken } from '../support/issuer.js';
import { anonymousSts, trustWebIdentity } from '../support/oidc-issuer.js';
import { type TestServer, startTestServer } from '../support/server.js';

const AUDIENCE = 'https://api.example.com';

describe('outbound identity federation: sts:GetWebIdentityToken', () => {
  let t: TestServer;
  const logs: string[] = [];
  before(async () => {
    t = await startTestServer({ log: (l) => logs.push(l) });
  });
  after(async () => {
    await t.close();
  });
  const jwks = async (): Promise<JSONWebKeySet> => (await getJson(t, `/outbound/${t.account}/.well-known/jwks.json`)).json as unknown as JSONWebKeySet;
  const verify = async (token: string, audience = AUDIENCE) =>
    (await jwtVerify(token, createLocalJWKSet(await jwks()), { issuer: issuerOf(t, 'outbound'), audience, algorithms: ['RS256', 'ES384'] })).payload;

  it('is off until enabled: no issuer documents, GetWebIdentityToken and GetOutboundWebIdentityFederationInfo refused', async () => {
    assert.equal((await getJson(t, `/outbound/${t.account}/.well-known/openid-configuration`)).status, 404);
    await assert.rejects(t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256' })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'OutboundWebIdentityFederationDisabledException');
      assert.equal(e.$metadata?.httpStatusCode, 403);
      return true;
    });
    await assert.rejects(t.iam().send(new GetOutboundWebIdentityFederationInfoCommand({})), { name: 'FeatureDisabledException' });
    await assert.rejects(t.iam().send(new DisableOutboundWebIdentityFederationCommand({})), { name: 'FeatureDisabledException' });
  });

  it('enable answers the per-account issuer; a second enable is FeatureEnabled; info reports it', async () => {
    const r = await t.iam().send(new EnableOutboundWebIdentityFederationCommand({}));
    assert.equal(r.IssuerIdentifier, issuerOf(t, 'outbound'));
    await assert.rejects(t.iam().send(new EnableOutboundWebIdentityFederationCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'FeatureEnabledException');
      assert.equal(e.$metadata?.httpStatusCode, 409);
      return true;
    });
    const info = await t.iam().send(new GetOutboundWebIdentityFederationInfoCommand({}));
    assert.equal(info.IssuerIdentifier, issuerOf(t, 'outbound'));
    assert.equal(info.JwtVendingEnabled, true);
    const d = await getJson(t, `/outbound/${t.account}/.well-known/openid-configuration`);
    assert.equal(d.status, 200);
    assert.equal(d.json.issuer, issuerOf(t, 'outbound'));
    assert.deepEqual(d.json.id_token_signing_alg_values_supported, ['RS256', 'ES384']);
  });

  it('a burst of first calls makes one key per algorithm, every token carrying its kid', async () => {
    const tokens = await Promise.all(Array.from({ length: 8 }, () => t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256' }))));
    const kids = new Set(tokens.map((r) => decodeProtectedHeader(r.WebIdentityToken!).kid));
    assert.equal(kids.size, 1);
    const rs = (await jwks()).keys.filter((k) => k.alg === 'RS256').map((k) => k.kid);
    assert.ok(rs.includes([...kids][0]));
    // This window's key, and the next one's only in the window's last quarter.
    assert.ok(rs.length <= 2, String(rs.length));
  });

  it('RS256 and ES384 tokens verify against the served JWKS, with AWS\'s claims', async () => {
    const admin = `arn:aws:iam::${t.account}:user/admin`;
    for (const alg of ['RS256', 'ES384'] as const) {
      const r = await t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: alg, DurationSeconds: 120 }));
      const token = r.WebIdentityToken!;
      const header = decodeProtectedHeader(token);
      assert.equal(header.alg, alg);
      const key = (await jwks()).keys.find((k) => k.kid === header.kid)!;
      assert.equal(key.alg, alg);
      assert.equal(key.kty, alg === 'RS256' ? 'RSA' : 'EC');
      if (alg === 'ES384') assert.equal(key.crv, 'P-384');
      assert.equal((key as Record<string, unknown>).d, undefined);
      const claims = await verify(token);
      assert.equal(claims.aud, AUDIENCE);
      assert.equal(claims.sub, admin);
      assert.equal(claims.exp! - claims.iat!, 120);
      assert.equal(r.Expiration!.getTime(), claims.exp! * 1000);
      assert.match(String(claims.jti), /^[0-9a-f-]{36}$/);
      assert.deepEqual(claims['https://sts.amazonaws.com/'], { aws_account: t.account, source_region: 'us-east-1' });
    }
    const kids = (await jwks()).keys.map((k) => k.kid);
    assert.equal(new Set(kids).size, kids.length);
    // Several audiences: a list; default duration 300 s.
    const multi = await verify((await t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE, 'vault'], SigningAlgorithm: 'RS256' }))).WebIdentityToken!);
    assert.deepEqual(multi.aud, [AUDIENCE, 'vault']);
    assert.equal(multi.exp! - multi.iat!, 300);
  });

  it('validates the algorithm, audiences and duration', async () => {
    for (const input of [
      { Audience: [AUDIENCE], SigningAlgorithm: 'HS256' },
      { Audience: [AUDIENCE], SigningAlgorithm: 'none' },
      { Audience: [], SigningAlgorithm: 'RS256' },
      { Audience: [AUDIENCE], SigningAlgorithm: 'RS256', DurationSeconds: 59 },
      { Audience: [AUDIENCE], SigningAlgorithm: 'RS256', DurationSeconds: 3601 },
    ]) {
      await assert.rejects(t.sts().send(new GetWebIdentityTokenCommand(input)), { name: 'ValidationError' }, JSON.stringify(input));
    }
  });

  it('sts:IdentityTokenAudience, sts:DurationSeconds and sts:SigningAlgorithm; Tags need sts:TagGetWebIdentityToken', async () => {
    const user = await putUser(t, 'workload', {
      tags: { team: 'data' },
      inline: {
        token: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:GetWebIdentityToken',
              Resource: '*',
              Condition: {
                'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': AUDIENCE },
                NumericLessThanEquals: { 'sts:DurationSeconds': 300 },
                StringEquals: { 'sts:SigningAlgorithm': 'ES384' },
              },
            },
          ],
        },
      },
    });
    const sts = t.sts(user);
    const own = await verify((await sts.send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'ES384' }))).WebIdentityToken!);
    assert.equal(own.sub, user.arn);
    assert.deepEqual((own['https://sts.amazonaws.com/'] as Record<string, unknown>).principal_tags, { team: 'data' });
    for (const input of [
      { Audience: ['https://elsewhere.example.com'], SigningAlgorithm: 'ES384' },
      { Audience: [AUDIENCE, 'vault'], SigningAlgorithm: 'ES384' },
      { Audience: [AUDIENCE], SigningAlgorithm: 'ES384', DurationSeconds: 301 },
      { Audience: [AUDIENCE], SigningAlgorithm: 'RS256' },
    ]) {
      await assert.rejects(sts.send(new GetWebIdentityTokenCommand(input)), { name: 'AccessDenied', message: /sts:GetWebIdentityToken/ }, JSON.stringify(input));
    }
    const tags = [{ Key: 'job-id', Value: 'job-2024-001' }];
    await assert.rejects(sts.send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'ES384', Tags: tags })), {
      name: 'AccessDenied',
      message: /sts:TagGetWebIdentityToken/,
    });
    const tagged = await t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256', Tags: tags }));
    const claims = await verify(tagged.WebIdentityToken!);
    assert.deepEqual((claims['https://sts.amazonaws.com/'] as Record<string, unknown>).request_tags, { 'job-id': 'job-2024-001' });
  });

  it('request tags whose keys differ only in case are refused, as session tags are: a policy on aws:RequestTag/team cannot be slipped a "Team"', async () => {
    // Condition keys are case-insensitive: aws:RequestTag/team names "Team" too, so the policy
    // below means "the team tag, however spelt, is a". Without the check, a token carried
    // {"Team":"admin","team":"a"} under this policy.
    const user = await putUser(t, 'tagger', {
      inline: {
        token: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sts:GetWebIdentityToken', 'sts:TagGetWebIdentityToken'], Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'a' } } }],
        },
      },
    });
    const sts = t.sts(user);
    const ask = (tags: { Key: string; Value: string }[]) => sts.send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256', Tags: tags }));
    for (const tags of [
      [{ Key: 'Team', Value: 'admin' }, { Key: 'team', Value: 'a' }],
      [{ Key: 'team', Value: 'admin' }, { Key: 'team', Value: 'a' }],
    ]) {
      await assert.rejects(ask(tags), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'InvalidParameterValue', JSON.stringify(tags));
        assert.equal(e.message, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        return true;
      });
    }
    const claims = await verify((await ask([{ Key: 'team', Value: 'a' }])).WebIdentityToken!);
    assert.deepEqual((claims['https://sts.amazonaws.com/'] as Record<string, unknown>).request_tags, { team: 'a' });
  });

  it('a role session: sub is the role ARN; a token may not outlive the session', async () => {
    const role = await putRole(t, 'token-vendor', trustPrincipal(`arn:aws:iam::${t.account}:root`), {
      inline: { token: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }] } },
    });
    const c = (await t.sts().send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'vendor', DurationSeconds: 900 }))).Credentials!;
    const sts = t.sts({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    const r = await sts.send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256' }));
    assert.equal((await verify(r.WebIdentityToken!)).sub, role.arn);
    await assert.rejects(sts.send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256', DurationSeconds: 3600 })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'SessionDurationEscalationException');
      assert.equal(e.$metadata?.httpStatusCode, 403);
      return true;
    });
  });

  it('AssumeRoleWithWebIdentity refuses these tokens, even through a provider registered with the outbound issuer', async () => {
    const providerArn = (await t.iam().send(new CreateOpenIDConnectProviderCommand({ Url: issuerOf(t, 'outbound'), ClientIDList: [AUDIENCE] }))).OpenIDConnectProviderArn!;
    const role = await putRole(t, 'outbound-target', trustWebIdentity(providerArn));
    const token = (await t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256' }))).WebIdentityToken!;
    await assert.rejects(anonymousSts(t).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: role.arn, RoleSessionName: 'outbound', WebIdentityToken: token })), {
      name: 'InvalidIdentityTokenException',
    });
  });

  it('disable stops new tokens; tokens issued before still verify against the JWKS', async () => {
    const before = (await t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'ES384' }))).WebIdentityToken!;
    await t.iam().send(new DisableOutboundWebIdentityFederationCommand({}));
    assert.equal((await t.iam().send(new GetOutboundWebIdentityFederationInfoCommand({}))).JwtVendingEnabled, false);
    await assert.rejects(t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'RS256' })), { name: 'OutboundWebIdentityFederationDisabledException' });
    assert.equal((await verify(before)).aud, AUDIENCE);
    await t.iam().send(new EnableOutboundWebIdentityFederationCommand({}));
  });

  // Last: it stops the server to flush the audit log.
  it('no token, and no private key in clear, reaches the audit log, the log lines or the data directory', async () => {
    const web = (await t.sts().send(new GetWebIdentityTokenCommand({ Audience: [AUDIENCE], SigningAlgorithm: 'ES384' }))).WebIdentityToken!;
    const sa = await mintToken(t, { Subject: 'system:serviceaccount:ns:sa', Audience: ['sts.amazonaws.com'] });
    await t.server.close();
    const files = (readdirSync(t.dataDir, { recursive: true }) as string[]).flatMap((f) => {
      try {
        return [readFileSync(join(t.dataDir, f), 'latin1')];
      } catch {
        return [];
      }
    });
    const audit = readdirSync(join(t.dataDir, 'audit')).map((f) => readFileSync(join(t.dataDir, 'audit', f), 'utf8')).join('');
    assert.ok(audit.includes('"webIdentityToken":"HIDDEN_DUE_TO_SECURITY_REASONS"'));
    assert.ok(audit.includes('"token":"HIDDEN_DUE_TO_SECURITY_REASONS"'));
    for (const text of [...files, logs.join('\n')]) {
      for (const token of [web, sa]) assert.ok(!text.includes(token.split('.')[2]!), 'a token in clear');
      assert.ok(!text.includes('PRIVATE KEY'), 'a private key in clear');
    }
  });
});
