/**
 * sts:AssumeRoleWithSAML end to end with a real signing IdP (test/support/saml-idp.ts): valid
 * flows — one assertion for two roles, session tags, SessionDuration, source identity, saml:*
 * keys in the trust policy, GetCallerIdentity with the session — and the assertion-level
 * rejections AWS documents. Signature attacks: federation-saml-attacks.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateSAMLProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, type AssumeRoleWithSAMLCommandOutput } from '@aws-sdk/client-sts';
import { allow, putRole } from '../support/fixtures.js';
import { rejectsWith, sessionCredentials } from '../support/assert.js';
import { ATTR, type ResponseOptions, type SamlIdp, b64, createIdp, issue, rolePair } from '../support/saml-idp.js';
import { type TestServer, startTestServer } from '../support/server.js';

const samlTrust = (providerArn: string, actions: string | string[] = 'sts:AssumeRoleWithSAML', condition?: object): object => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: actions, ...(condition === undefined ? {} : { Condition: condition }) }],
});

describe('sts:AssumeRoleWithSAML: valid flows', () => {
  let t: TestServer;
  let idp: SamlIdp;
  let providerArn: string;
  const clock = Date.parse('2026-11-22T10:00:00Z');
  const now = (): Date => new Date(clock);
  before(async () => {
    t = await startTestServer({ now });
    idp = await createIdp();
    const r = await t.iam().send(new CreateSAMLProviderCommand({ Name: 'CorpIdP', SAMLMetadataDocument: idp.metadata() }));
    providerArn = r.SAMLProviderArn!;
  });
  after(async () => {
    await t.close();
  });
  const roleArn = (name: string): string => `arn:aws:iam::${t.account}:role/${name}`;
  const attrs = (roles: string[], extra: Record<string, string[]> = {}): Record<string, string[]> => ({
    [`${ATTR}Role`]: roles.map((r) => rolePair(roleArn(r), providerArn)),
    [`${ATTR}RoleSessionName`]: ['alice@corp.example'],
    ...extra,
  });
  const assume = (assertion: string, role: string, more: { DurationSeconds?: number; Policy?: string } = {}): Promise<AssumeRoleWithSAMLCommandOutput> =>
    t.sts().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn(role), PrincipalArn: providerArn, SAMLAssertion: assertion, ...more }));
  const saml = (o: ResponseOptions): string => b64(issue(idp, now(), o));

  it('one assertion assumes two roles; the response carries AWS fields; the session calls as the role', async () => {
    await putRole(t, 'dev', samlTrust(providerArn), { inline: { read: allow('iam:ListRoles') } });
    await putRole(t, 'ops', samlTrust(providerArn));
    const a = saml({ attributes: attrs(['dev', 'ops']) });
    const r1 = await assume(a, 'dev');
    const r2 = await assume(a, 'ops');
    assert.equal(r1.AssumedRoleUser!.Arn, `arn:aws:sts::${t.account}:assumed-role/dev/alice@corp.example`);
    assert.equal(r2.AssumedRoleUser!.Arn, `arn:aws:sts::${t.account}:assumed-role/ops/alice@corp.example`);
    assert.equal(r1.Subject, 'alice@corp.example');
    assert.equal(r1.SubjectType, 'persistent');
    assert.equal(r1.Issuer, idp.entityId);
    assert.equal(r1.Audience, 'https://signin.aws.amazon.com/saml');
    // AWS: BASE64(SHA1(Issuer + AccountID + "/" + ProviderName))
    const { createHash } = await import('node:crypto');
    assert.equal(r1.NameQualifier, createHash('sha1').update(`${idp.entityId}${t.account}/CorpIdP`).digest('base64'));
    assert.equal(r1.Credentials!.Expiration!.getTime(), clock + 3600_000);
    assert.match(r1.Credentials!.AccessKeyId!, /^ASIA/);
    const who = await t.sts(sessionCredentials(r1)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, r1.AssumedRoleUser!.Arn);
    assert.equal(who.Account, t.account);
  });

  it('a Response signed instead of (or as well as) its Assertion is accepted', async () => {
    await putRole(t, 'signed-modes', samlTrust(providerArn));
    for (const mode of ['response', 'both'] as const) {
      const a = b64(issue(idp, now(), { attributes: attrs(['signed-modes']) }, mode));
      assert.ok((await assume(a, 'signed-modes')).Credentials, mode);
    }
  });

  it('the Role pair may name the provider first', async () => {
    await putRole(t, 'flipped', samlTrust(providerArn));
    const a = saml({ attributes: { ...attrs([]), [`${ATTR}Role`]: [`${providerArn}, ${roleArn('flipped')}`] } });
    assert.ok((await assume(a, 'flipped')).Credentials);
  });

  it('SessionDuration shortens the session; DurationSeconds above MaxSessionDuration is refused', async () => {
    await putRole(t, 'short', samlTrust(providerArn), { maxSessionDuration: 7200 });
    const a = saml({ attributes: attrs(['short'], { [`${ATTR}SessionDuration`]: ['1800'] }) });
    const r = await assume(a, 'short', { DurationSeconds: 7200 });
    assert.equal(r.Credentials!.Expiration!.getTime(), clock + 1800_000);
    await rejectsWith(assume(a, 'short', { DurationSeconds: 10800 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const bad = saml({ attributes: attrs(['short'], { [`${ATTR}SessionDuration`]: ['60'] }) });
    await rejectsWith(assume(bad, 'short'), 'InvalidIdentityTokenException');
  });

  it('SessionNotOnOrAfter caps the session', async () => {
    await putRole(t, 'capped', samlTrust(providerArn));
    const a = saml({ attributes: attrs(['capped']), sessionNotOnOrAfter: new Date(clock + 1200_000) });
    const r = await assume(a, 'capped');
    assert.equal(r.Credentials!.Expiration!.getTime(), clock + 1200_000);
  });

  it('PrincipalTag attributes become session tags, but only with sts:TagSession in the trust policy', async () => {
    const tagged = { [`${ATTR}PrincipalTag:Project`]: ['Marketing'], [`${ATTR}PrincipalTag:CostCenter`]: ['12345'], [`${ATTR}TransitiveTagKeys`]: ['Project'] };
    await putRole(t, 'no-tags', samlTrust(providerArn));
    await rejectsWith(assume(saml({ attributes: attrs(['no-tags'], tagged) }), 'no-tags'), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML');
    await putRole(t, 'tags', samlTrust(providerArn, ['sts:AssumeRoleWithSAML', 'sts:TagSession']), {
      inline: { tagged: allow('iam:GetRole', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/Project': 'Marketing' } } }) },
    });
    const r = await assume(saml({ attributes: attrs(['tags'], tagged) }), 'tags');
    assert.ok(r.PackedPolicySize !== undefined && r.PackedPolicySize > 0);
    const { GetRoleCommand } = await import('@aws-sdk/client-iam');
    const got = await t.iam(sessionCredentials(r)).send(new GetRoleCommand({ RoleName: 'tags' }));
    assert.equal(got.Role!.RoleName, 'tags');
  });

  it('SourceIdentity needs sts:SetSourceIdentity and is returned', async () => {
    const si = { [`${ATTR}SourceIdentity`]: ['alice'] };
    await putRole(t, 'no-si', samlTrust(providerArn));
    await rejectsWith(assume(saml({ attributes: attrs(['no-si'], si) }), 'no-si'), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML');
    await putRole(t, 'si', samlTrust(providerArn, ['sts:AssumeRoleWithSAML', 'sts:SetSourceIdentity']));
    const r = await assume(saml({ attributes: attrs(['si'], si) }), 'si');
    assert.equal(r.SourceIdentity, 'alice');
    const bad = saml({ attributes: attrs(['si'], { [`${ATTR}SourceIdentity`]: ['aws:alice'] }) });
    await rejectsWith(assume(bad, 'si'), 'InvalidIdentityTokenException', 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  });

  it('saml:* keys decide in the trust policy (sub, iss, aud, doc, namequalifier, sub_type, mapped attributes)', async () => {
    const { createHash } = await import('node:crypto');
    const nq = createHash('sha1').update(`${idp.entityId}${t.account}/CorpIdP`).digest('base64');
    await putRole(t, 'cond', samlTrust(providerArn, 'sts:AssumeRoleWithSAML', {
      StringEquals: {
        'saml:aud': 'https://signin.aws.amazon.com/saml',
        'saml:iss': idp.entityId,
        'saml:doc': `${t.account}/CorpIdP`,
        'saml:namequalifier': nq,
        'saml:sub_type': 'persistent',
        'saml:edupersonprincipalname': 'alice@corp.example',
      },
      'ForAnyValue:StringEquals': { 'saml:eduPersonAffiliation': 'staff' },
      StringLike: { 'saml:sub': 'alice@*' },
    }));
    const edu = { 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': ['alice@corp.example'], 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['member', 'staff'] };
    assert.ok((await assume(saml({ attributes: attrs(['cond'], edu) }), 'cond')).Credentials);
    await rejectsWith(assume(saml({ nameId: 'mallory@corp.example', attributes: attrs(['cond'], edu) }), 'cond'), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML');
    const student = { ...edu, 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': ['student'] };
    await rejectsWith(assume(saml({ attributes: attrs(['cond'], student) }), 'cond'), 'AccessDenied');
  });

  it('a session policy and policy ARNs narrow the session', async () => {
    await putRole(t, 'narrow', samlTrust(providerArn), { inline: { all: allow('iam:*') } });
    const policy = JSON.stringify(allow('iam:GetRole'));
    const r = await assume(saml({ attributes: attrs(['narrow']) }), 'narrow', { Policy: policy });
    assert.ok(r.PackedPolicySize !== undefined);
    const { ListRolesCommand } = await import('@aws-sdk/client-iam');
    await rejectsWith(t.iam(sessionCredentials(r)).send(new ListRolesCommand({})), 'AccessDenied');
    await rejectsWith(assume(saml({ attributes: attrs(['narrow']) }), 'narrow', { Policy: '{"Version":"2012-10-17"}' }), 'MalformedPolicyDocumentException');
  });
});
