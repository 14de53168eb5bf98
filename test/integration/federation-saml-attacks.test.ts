/**
 * AssumeRoleWithSAML against known attacks: each case gets an AWS error and never credentials.
 * Signature wrapping XSW1–8 as CompassSecurity/SAMLRaider defines them (helpers/XSWHelpers.java),
 * equivalents of node-saml's invalid-signature fixtures (test/static/signatures/invalid) and of
 * boxyhq/saml20's wrapping and comment fixtures (test/assets/attacks, digestValueComment.xml),
 * all generated here from our own IdP. Every evil variant asks for `admin` while the IdP signed
 * only `reader` for low@corp.example.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateSAMLProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand } from '@aws-sdk/client-sts';
import { rejectsWith } from '../support/assert.js';
import { putRole } from '../support/fixtures.js';
import { ATTR, type SamlIdp, b64, buildResponse, createIdp, issue, rolePair, sign } from '../support/saml-idp.js';
import { type TestServer, startTestServer } from '../support/server.js';
import { type Case, nodeSamlCases, xswCases } from './federation-saml-attack-cases.js';
import { claimCases, wrappingCases } from './federation-saml-claim-cases.js';

describe('sts:AssumeRoleWithSAML: attack corpus', () => {
  let t: TestServer;
  let idp: SamlIdp;
  let rogue: SamlIdp;
  let providerArn: string;
  const clock = Date.parse('2026-11-22T10:00:00Z');
  const now = (): Date => new Date(clock);
  let cases: Case[] = [];
  before(async () => {
    t = await startTestServer({ now });
    idp = await createIdp();
    rogue = await createIdp(); // same entityID, another key
    providerArn = (await t.iam().send(new CreateSAMLProviderCommand({ Name: 'CorpIdP', SAMLMetadataDocument: idp.metadata() }))).SAMLProviderArn!;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'] }] };
    await putRole(t, 'reader', trust);
    await putRole(t, 'admin', trust);
    const env = { idp, rogue, now: now(), roleArn: (n: string) => `arn:aws:iam::${t.account}:role/${n}`, providerArn };
    cases = [...xswCases(env), ...nodeSamlCases(env), ...wrappingCases(env), ...claimCases(env)];
  });
  after(async () => {
    await t.close();
  });
  const assume = (xml: string, role = 'admin') =>
    t.sts().send(new AssumeRoleWithSAMLCommand({
      RoleArn: `arn:aws:iam::${t.account}:role/${role}`,
      PrincipalArn: providerArn,
      // The empty case stands for "not base64".
      SAMLAssertion: xml === '' ? 'not*base64!' : b64(xml),
    }));

  it('the genuine assertion works for reader (and only reader)', async () => {
    const legit = issue(idp, now(), {
      nameId: 'low@corp.example',
      attributes: { [`${ATTR}Role`]: [rolePair(`arn:aws:iam::${t.account}:role/reader`, providerArn)], [`${ATTR}RoleSessionName`]: ['low'] },
    });
    assert.ok((await assume(legit, 'reader')).Credentials);
    await rejectsWith(assume(legit, 'admin'), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML');
  });

  it('every attack case is refused with its AWS error', async () => {
    assert.ok(cases.length >= 40, `only ${cases.length} cases`);
    for (const c of cases) {
      await assert.rejects(
        assume(c.xml, c.role ?? 'admin'),
        (e: Error & { $metadata?: unknown }) => {
          if (process.env.SAML_CASES_DEBUG) console.log(`${c.name} -> ${e.name}: ${e.message}`);
          assert.equal(e.name, c.error, `${c.name}: ${e.name}: ${e.message}`);
          if (c.message !== undefined) assert.equal(e.message, c.message, c.name);
          // No message ever quotes the assertion or a signature.
          assert.ok(!e.message.includes('SignatureValue') && e.message.length < 200, `${c.name}: ${e.message}`);
          return true;
        },
        c.name,
      );
    }
  });

  it('a key rotation through UpdateSAMLProvider takes effect at once', async () => {
    const { UpdateSAMLProviderCommand } = await import('@aws-sdk/client-iam');
    const attrs = { [`${ATTR}Role`]: [rolePair(`arn:aws:iam::${t.account}:role/reader`, providerArn)], [`${ATTR}RoleSessionName`]: ['low'] };
    const byRogue = sign(buildResponse(rogue.entityId, now(), { attributes: attrs }), rogue, 'Assertion');
    await rejectsWith(assume(byRogue, 'reader'), 'InvalidIdentityTokenException', 'Response signature invalid');
    await t.iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: providerArn, SAMLMetadataDocument: rogue.metadata() }));
    assert.ok((await assume(byRogue, 'reader')).Credentials);
    const byOld = issue(idp, now(), { attributes: attrs });
    await rejectsWith(assume(byOld, 'reader'), 'InvalidIdentityTokenException', 'Response signature invalid');
    await t.iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: providerArn, SAMLMetadataDocument: idp.metadata() }));
  });
});
