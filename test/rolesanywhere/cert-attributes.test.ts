/** Leaf certificate → principal tags and source identity, as AWS maps them. */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { certificateAttributes, unmappedMessage } from '../../src/rolesanywhere/cert-attributes.js';
import { issue, NOW, x509 } from './pki.js';

async function leafWith(subject: string, san?: x509.JsonGeneralNames): Promise<X509Certificate> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const ca = await issue({ name: 'Sales Intermediate CA', ca: true });
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '0a0b',
    subject,
    issuer: 'C=US, O=MyCompany, OU=Sales, ST=California, L=Los Angeles, CN=sales-intermediate-ca',
    notBefore: new Date(NOW - 86_400_000),
    notAfter: new Date(NOW + 86_400_000),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: san === undefined ? [] : [new x509.SubjectAlternativeNameExtension(san)],
  });
  return new X509Certificate(Buffer.from(cert.rawData));
}

describe('certificate attributes', () => {
  it('maps subject, issuer and the first SAN DNS, URI and directory name by default', async () => {
    const leaf = await leafWith('C=US, O=MyCompany, OU=Sales, CN=instance1', [
      { type: 'dns', value: 'instance1.mycompany.com' },
      { type: 'dns', value: 'second.mycompany.com' },
      { type: 'url', value: 'spiffe://mycompany.com/instance1' },
      { type: 'dn', value: 'CN=instance1, O=Inner' },
    ]);
    const { principalTags, sourceIdentity } = certificateAttributes(leaf);
    assert.deepEqual(principalTags, {
      'x509Issuer/C': 'US',
      'x509Issuer/O': 'MyCompany',
      'x509Issuer/OU': 'Sales',
      'x509Issuer/ST': 'California',
      'x509Issuer/L': 'Los Angeles',
      'x509Issuer/CN': 'sales-intermediate-ca',
      'x509SAN/DNS': 'instance1.mycompany.com',
      'x509SAN/URI': 'spiffe://mycompany.com/instance1',
      'x509SAN/Name/CN': 'instance1',
      'x509SAN/Name/O': 'Inner',
      'x509Subject/C': 'US',
      'x509Subject/O': 'MyCompany',
      'x509Subject/OU': 'Sales',
      'x509Subject/CN': 'instance1',
    });
    assert.equal(sourceIdentity, 'CN=instance1');
  });

  it('applies custom mappings, leaves out unsupported RDNs, and names the values that are no valid tag value', async () => {
    const leaf = await leafWith('CN=web, OU=a, OU=b, E=ops@example.com, O=Bad;Value', [{ type: 'dns', value: '*.example.com' }]);
    const mapped = certificateAttributes(leaf, [
      { certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }, { specifier: 'OU' }, { specifier: 'O' }] },
      { certificateField: 'x509SAN', mappingRules: [{ specifier: 'URI' }, { specifier: 'DNS' }] },
    ]);
    assert.deepEqual(mapped.principalTags, { 'x509Subject/CN': 'web', 'x509Subject/OU': 'a/b' });
    // AWS refuses such a certificate rather than leave the tag out (rolesanywhere-credential-helper#77).
    assert.deepEqual(mapped.unmapped, ['x509Subject/O', 'x509SAN/DNS']);
    assert.equal(
      unmappedMessage('arn:aws:iam::123456789012:role/r', mapped.unmapped),
      'Unable to assume role for arn:aws:iam::123456789012:role/r. Some attributes failed to be mapped into session tags. Issuer: [  ]; Subject: [ O ]; SAN: [ DNS ]',
    );
    assert.deepEqual(certificateAttributes(leaf, [{ certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }] }]).unmapped, [], 'an attribute not mapped is not judged');
  });

  it('gives no source identity without a subject CN', async () => {
    const leaf = await leafWith('O=NoName');
    assert.equal(certificateAttributes(leaf).sourceIdentity, undefined);
    assert.deepEqual(certificateAttributes(leaf, []).principalTags, {});
  });
});
