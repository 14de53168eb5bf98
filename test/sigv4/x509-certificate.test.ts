/** Header certificate parsing: strict base64 DER, and the bounded cache of parsed certificates. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { PARSED_CACHE_SIZE, parseDerCertificate } from '../../src/sigv4/x509-certificate.js';
import { pki } from '../rolesanywhere/pki.js';

it('parses a certificate once per exact text and stays bounded', async () => {
  const { intermediate, leaf } = await pki('p256');
  const text = leaf.cert.raw.toString('base64');
  const first = parseDerCertificate(text);
  assert.ok(first !== undefined);
  assert.equal(parseDerCertificate(text), first, 'the same text gives the same parsed object (cert-info caches per object)');
  assert.equal(parseDerCertificate(intermediate.cert.raw.toString('base64'))?.fingerprint256, intermediate.cert.fingerprint256);
  // Cut short (3 bytes fewer than the DER's length says): refused, whatever the key. Rewriting the
  // last bytes instead only changes the signature's value for some keys, which still parses.
  assert.equal(parseDerCertificate(text.slice(0, -4)), undefined, 'another text is parsed on its own');
  assert.ok(PARSED_CACHE_SIZE >= 64 && PARSED_CACHE_SIZE <= 4096);
});
