/**
 * An unsigned AssumeRoleWithSAML whose assertion nests elements deeply (issue 11, item 8: no
 * request of at most 1 MiB may stall the server or make it fail). 100,000 base64 characters hold
 * 10,700 nested elements: the DOM walks recursed once per level (a RangeError, answered 500),
 * and xmldom's parse is quadratic in the depth (a few thousand levels each declaring a prefix
 * held the event loop ~0.4 s). SAML documents nest about ten levels; deeper ones are refused
 * before they are parsed, with the answer any malformed Response gets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateSAMLProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand } from '@aws-sdk/client-sts';
import { ATTR, b64, buildResponse, createIdp, issue, metadataFor, rolePair, sign } from '../support/saml-idp.js';
import type { SignMode } from '../support/saml-idp.js';
import type { SamlIdp } from '../support/saml-idp.js';
import { putRole } from '../support/fixtures.js';
import { type TestServer, startTestServer } from '../support/server.js';

const RESPONSE = 'urn:oasis:names:tc:SAML:2.0:protocol';

describe('sts:AssumeRoleWithSAML: deeply nested documents, several certificates', () => {
  let t: TestServer;
  let idp: SamlIdp;
  let providerArn = '';
  const clock = Date.parse('2026-11-22T10:00:00Z');
  const now = (): Date => new Date(clock);
  before(async () => {
    t = await startTestServer({ now });
    idp = await createIdp();
    providerArn = (await t.iam().send(new CreateSAMLProviderCommand({ Name: 'CorpIdP', SAMLMetadataDocument: idp.metadata() }))).SAMLProviderArn!;
    await putRole(t, 'reader', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML' }] });
  });
  after(async () => {
    await t.close();
  });
  const assume = (assertion: string) =>
    t.sts().send(new AssumeRoleWithSAMLCommand({ RoleArn: `arn:aws:iam::${t.account}:role/reader`, PrincipalArn: providerArn, SAMLAssertion: assertion }));

  it('10,700 nested elements (100,000 base64 characters) are an invalid Response, not a fault', async () => {
    const n = 10_700;
    const xml = `<samlp:Response xmlns:samlp="${RESPONSE}">${'<a>'.repeat(n)}${'</a>'.repeat(n)}</samlp:Response>`;
    const assertion = b64(xml);
    assert.ok(assertion.length <= 100_000);
    await assert.rejects(assume(assertion), (e: Error) => {
      assert.equal(e.name, 'InvalidIdentityTokenException', `${e.name}: ${e.message}`);
      assert.equal(e.message, 'Invalid SAML Response: the document is not well-formed XML');
      return true;
    });
  });

  it('nesting that xmldom parses in quadratic time is refused the same way', async () => {
    const n = 3000;
    const xml = `<samlp:Response xmlns:samlp="${RESPONSE}">${Array.from({ length: n }, (_, i) => `<a xmlns:p${i}="u">`).join('')}${'</a>'.repeat(n)}</samlp:Response>`;
    await assert.rejects(assume(b64(xml)), { name: 'InvalidIdentityTokenException', message: 'Invalid SAML Response: the document is not well-formed XML' });
  });

  it('metadata nested past the limit is refused; a genuine assertion still works', async () => {
    const deep = metadataFor(idp.entityId, [idp.certB64]).replace('</md:EntityDescriptor>', `<md:Extensions>${'<x>'.repeat(100)}${'</x>'.repeat(100)}</md:Extensions></md:EntityDescriptor>`);
    await assert.rejects(t.iam().send(new CreateSAMLProviderCommand({ Name: 'Deep', SAMLMetadataDocument: deep })), { name: 'InvalidInputException', message: 'Could not parse metadata' });
    const legit = issue(idp, now(), {
      nameId: 'low@corp.example',
      attributes: { [`${ATTR}Role`]: [rolePair(`arn:aws:iam::${t.account}:role/reader`, providerArn)], [`${ATTR}RoleSessionName`]: ['low'] },
    });
    assert.ok((await assume(b64(legit))).Credentials);
  });

  it('a Response of more than 2,500 elements is refused before its signature is checked (xml-crypto scans the document per ID name)', async () => {
    const rogue = await createIdp(idp.entityId);
    const many = (n: number): string =>
      sign(buildResponse(idp.entityId, now(), { nameId: 'low@corp.example', attributes: { [`${ATTR}RoleSessionName`]: ['PLACEHOLDER'] } }).replace('PLACEHOLDER', '<x/>'.repeat(n)), rogue, 'Assertion');
    await assert.rejects(assume(b64(many(16_000))), { name: 'InvalidIdentityTokenException', message: 'Invalid SAML Response: the Response holds too many elements' });
    // Below the limit the same forgery reaches the signature check, and fails there.
    await assert.rejects(assume(b64(many(2000))), { name: 'InvalidIdentityTokenException', message: 'Response signature invalid' });
  });

  it('with several metadata certificates, any of them verifies (checked in one pass); a rogue key does not', async () => {
    const [a, b, c, rogue] = await Promise.all([createIdp(idp.entityId), createIdp(idp.entityId), createIdp(idp.entityId), createIdp(idp.entityId)]);
    const arn = (await t.iam().send(new CreateSAMLProviderCommand({ Name: 'Rotating', SAMLMetadataDocument: metadataFor(idp.entityId, [a.certB64, b.certB64, c.certB64]) }))).SAMLProviderArn!;
    await putRole(t, 'rotating', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: arn }, Action: 'sts:AssumeRoleWithSAML' }] });
    const roleArn = `arn:aws:iam::${t.account}:role/rotating`;
    const attributes = { [`${ATTR}Role`]: [rolePair(roleArn, arn)], [`${ATTR}RoleSessionName`]: ['low'] };
    const send = (signer: SamlIdp, mode: SignMode) =>
      t.sts().send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: arn, SAMLAssertion: b64(issue(signer, now(), { nameId: 'low@corp.example', attributes }, mode)) }));
    for (const signer of [a, b, c]) {
      for (const mode of ['assertion', 'response', 'both'] as const) assert.ok((await send(signer, mode)).Credentials, mode);
    }
    await assert.rejects(send(rogue, 'assertion'), { name: 'InvalidIdentityTokenException', message: 'Response signature invalid' });
    await assert.rejects(send(rogue, 'both'), { name: 'InvalidIdentityTokenException', message: 'Response signature invalid' });
  });
});
