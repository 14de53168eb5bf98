/**
 * Rolegate as an OIDC issuer (src/federation/issuer/): the discovery document and JWKS served at
 * `<ROLEGATE_ISSUER_URL>/oidc/<account>`, service-account tokens minted by
 * rolegate:CreateServiceAccountToken (authorized like any call), verified by `jose` against the
 * served JWKS, accepted by AssumeRoleWithWebIdentity through a provider registered with the
 * issuer's URL (its keys resolved internally: no network), refused with a wrong audience, once
 * expired, or signed by another key; keys rotate and stay published while their tokens live.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetFederationTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { type JSONWebKeySet, SignJWT, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { allow, putRole, putUser, trustPrincipal } from '../support/fixtures.js';
import { getJson, issuerOf, mint, mintToken } from '../support/issuer.js';
import { anonymousSts, trustWebIdentity } from '../support/oidc-issuer.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { parseConfig } from '../../src/core/config.js';

const SUBJECT = 'system:serviceaccount:payments:api';
const HOUR = 3600;

describe('Rolegate as an OIDC issuer', () => {
  let t: TestServer;
  // A minute into a rotation window (hour-long here), so the next key's pre-publication (its last
  // quarter) happens only where the rotation test moves the clock.
  let nowMs = Math.floor(Date.now() / (HOUR * 1000)) * HOUR * 1000 + 60_000;
  let providerArn: string;
  let roleArn: string;
  const logs: string[] = [];
  before(async () => {
    t = await startTestServer({ now: () => new Date(nowMs), env: { ROLEGATE_ISSUER_KEY_ROTATION_SECONDS: String(HOUR) }, log: (l) => logs.push(l) });
    const iss = issuerOf(t);
    providerArn = (await t.iam().send(new CreateOpenIDConnectProviderCommand({ Url: iss, ClientIDList: ['sts.amazonaws.com'] }))).OpenIDConnectProviderArn!;
    const name = iss.slice('https://'.length);
    roleArn = (await putRole(t, 'payments-api', trustWebIdentity(providerArn, { StringEquals: { [`${name}:sub`]: SUBJECT, [`${name}:aud`]: 'sts.amazonaws.com' } }))).arn;
  });
  after(async () => {
    await t.close();
  });
  const assume = (token: string) =>
    anonymousSts(t).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'pod', WebIdentityToken: token }));
  const jwks = async (): Promise<JSONWebKeySet> => (await getJson(t, `/oidc/${t.account}/.well-known/jwks.json`)).json as unknown as JSONWebKeySet;

  it('serves the discovery document; the JWKS holds no key before a token is minted', async () => {
    const d = await getJson(t, `/oidc/${t.account}/.well-known/openid-configuration`);
    assert.equal(d.status, 200);
    assert.equal(d.json.issuer, issuerOf(t));
    assert.equal(d.json.jwks_uri, `${issuerOf(t)}/.well-known/jwks.json`);
    assert.deepEqual(d.json.id_token_signing_alg_values_supported, ['RS256']);
    assert.deepEqual((await jwks()).keys, []);
    // Not an account id: not an issuer's document (the request goes to the AWS pipeline, unsigned).
    assert.notEqual((await fetch(new URL('/oidc/12345/.well-known/jwks.json', t.url))).status, 200);
  });

  it('mints an EKS-shaped token that jose verifies against the served JWKS', async () => {
    const r = await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'], DurationSeconds: 900 }, t.admin, nowMs);
    assert.equal(r.status, 200);
    const token = r.json.Token as string;
    assert.equal(r.json.Issuer, issuerOf(t));
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.typ, 'JWT');
    const set = await jwks();
    assert.equal(set.keys.length, 1);
    const key = set.keys[0]!;
    assert.equal(key.kid, header.kid);
    assert.equal(key.alg, 'RS256');
    assert.equal(key.use, 'sig');
    assert.equal(key.kty, 'RSA');
    assert.equal((key as Record<string, unknown>).d, undefined, 'no private member is published');
    const { payload } = await jwtVerify(token, createLocalJWKSet(set), { issuer: issuerOf(t), audience: 'sts.amazonaws.com', currentDate: new Date(nowMs) });
    assert.equal(payload.sub, SUBJECT);
    assert.deepEqual(payload.aud, ['sts.amazonaws.com']);
    assert.equal(payload.exp! - payload.iat!, 900);
    assert.equal(payload.nbf, payload.iat);
    assert.equal(typeof payload.jti, 'string');
    const k8s = payload['kubernetes.io'] as { namespace: string; serviceaccount: { name: string; uid: string } };
    assert.equal(k8s.namespace, 'payments');
    assert.equal(k8s.serviceaccount.name, 'api');
    assert.match(k8s.serviceaccount.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The token is in no log line.
    assert.ok(!logs.some((l) => l.includes(token.split('.')[2]!)));
  });

  it('the token assumes the role through a provider registered with the issuer URL', async () => {
    const token = await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, t.admin, nowMs);
    const r = await assume(token);
    assert.match(r.Credentials!.AccessKeyId!, /^ASIA/);
    assert.equal(r.SubjectFromWebIdentityToken, SUBJECT);
    assert.equal(r.Provider, providerArn);
    assert.equal(r.Audience, 'sts.amazonaws.com');
  });

  it('refuses a wrong audience, another subject, an expired token and a token signed by another key', async () => {
    await assert.rejects(assume(await mintToken(t, { Subject: SUBJECT, Audience: ['other.example.com'] }, t.admin, nowMs)), { name: 'InvalidIdentityTokenException', message: /Incorrect token audience/ });
    await assert.rejects(assume(await mintToken(t, { Subject: 'system:serviceaccount:payments:other', Audience: ['sts.amazonaws.com'] }, t.admin, nowMs)), {
      name: 'AccessDenied',
    });
    // Expired: 600 s of life, past IAM's five minutes of skew.
    const short = await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'], DurationSeconds: 600 }, t.admin, nowMs);
    const saved = nowMs;
    nowMs += 901_000;
    try {
      await assert.rejects(assume(short), { name: 'ExpiredTokenException' });
    } finally {
      nowMs = saved;
    }
    // Same issuer, same kid, same claims: signed by a key that is not the issuer's.
    const good = await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, t.admin, nowMs);
    const { kid } = decodeProtectedHeader(good);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const iat = Math.floor(nowMs / 1000);
    const forged = await new SignJWT({ iss: issuerOf(t), sub: SUBJECT, aud: ['sts.amazonaws.com'], iat, nbf: iat, exp: iat + 600 })
      .setProtectedHeader({ alg: 'RS256', kid: kid!, typ: 'JWT' })
      .sign(privateKey);
    await assert.rejects(assume(forged), { name: 'InvalidIdentityTokenException' });
    // alg=none never verifies.
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid })).toString('base64url')}.${good.split('.')[1]}.`;
    await assert.rejects(assume(none), { name: 'InvalidIdentityTokenException' });
  });

  it('minting is authorized: no policy, AccessDenied; a policy scoped to a namespace and an audience', async () => {
    const nobody = await putUser(t, 'nobody');
    const r = await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, nobody, nowMs);
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'AccessDeniedException');
    assert.match(String(r.json.Message), new RegExp(`rolegate:CreateServiceAccountToken on resource: arn:aws:rolegate::${t.account}:serviceaccount/payments/api`));
    const scoped = await putUser(t, 'deployer', {
      inline: {
        mint: allow('rolegate:CreateServiceAccountToken', `arn:aws:rolegate::${t.account}:serviceaccount/payments/*`, {
          Condition: { 'ForAllValues:StringEquals': { 'rolegate:TokenAudience': ['sts.amazonaws.com'] } },
        }),
      },
    });
    assert.equal((await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, scoped, nowMs)).status, 200);
    assert.equal((await mint(t, { Subject: 'system:serviceaccount:billing:api', Audience: ['sts.amazonaws.com'] }, scoped, nowMs)).json.__type, 'AccessDeniedException');
    assert.equal((await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com', 'vault'] }, scoped, nowMs)).json.__type, 'AccessDeniedException');
  });

  it('minting can be scoped to one pod: rolegate:PodName and rolegate:PodUid (else any minter of the service account could claim a sibling pod\'s uid)', async () => {
    const uid = '0a1b2c3d-0000-4000-8000-000000000001';
    const onePod = await putUser(t, 'pod-minter', {
      inline: {
        mint: allow('rolegate:CreateServiceAccountToken', `arn:aws:rolegate::${t.account}:serviceaccount/payments/api`, {
          Condition: { StringEquals: { 'rolegate:PodName': 'api-1', 'rolegate:PodUid': uid } },
        }),
      },
    });
    const podToken = (claims: object): Promise<{ status: number; json: Record<string, unknown> }> => mint(t, { Subject: SUBJECT, Audience: ['pods.eks.amazonaws.com'], ...claims }, onePod, nowMs);
    assert.equal((await podToken({ PodName: 'api-1', PodUid: uid })).status, 200);
    assert.equal((await podToken({ PodName: 'api-1', PodUid: '0a1b2c3d-0000-4000-8000-000000000002' })).json.__type, 'AccessDeniedException');
    assert.equal((await podToken({ PodName: 'api-2', PodUid: uid })).json.__type, 'AccessDeniedException');
    // No pod (or a server-chosen uid): the keys are absent, and the condition is not met.
    assert.equal((await podToken({})).json.__type, 'AccessDeniedException');
    assert.equal((await podToken({ PodName: 'api-1' })).json.__type, 'AccessDeniedException');
  });

  it('federation tokens (GetFederationToken) may not mint, as they may not assume roles', async () => {
    const c = (await t.sts().send(new GetFederationTokenCommand({ Name: 'minter', Policy: JSON.stringify(allow('rolegate:*')) }))).Credentials!;
    const r = await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, nowMs);
    assert.equal(r.json.__type, 'AccessDeniedException');
    assert.match(String(r.json.Message), /Cannot call CreateServiceAccountToken with session credentials/);
  });

  it('a role session mints no token that outlives it (as sts:GetWebIdentityToken: SessionDurationEscalationException)', async () => {
    // Else a session about to expire, or revoked by a policy on aws:TokenIssueTime, leaves behind a
    // day-long token that keeps assuming the roles trusting the issuer.
    const role = await putRole(t, 'minter', trustPrincipal(`arn:aws:iam::${t.account}:root`), { inline: { mint: allow('rolegate:CreateServiceAccountToken') } });
    const sts = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: t.admin, systemClockOffset: nowMs - Date.now() });
    const c = (await sts.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'ci', DurationSeconds: 900 }))).Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const long = await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, session, nowMs);
    assert.equal(long.status, 403, JSON.stringify(long.json));
    assert.equal(long.json.__type, 'SessionDurationEscalationException');
    assert.equal((await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'], DurationSeconds: 901 }, session, nowMs)).json.__type, 'SessionDurationEscalationException');
    assert.equal((await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'], DurationSeconds: 600 }, session, nowMs)).status, 200);
    // Long-term keys have no session to outlive.
    assert.equal((await mint(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'], DurationSeconds: 86_400 }, t.admin, nowMs)).status, 200);
  });

  it('validates the subject, audiences and duration', async () => {
    for (const input of [
      { Subject: 'arn:aws:iam::111111111111:role/admin', Audience: ['sts.amazonaws.com'] },
      { Subject: 'system:serviceaccount:Payments:api', Audience: ['sts.amazonaws.com'] },
      { Subject: SUBJECT, Audience: [] },
      { Subject: SUBJECT, Audience: ['sts.amazonaws.com'], DurationSeconds: 599 },
      { Subject: SUBJECT, Audience: ['sts.amazonaws.com'], DurationSeconds: 86_401 },
    ]) {
      const r = await mint(t, input, t.admin, nowMs);
      assert.equal(r.json.__type, 'ValidationException', JSON.stringify(input));
    }
  });

  it('rotates keys: a new kid each period, published before it signs; old keys published until their tokens expire, then dropped', async () => {
    const start = nowMs;
    try {
      const before = await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'], DurationSeconds: 7200 }, t.admin, nowMs);
      const oldKid = decodeProtectedHeader(before).kid;
      assert.deepEqual((await jwks()).keys.map((k) => k.kid), [oldKid]);
      // In the window's last quarter, the next key is published before it signs.
      nowMs += 50 * 60_000;
      assert.equal(decodeProtectedHeader(await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, t.admin, nowMs)).kid, oldKid);
      const published = (await jwks()).keys.map((k) => k.kid);
      assert.equal(published.length, 2);
      const nextKid = published.find((k) => k !== oldKid);
      nowMs += 10 * 60_000;
      const afterRotation = await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, t.admin, nowMs);
      const newKid = decodeProtectedHeader(afterRotation).kid;
      assert.notEqual(newKid, oldKid);
      assert.equal(newKid, nextKid);
      const kids = (await jwks()).keys.map((k) => k.kid);
      assert.ok(kids.includes(oldKid) && kids.includes(newKid));
      // The token the retired key signed still works while it lives; so does the new one.
      await assume(before);
      await assume(afterRotation);
      // A day and more later, the old key's every token has expired: it leaves the JWKS.
      nowMs += 26 * HOUR * 1000;
      await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] }, t.admin, nowMs);
      const later = (await jwks()).keys.map((k) => k.kid);
      assert.ok(!later.includes(oldKid));
      assert.equal(new Set(later).size, later.length, 'kids are unique');
    } finally {
      nowMs = start;
    }
  });
});

describe('ROLEGATE_ISSUER_URL', () => {
  it('is checked at start: https only (http only with the development switch), no query, no trailing slash; the rotation period is bounded', () => {
    for (const bad of ['http://id.example.com', 'https://id.example.com/', 'https://id.example.com?x=1', 'https://user:pw@id.example.com', 'not a url', 'https://id.example.com#f']) {
      assert.throws(() => parseConfig([], { ROLEGATE_ISSUER_URL: bad }), /ROLEGATE_ISSUER_URL must be https:\/\/host\[:port\]\[\/path\]/, bad);
    }
    assert.equal(parseConfig([], { ROLEGATE_ISSUER_URL: 'http://localhost:7653', ROLEGATE_ALLOW_INSECURE_OIDC: '1' }).issuerUrl, 'http://localhost:7653');
    assert.equal(parseConfig([], {}).issuerUrl, 'https://rolegate.localhost');
    for (const bad of ['600', '7776001', 'x']) {
      assert.throws(() => parseConfig([], { ROLEGATE_ISSUER_KEY_ROTATION_SECONDS: bad }), /ROLEGATE_ISSUER_KEY_ROTATION_SECONDS must be an integer from 3600 to 7776000/);
    }
  });

  it('names the issuer, and its documents are served under the URL\'s path; a provider with that URL resolves its keys here', async () => {
    const base = 'https://id.example.com/rolegate';
    const t = await startTestServer({ env: { ROLEGATE_ISSUER_URL: base } });
    try {
      const iss = `${base}/oidc/${t.account}`;
      const d = await getJson(t, `/rolegate/oidc/${t.account}/.well-known/openid-configuration`);
      assert.equal(d.status, 200);
      assert.equal(d.json.issuer, iss);
      assert.equal(d.json.jwks_uri, `${iss}/.well-known/jwks.json`);
      assert.notEqual((await fetch(new URL(`/oidc/${t.account}/.well-known/openid-configuration`, t.url))).status, 200);
      const token = await mintToken(t, { Subject: SUBJECT, Audience: ['sts.amazonaws.com'] });
      const providerArn = (await t.iam().send(new CreateOpenIDConnectProviderCommand({ Url: iss, ClientIDList: ['sts.amazonaws.com'] }))).OpenIDConnectProviderArn!;
      assert.equal(providerArn, `arn:aws:iam::${t.account}:oidc-provider/id.example.com/rolegate/oidc/${t.account}`);
      const role = await putRole(t, 'r', trustWebIdentity(providerArn));
      const r = await anonymousSts(t).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: role.arn, RoleSessionName: 'pod', WebIdentityToken: token }));
      assert.equal(r.Provider, providerArn);
    } finally {
      await t.close();
    }
  });
});
