/**
 * A CERTIFICATE_BUNDLE trust anchor's certificates: PEM, each one parsed, and each a CA — basic
 * constraints `CA:TRUE` and, when the certificate carries key usage, `keyCertSign` (RFC 5280
 * 4.2.1.3, 4.2.1.9) — for a trust anchor "that you upload as the root of trust" can only be one
 * that signs certificates. https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
 */
import { X509Certificate } from 'node:crypto';
// @peculiar/x509's own ASN.1 layer (its dependencies): the extensions parsed without the
// dependency-injection container @peculiar/x509 needs a reflect polyfill for.
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, KeyUsage, KeyUsageFlags, id_ce_basicConstraints, id_ce_keyUsage } from '@peculiar/asn1-x509';
import { ValidationError } from '../core/errors.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;
const MAX_CERTIFICATES = 10;

const invalid = (why: string) => ValidationError(`Error creating TrustAnchor. ${why}`);

/** Throws ValidationException unless `pem` is one or more PEM CA certificates and nothing else. */
export function checkCaBundle(pem: string): void {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0 || pem.replace(PEM_BLOCK, '').trim() !== '') throw invalid('The x509CertificateData is not a PEM-encoded X.509 certificate.');
  if (blocks.length > MAX_CERTIFICATES) throw invalid(`The certificate bundle holds more than ${MAX_CERTIFICATES} certificates.`);
  for (const block of blocks) {
    let ca: boolean;
    let usage: number | undefined;
    try {
      const cert = new X509Certificate(block);
      const extensions = AsnConvert.parse(cert.raw, Certificate).tbsCertificate.extensions ?? [];
      const basic = extensions.find((e) => e.extnID === id_ce_basicConstraints);
      const keyUsage = extensions.find((e) => e.extnID === id_ce_keyUsage);
      // Not `cert.ca`: OpenSSL's answer folds in key usage, which is told apart below.
      ca = basic !== undefined && AsnConvert.parse(basic.extnValue, BasicConstraints).cA;
      usage = keyUsage === undefined ? undefined : AsnConvert.parse(keyUsage.extnValue, KeyUsage).toNumber();
    } catch {
      throw invalid('The x509CertificateData is not a PEM-encoded X.509 certificate.');
    }
    if (!ca) throw invalid('The certificate is not a CA certificate (basic constraints CA:TRUE).');
    if (usage !== undefined && (usage & KeyUsageFlags.keyCertSign) === 0) throw invalid('The CA certificate does not allow certificate signing (key usage keyCertSign).');
  }
}
