/**
 * What path validation reads from a certificate that node:crypto's X509Certificate does not give
 * (its `keyUsage` is the *extended* key usage; it has no pathLen, no critical flags, no signature
 * algorithm): read with @peculiar/asn1-x509, the ASN.1 layer of @peculiar/x509 (which itself needs
 * a Reflect polyfill at run time, so the server does not load it). No hand-written ASN.1.
 */
import type { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  KeyUsage,
  KeyUsageFlags,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_certificatePolicies,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';

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
  /** The serialNumber INTEGER's content octets (two's complement, as encoded). */
  readonly serial: Buffer;
  /** Every extension's OID, and the critical ones. */
  readonly extensions: ReadonlySet<string>;
  readonly criticalExtensions: readonly string[];
  /** DER of the subject and issuer Names, for exact name chaining. */
  readonly subjectDer: Buffer;
  readonly issuerDer: Buffer;
}

const cache = new WeakMap<X509Certificate, CertInfo>();

/**
 * Extensions read strictly beyond basicConstraints and keyUsage: path validation ignores their
 * content, but SAN and the names feed cert-attributes.ts, and a certificate whose common
 * extensions do not parse is malformed, not "unrecognised" (x509-limbo rfc5280::san::malformed,
 * webpki::malformed-aia, rfc5280::eku::ee-eku-empty). Each is a SEQUENCE SIZE (1..MAX) where a list.
 */
const STRICT: ReadonlyMap<string, { parse: (der: ArrayBuffer) => unknown; list: boolean }> = new Map([
  [id_ce_subjectAltName, { parse: (d: ArrayBuffer) => AsnConvert.parse(d, SubjectAlternativeName), list: true }],
  [id_ce_extKeyUsage, { parse: (d: ArrayBuffer) => AsnConvert.parse(d, ExtendedKeyUsage), list: true }],
  [id_ce_certificatePolicies, { parse: (d: ArrayBuffer) => AsnConvert.parse(d, CertificatePolicies), list: true }],
  [id_ce_cRLDistributionPoints, { parse: (d: ArrayBuffer) => AsnConvert.parse(d, CRLDistributionPoints), list: true }],
  [id_pe_authorityInfoAccess, { parse: (d: ArrayBuffer) => AsnConvert.parse(d, AuthorityInfoAccessSyntax), list: true }],
  [id_ce_authorityKeyIdentifier, { parse: (d: ArrayBuffer) => AsnConvert.parse(d, AuthorityKeyIdentifier), list: false }],
  [id_ce_subjectKeyIdentifier, { parse: (d: ArrayBuffer) => AsnConvert.parse(d, SubjectKeyIdentifier), list: false }],
]);

/** Throws when a known extension's value does not parse, or is an empty list. */
function strictly(oid: string, der: ArrayBuffer): void {
  const rule = STRICT.get(oid);
  if (rule === undefined) return;
  const value = rule.parse(der);
  if (rule.list && (value as unknown[]).length === 0) throw new Error(`extension ${oid} is empty`);
}

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
    strictly(ext.extnID, ext.extnValue.buffer);
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
    serial: Buffer.from(tbs.serialNumber),
    extensions: seen,
    criticalExtensions,
    subjectDer: Buffer.from(AsnConvert.serialize(tbs.subject)),
    issuerDer: Buffer.from(AsnConvert.serialize(tbs.issuer)),
  };
  cache.set(cert, info);
  return info;
}
