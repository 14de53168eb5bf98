/**
 * What path validation reads from a certificate that node:crypto's X509Certificate does not give
 * (its `keyUsage` is the *extended* key usage; it has no pathLen, no critical flags, no signature
 * algorithm): read with @peculiar/asn1-x509, the ASN.1 layer of @peculiar/x509 (which itself needs
 * a Reflect polyfill at run time, so the server does not load it). No hand-written ASN.1.
 */
import type { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, KeyUsage, KeyUsageFlags, id_ce_basicConstraints, id_ce_keyUsage } from '@peculiar/asn1-x509';

export { KeyUsageFlags };

export interface CertInfo {
  readonly cert: X509Certificate;
  readonly asn: Certificate;
  /** 3 for X.509 v3. */
  readonly version: number;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  /** undefined: no basicConstraints extension. */
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLen?: number };
  /** undefined: no keyUsage extension. */
  readonly keyUsage?: number;
  readonly signatureAlgorithm: string;
  readonly criticalExtensions: readonly string[];
  /** DER of the subject and issuer Names, for exact name chaining. */
  readonly subjectDer: Buffer;
  readonly issuerDer: Buffer;
}

const cache = new WeakMap<X509Certificate, CertInfo>();

/** Throws when the certificate's extensions do not parse (a malformed certificate). */
export function certInfo(cert: X509Certificate): CertInfo {
  const hit = cache.get(cert);
  if (hit !== undefined) return hit;
  const asn = AsnConvert.parse(cert.raw, Certificate);
  const tbs = asn.tbsCertificate;
  // RFC 5280 4.1.1.2: the outer signatureAlgorithm MUST equal the signed tbsCertificate.signature.
  if (!Buffer.from(AsnConvert.serialize(tbs.signature)).equals(Buffer.from(AsnConvert.serialize(asn.signatureAlgorithm)))) {
    throw new Error('signature algorithm mismatch');
  }
  let basicConstraints: CertInfo['basicConstraints'];
  let keyUsage: number | undefined;
  const criticalExtensions: string[] = [];
  const seen = new Set<string>();
  for (const ext of tbs.extensions ?? []) {
    // RFC 5280 4.2: "A certificate MUST NOT include more than one instance of a particular extension."
    if (seen.has(ext.extnID)) throw new Error(`repeated extension ${ext.extnID}`);
    seen.add(ext.extnID);
    if (ext.critical) criticalExtensions.push(ext.extnID);
    if (ext.extnID === id_ce_basicConstraints) {
      const bc = AsnConvert.parse(ext.extnValue, BasicConstraints);
      basicConstraints = { ca: bc.cA, ...(bc.pathLenConstraint !== undefined && { pathLen: bc.pathLenConstraint }) };
    } else if (ext.extnID === id_ce_keyUsage) {
      keyUsage = AsnConvert.parse(ext.extnValue, KeyUsage).toNumber();
    }
  }
  const info: CertInfo = {
    cert,
    asn,
    version: tbs.version + 1,
    notBeforeMs: tbs.validity.notBefore.getTime().getTime(),
    notAfterMs: tbs.validity.notAfter.getTime().getTime(),
    ...(basicConstraints !== undefined && { basicConstraints }),
    ...(keyUsage !== undefined && { keyUsage }),
    signatureAlgorithm: asn.signatureAlgorithm.algorithm,
    criticalExtensions,
    subjectDer: Buffer.from(AsnConvert.serialize(tbs.subject)),
    issuerDer: Buffer.from(AsnConvert.serialize(tbs.issuer)),
  };
  cache.set(cert, info);
  return info;
}
