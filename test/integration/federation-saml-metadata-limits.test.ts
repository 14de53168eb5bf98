/**
 * SAML metadata is parsed by xmldom at ~6 µs per element, attribute or reference: 1 MiB of empty
 * elements in CreateSAMLProvider / UpdateSAMLProvider held the event loop ~1.5 s (issue 11). A
 * document with more than 4,000 such items is refused, before it is parsed, as any metadata IAM
 * cannot read; real metadata (a few hundred) is unaffected.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateSAMLProviderCommand, GetSAMLProviderCommand, UpdateSAMLProviderCommand } from '@aws-sdk/client-iam';
import { createIdp, metadataFor } from '../support/saml-idp.js';
import type { SamlIdp } from '../support/saml-idp.js';
import { type TestServer, startTestServer } from '../support/server.js';

/** Valid metadata with `n` extra empty elements in an Extensions element (which IAM ignores). */
const padded = (idp: SamlIdp, n: number, piece = '<x/>'): string =>
  metadataFor(idp.entityId, [idp.certB64]).replace('</md:EntityDescriptor>', `<md:Extensions>${piece.repeat(n)}</md:Extensions></md:EntityDescriptor>`);

describe('iam SAML providers: the markup a metadata document may hold', () => {
  let t: TestServer;
  let idp: SamlIdp;
  before(async () => {
    t = await startTestServer();
    idp = await createIdp();
  });
  after(async () => {
    await t.close();
  });

  it('metadata of 100,000 empty elements (~400 KB) is refused with InvalidInput, not parsed', async () => {
    await assert.rejects(t.iam().send(new CreateSAMLProviderCommand({ Name: 'Wide', SAMLMetadataDocument: padded(idp, 100_000) })), {
      name: 'InvalidInputException',
      message: 'Could not parse metadata',
    });
  });

  it('attributes and references count too', async () => {
    const attrs = padded(idp, 1, `<x ${Array.from({ length: 5000 }, (_, i) => `a${i}=""`).join(' ')}/>`);
    await assert.rejects(t.iam().send(new CreateSAMLProviderCommand({ Name: 'Attrs', SAMLMetadataDocument: attrs })), { name: 'InvalidInputException', message: 'Could not parse metadata' });
    const refs = padded(idp, 1, `<x>${'&amp;'.repeat(5000)}</x>`);
    await assert.rejects(t.iam().send(new CreateSAMLProviderCommand({ Name: 'Refs', SAMLMetadataDocument: refs })), { name: 'InvalidInputException', message: 'Could not parse metadata' });
  });

  it('metadata with a few hundred elements more than it needs is accepted; UpdateSAMLProvider applies the same limit', async () => {
    const arn = (await t.iam().send(new CreateSAMLProviderCommand({ Name: 'Normal', SAMLMetadataDocument: padded(idp, 1000, '<x a="1">t</x>') }))).SAMLProviderArn!;
    await assert.rejects(t.iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: padded(idp, 5000) })), {
      name: 'InvalidInputException',
      message: 'Could not parse metadata',
    });
    const ok = padded(idp, 500);
    await t.iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: ok }));
    assert.equal((await t.iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLMetadataDocument, ok);
  });
});
