/**
 * xml-crypto looks a signature's Reference up with one XPath scan of the whole document per ID
 * attribute name — ID, Id and id by default — only to find duplicates, which the Response checks
 * have already refused across all three names. SAML names its elements by `ID`, so only that name
 * is looked up: one scan instead of three (a rogue-signed Response of 2,050 elements, which an
 * anonymous caller may send, spent most of its ~100 ms in those scans; issue 11). And the
 * SignatureValue is checked first, so a forgery is refused before any lookup or digest. The scans
 * are counted at xml-crypto's XPath library.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { CreateSAMLProviderCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithSAMLCommand } from '@aws-sdk/client-sts';
import { ATTR, b64, buildResponse, createIdp, issue, rolePair, sign } from '../support/saml-idp.js';
import type { SamlIdp } from '../support/saml-idp.js';
import { putRole } from '../support/fixtures.js';
import { type TestServer, startTestServer } from '../support/server.js';

type Select = (expression: string, ...rest: unknown[]) => unknown;
const xpath = createRequire(createRequire(import.meta.url).resolve('xml-crypto'))('xpath') as { select: Select };

describe('sts:AssumeRoleWithSAML: the Reference is looked up by ID only', () => {
  let t: TestServer;
  let idp: SamlIdp;
  let providerArn = '';
  const clock = Date.parse('2026-11-22T10:00:00Z');
  const now = (): Date => new Date(clock);
  const expressions: string[] = [];
  const original = xpath.select;
  before(async () => {
    t = await startTestServer({ now });
    idp = await createIdp();
    providerArn = (await t.iam().send(new CreateSAMLProviderCommand({ Name: 'CorpIdP', SAMLMetadataDocument: idp.metadata() }))).SAMLProviderArn!;
    await putRole(t, 'reader', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML' }] });
    xpath.select = (expression, ...rest) => {
      expressions.push(expression);
      return original(expression, ...rest);
    };
  });
  after(async () => {
    xpath.select = original;
    await t.close();
  });
  const assume = (assertion: string) =>
    t.sts().send(new AssumeRoleWithSAMLCommand({ RoleArn: `arn:aws:iam::${t.account}:role/reader`, PrincipalArn: providerArn, SAMLAssertion: assertion }));
  const byIdName = (): string[] => expressions.flatMap((e) => [.../local-name\(\.\)='(\w+)'\]='/.exec(e)?.slice(1) ?? []]);

  it('a genuine assertion is accepted, its Reference found by ID alone', async () => {
    expressions.length = 0;
    const legit = issue(idp, now(), { nameId: 'low@corp.example', attributes: { [`${ATTR}Role`]: [rolePair(`arn:aws:iam::${t.account}:role/reader`, providerArn)], [`${ATTR}RoleSessionName`]: ['low'] } });
    assert.ok((await assume(b64(legit))).Credentials);
    assert.deepEqual([...new Set(byIdName())], ['ID']);
  });

  it('a rogue-signed Response of 2,000 attribute values is refused at its SignatureValue, before any Reference lookup', async () => {
    const rogue = await createIdp(idp.entityId);
    const xml = sign(buildResponse(idp.entityId, now(), { nameId: 'low@corp.example', attributes: { [`${ATTR}RoleSessionName`]: ['PLACEHOLDER'] } }).replace('PLACEHOLDER', '<x/>'.repeat(2000)), rogue, 'Assertion');
    expressions.length = 0;
    await assert.rejects(assume(b64(xml)), { name: 'InvalidIdentityTokenException', message: 'Response signature invalid' });
    assert.deepEqual(byIdName(), []);
  });

  it('a SignedInfo genuinely signed by the IdP over content changed since is still refused (digests are checked)', async () => {
    const legit = issue(idp, now(), { nameId: 'low@corp.example', attributes: { [`${ATTR}Role`]: [rolePair(`arn:aws:iam::${t.account}:role/reader`, providerArn)], [`${ATTR}RoleSessionName`]: ['low'] } });
    const tampered = legit.replace('low@corp.example', 'admin@corp.example');
    assert.notEqual(tampered, legit);
    expressions.length = 0;
    await assert.rejects(assume(b64(tampered)), { name: 'InvalidIdentityTokenException', message: 'Response signature invalid' });
    assert.deepEqual([...new Set(byIdName())], ['ID']);
  });

  it('an element holding the signed ID under another name is still refused (duplicate IDs)', async () => {
    const legit = issue(idp, now(), { nameId: 'low@corp.example', attributes: { [`${ATTR}Role`]: [rolePair(`arn:aws:iam::${t.account}:role/reader`, providerArn)] } });
    const id = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(legit)?.[1] ?? /Assertion[^>]* ID="([^"]+)"/.exec(legit)![1]!;
    const wrapped = legit.replace('</saml:Issuer>', `</saml:Issuer><x Id="${id}"/>`);
    assert.notEqual(wrapped, legit);
    await assert.rejects(assume(b64(wrapped)), { name: 'InvalidIdentityTokenException' });
  });
});
