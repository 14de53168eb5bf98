/**
 * CA and leaf certificates for IAM Roles Anywhere trust anchors, made at test time with
 * @peculiar/x509: a CA (basic constraints CA:TRUE, keyCertSign), a CA without keyCertSign, a leaf.
 */
import 'reflect-metadata';
import { randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY = 86_400_000;
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** A self-signed certificate: a CA (with `usages`, default keyCertSign | cRLSign) or a leaf. */
export async function testCertificate(o: { cn?: string; ca: boolean; usages?: number }): Promise<string> {
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const usages = o.usages ?? (o.ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomUUID().replace(/-/g, '').slice(0, 16),
    name: `CN=${o.cn ?? 'Rolegate Test CA'}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [new x509.BasicConstraintsExtension(o.ca, undefined, true), new x509.KeyUsagesExtension(usages, true)],
  });
  return cert.toString('pem');
}

export const KeyUsageFlags = x509.KeyUsageFlags;
