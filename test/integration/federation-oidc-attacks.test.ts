/**
 * The attack corpus of sts:AssumeRoleWithWebIdentity: every forged, stale, misdirected or
 * malformed token gets AWS's error — and no credentials — and no message echoes the token.
 */
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreateOpenIDConnectProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { SignJWT, base64url } from 'jose';
import { putRole } from '../support/fixtures.js';
import { DENIED, OidcIssuer, anonymousSts, register, trustWebIdentity } from '../support/oidc-issuer.js';
import { type TestServer, startTestServer } from '../support/server.js';

const NOT_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
const INVALID = 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.';
const NO_KEY = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
const AUD = 'sts.amazonaws.com';

interface Case {
  readonly name: string;
  readonly token: () => Promise<string>;
  readonly error: string;
  readonly message?: string | RegExp;
  /** Another role than the default one. */
  readonly role?: () => string;
}

const enc = (v: object): string => base64url.encode(JSON.stringify(v));
const parts = (token: string): string[] => token.split('.');

describe('AssumeRoleWithWebIdentity attack corpus', () => {
  let t: TestServer;
  let issuer: OidcIssuer;
  let stranger: OidcIssuer;
  let second: OidcIssuer;
  let roleArn = '';
  let strictRoleArn = '';
  let secondRoleArn = '';
  const now = (): number => Math.floor(Date.now() / 1000);
  before(async () => {
    t = await startTestServer();
    [issuer, stranger, second] = await Promise.all([OidcIssuer.start(), OidcIssuer.start(), OidcIssuer.start()]);
    const arn = await register(t, issuer, [AUD, 'mobile-app']);
    const secondArn = await register(t, second, [AUD]);
    roleArn = (await putRole(t, 'attacked', trustWebIdentity(arn))).arn;
    strictRoleArn = (await putRole(t, 'attacked-strict', trustWebIdentity(arn, { StringEquals: { [`${issuer.name}:sub`]: 'alice', [`${issuer.name}:aud`]: AUD } }))).arn;
    secondRoleArn = (await putRole(t, 'second-only', trustWebIdentity(secondArn))).arn;
    // A registered provider whose issuer cannot be reached (nothing listens on port 9).
    await t.iam().send(new CreateOpenIDConnectProviderCommand({ Url: 'https://127.0.0.1:9', ClientIDList: [AUD], ThumbprintList: ['a'.repeat(40)] }));
  });
  after(async () => {
    await Promise.all([issuer.close(), stranger.close(), second.close()]);
    await t.close();
  });

  const good = (claims: object = {}) => issuer.token({ sub: 'alice', aud: AUD, ...claims });
  const cases: Case[] = [
    { name: 'alg none', token: async () => `${enc({ alg: 'none', typ: 'JWT' })}.${parts(await good())[1]!}.`, error: 'InvalidIdentityTokenException', message: INVALID },
    {
      name: 'HS256 signed with the provider public key (key confusion)',
      token: async () => {
        const pem = createPublicKey({ key: issuer.publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
        return new SignJWT({ iss: issuer.url, sub: 'alice', aud: AUD, iat: now(), exp: now() + 600 }).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).sign(Buffer.from(pem));
      },
      error: 'InvalidIdentityTokenException', message: INVALID,
    },
    { name: 'expired beyond the five-minute window', token: () => good({ iat: now() - 7200, exp: now() - 3600 }), error: 'ExpiredTokenException', message: /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/ },
    { name: 'not yet valid (nbf)', token: () => good({ nbf: now() + 3600 }), error: 'InvalidIdentityTokenException', message: INVALID },
    { name: 'issued in the future (iat)', token: () => good({ iat: now() + 3600, exp: now() + 7200 }), error: 'InvalidIdentityTokenException', message: INVALID },
    { name: 'no exp', token: () => good({ exp: undefined }), error: 'InvalidIdentityTokenException', message: INVALID },
    { name: 'wrong issuer', token: () => good({ iss: 'https://evil.example.com' }), error: 'InvalidIdentityTokenException', message: 'No OpenIDConnect provider found in your account for https://evil.example.com' },
    { name: 'issuer with a trailing slash', token: () => good({ iss: `${issuer.url}/` }), error: 'InvalidIdentityTokenException', message: /^No OpenIDConnect provider found in your account for https:\/\/127\.0\.0\.1:\d+\/$/ },
    { name: 'non-https issuer', token: () => good({ iss: issuer.url.replace('https:', 'http:') }), error: 'InvalidIdentityTokenException', message: /^No OpenIDConnect provider found in your account for http:/ },
    { name: 'unregistered issuer', token: () => stranger.token({ sub: 'alice', aud: AUD }), error: 'InvalidIdentityTokenException', message: /^No OpenIDConnect provider found in your account for https:\/\/127\.0\.0\.1:\d+$/ },
    { name: 'signed by another issuer claiming to be ours', token: () => stranger.token({ iss: issuer.url, sub: 'alice', aud: AUD }), error: 'InvalidIdentityTokenException', message: INVALID },
    { name: 'wrong audience', token: () => good({ aud: 'someone-else' }), error: 'InvalidIdentityTokenException', message: 'Incorrect token audience' },
    { name: 'no audience', token: () => good({ aud: undefined }), error: 'InvalidIdentityTokenException', message: 'Incorrect token audience' },
    { name: 'azp a client id but no aud', token: () => good({ aud: undefined, azp: 'mobile-app' }), error: 'InvalidIdentityTokenException', message: 'Incorrect token audience' },
    { name: 'azp that is not a client id, aud neither', token: () => good({ aud: 'x', azp: 'y' }), error: 'InvalidIdentityTokenException', message: 'Incorrect token audience' },
    {
      name: 'tampered payload',
      token: async () => {
        const [h, , s] = parts(await good());
        return `${h!}.${enc({ iss: issuer.url, sub: 'admin', aud: AUD, iat: now(), exp: now() + 600 })}.${s!}`;
      },
      error: 'InvalidIdentityTokenException', message: INVALID,
    },
    { name: 'stripped signature', token: async () => `${parts(await good()).slice(0, 2).join('.')}.`, error: 'InvalidIdentityTokenException', message: INVALID },
    { name: 'unknown kid', token: () => issuer.token({ sub: 'alice', aud: AUD }, { header: { kid: 'unknown-kid' } }), error: 'InvalidIdentityTokenException', message: NO_KEY },
    { name: 'signed with the EC key, kid naming the RSA key', token: () => issuer.token({ sub: 'alice', aud: AUD }, { kid: 'key-ec', header: { alg: 'ES256', kid: 'key-1' } }), error: 'InvalidIdentityTokenException', message: NO_KEY },
    { name: 'embedded jwk header with the attacker key', token: () => stranger.token({ iss: issuer.url, sub: 'alice', aud: AUD }, { header: { jwk: stranger.publicJwk } }), error: 'InvalidIdentityTokenException', message: INVALID },
    { name: 'jku header pointing at the attacker', token: () => stranger.token({ iss: issuer.url, sub: 'alice', aud: AUD }, { header: { jku: `${stranger.url}/keys` } }), error: 'InvalidIdentityTokenException', message: INVALID },
    { name: 'unknown critical header', token: () => issuer.rawToken({ crit: ['x-unknown'], 'x-unknown': 1 }, { iss: issuer.url, sub: 'alice', aud: AUD, iat: now(), exp: now() + 600 }), error: 'InvalidIdentityTokenException', message: INVALID },
    { name: 'oversized token', token: async () => `${await good()}${'A'.repeat(20_000)}`, error: 'ValidationError', message: "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length less than or equal to 20000" },
    { name: 'too short', token: () => Promise.resolve('abc'), error: 'ValidationError', message: "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4" },
    { name: 'not a JWT', token: () => Promise.resolve('definitely-not-a-jwt'), error: 'InvalidIdentityTokenException', message: NOT_JWT },
    { name: 'garbage segments', token: () => Promise.resolve('e30.bm90LWpzb24.c2ln'), error: 'InvalidIdentityTokenException', message: NOT_JWT },
    { name: 'JWE-shaped (five parts)', token: () => Promise.resolve('a.b.c.d.e'), error: 'InvalidIdentityTokenException', message: NOT_JWT },
    { name: 'missing sub', token: () => good({ sub: undefined }), error: 'IDPRejectedClaimException' },
    { name: 'oversized sub', token: () => good({ sub: 's'.repeat(256) }), error: 'IDPRejectedClaimException' },
    { name: 'token for another registered provider', token: () => good(), role: () => secondRoleArn, error: 'AccessDenied', message: DENIED },
    { name: 'trust policy sub condition fails', token: () => good({ sub: 'mallory' }), role: () => strictRoleArn, error: 'AccessDenied', message: DENIED },
    { name: 'trust policy aud condition fails', token: () => good({ aud: 'mobile-app' }), role: () => strictRoleArn, error: 'AccessDenied', message: DENIED },
    { name: 'role does not exist', token: () => good(), role: () => `arn:aws:iam::${t.account}:role/nope`, error: 'AccessDenied', message: DENIED },
    { name: 'role in another account', token: () => good(), role: () => 'arn:aws:iam::222222222222:role/attacked', error: 'InvalidIdentityTokenException', message: /^No OpenIDConnect provider found in your account for / },
    { name: 'issuer unreachable', token: () => stranger.token({ iss: 'https://127.0.0.1:9', sub: 'alice', aud: AUD }), error: 'IDPCommunicationErrorException' },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const token = await c.token();
      const sent = anonymousSts(t).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: c.role?.() ?? roleArn, RoleSessionName: 'attacker', WebIdentityToken: token }));
      await assert.rejects(sent, (e: Error) => {
        assert.equal(e.name, c.error, e.message);
        if (typeof c.message === 'string') assert.equal(e.message, c.message);
        else if (c.message !== undefined) assert.match(e.message, c.message);
        for (const part of token.split('.')) if (part.length > 16) assert.ok(!e.message.includes(part), 'the message must not echo the token');
        return true;
      });
    });
  }

  it('the well-formed token of the corpus is accepted (the cases fail for their own reason)', async () => {
    const r = await anonymousSts(t).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: strictRoleArn, RoleSessionName: 'alice', WebIdentityToken: await good() }));
    assert.ok(r.Credentials?.SessionToken);
    const raw = await issuer.rawToken({}, { iss: issuer.url, sub: 'alice', aud: AUD, iat: now(), exp: now() + 600 });
    assert.ok((await anonymousSts(t).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: strictRoleArn, RoleSessionName: 'alice', WebIdentityToken: raw }))).Credentials);
  });
});
