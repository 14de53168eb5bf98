/**
 * Certificate revocation lists for a trust anchor (ImportCrl, then CreateSession). Roles Anywhere
 * only uses CRLs imported by the customer ("Revocation", https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html#revocation):
 * no OCSP and no fetching from distribution points. A CRL is accepted at import only when its
 * signature verifies with a CA certificate of the anchor whose subject is the CRL's issuer; at
 * session time a certificate of the path is refused when a CRL of its issuer lists its serial.
 *
 * Parsing with @peculiar/asn1-x509 (see cert-info.ts for why not @peculiar/x509), signatures with
 * node:crypto.
 */
import { verify } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { AsnConvert, AsnParser } from '@peculiar/asn1-schema';
import { CertificateList } from '@peculiar/asn1-x509';
import { certInfo, KeyUsageFlags } from './cert-info.js';
import type { CertInfo } from './cert-info.js';

/** An imported CRL reduced to what the session check needs. */
export interface ImportedCrl {
  readonly issuerDer: Buffer;
  /** Serial numbers, lower-case hex without leading zeros. */
  readonly revoked: ReadonlySet<string>;
  readonly thisUpdateMs: number;
  readonly nextUpdateMs?: number;
  /** The DER as imported (what GetCrl returns as crlData). */
  readonly der: Buffer;
}

export type CrlRefusal = 'MalformedCrl' | 'UnknownIssuer' | 'IssuerCannotSignCrl' | 'BadSignature';

export interface CrlFailure {
  readonly ok: false;
  readonly reason: CrlRefusal;
  readonly message: string;
}

/** A CRL larger than this is refused unparsed. */
export const MAX_CRL_BYTES = 1024 * 1024;

/** node:crypto digest for each CRL signature algorithm; null: the algorithm has its own (Ed25519). */
const DIGESTS = new Map<string, string | null>([
  ['1.2.840.113549.1.1.11', 'sha256'],
  ['1.2.840.113549.1.1.12', 'sha384'],
  ['1.2.840.113549.1.1.13', 'sha512'],
  ['1.2.840.10045.4.3.2', 'sha256'],
  ['1.2.840.10045.4.3.3', 'sha384'],
  ['1.2.840.10045.4.3.4', 'sha512'],
  ['1.3.101.112', null],
]);

function fail(reason: CrlRefusal, message: string): CrlFailure {
  return { ok: false, reason, message };
}

/** RFC 7468 labels CRLs "X509 CRL"; some tools (@peculiar/x509 among them) write "CRL". */
const PEM = /^-----BEGIN (X509 CRL|CRL)-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END \1-----\s*$/;

/** DER bytes of a PEM ("X509 CRL") or DER CRL, or undefined. */
function crlBytes(data: Uint8Array | string): Buffer | undefined {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  if (buf.length === 0 || buf.length > MAX_CRL_BYTES * 2) return undefined;
  if (buf[0] === 0x30) return buf;
  const m = PEM.exec(buf.toString('utf8').trim() + '\n');
  if (m === null) return undefined;
  const body = m[2]!.replace(/\r?\n/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(body)) return undefined;
  return Buffer.from(body, 'base64');
}

function normaliseSerial(hex: string): string {
  const s = hex.toLowerCase().replace(/^0+/, '');
  return s === '' ? '0' : s;
}

function tryInfo(cert: X509Certificate): CertInfo | undefined {
  try {
    return certInfo(cert);
  } catch {
    return undefined;
  }
}

/**
 * Parse a CRL and verify its signature against the anchor's CA certificate(s). `cas` are the
 * certificates the CRL may come from: the anchor's bundle (and, when the server accepts CRLs of
 * intermediates, those too).
 */
export function importCrl(data: Uint8Array | string, cas: readonly X509Certificate[]): { readonly ok: true; readonly crl: ImportedCrl } | CrlFailure {
  const der = crlBytes(data);
  if (der === undefined || der.length > MAX_CRL_BYTES) return fail('MalformedCrl', 'The CRL is not a DER or PEM X.509 CRL.');
  let list: CertificateList;
  try {
    // asn1js stops at 10,000 nodes by default (about 2,000 revoked certificates); a node takes at
    // least two bytes, so the input's length bounds the count as well as that default meant to.
    list = AsnParser.parse(der, CertificateList, { berOptions: { maxNodes: der.length } });
  } catch {
    return fail('MalformedCrl', 'The CRL is not a DER or PEM X.509 CRL.');
  }
  const tbs = list.tbsCertList;
  // The signed bytes exactly as received; a re-encoding could differ from BER input.
  const tbsDer = Buffer.from(list.tbsCertListRaw ?? AsnConvert.serialize(tbs));
  if (list.signatureAlgorithm.algorithm !== tbs.signature.algorithm) return fail('MalformedCrl', 'The CRL signature algorithm fields disagree.');
  // RFC 5280 5.2 / 5.3: a CRL with a critical extension the application cannot process MUST NOT be
  // used. Rolegate processes none (no delta CRLs, no issuing distribution points, no indirect CRLs;
  // CRLNumber MUST be non-critical), so any critical CRL or entry extension refuses the import.
  const critical = [...(tbs.crlExtensions ?? []), ...(tbs.revokedCertificates ?? []).flatMap((r) => r.crlEntryExtensions ?? [])].find((e) => e.critical);
  if (critical !== undefined) return fail('MalformedCrl', `The CRL has a critical extension ${critical.extnID}, which is not supported.`);
  const digest = DIGESTS.get(list.signatureAlgorithm.algorithm);
  if (digest === undefined) return fail('MalformedCrl', `The CRL signature algorithm ${list.signatureAlgorithm.algorithm} is not supported (SHA-256 or stronger).`);

  const issuerDer = Buffer.from(AsnConvert.serialize(tbs.issuer));
  const issuers = cas.map(tryInfo).filter((i): i is CertInfo => i !== undefined && i.subjectDer.equals(issuerDer));
  if (issuers.length === 0) return fail('UnknownIssuer', "The CRL's issuer is not a CA certificate of the trust anchor.");
  const signature = Buffer.from(list.signature);
  let signedByUnfitCa = false;
  for (const ca of issuers) {
    let good = false;
    try {
      good = verify(digest, tbsDer, ca.cert.publicKey, signature);
    } catch {
      good = false;
    }
    if (!good) continue;
    // RFC 5280 4.2.1.3: a CA that signs CRLs has cRLSign when it carries keyUsage at all.
    if (ca.keyUsage !== undefined && (ca.keyUsage & KeyUsageFlags.cRLSign) === 0) {
      signedByUnfitCa = true;
      continue;
    }
    const revoked = new Set((tbs.revokedCertificates ?? []).map((r) => normaliseSerial(Buffer.from(r.userCertificate).toString('hex'))));
    const nextUpdate = tbs.nextUpdate?.getTime().getTime();
    return {
      ok: true,
      crl: { issuerDer, revoked, thisUpdateMs: tbs.thisUpdate.getTime().getTime(), ...(nextUpdate !== undefined && { nextUpdateMs: nextUpdate }), der },
    };
  }
  if (signedByUnfitCa) return fail('IssuerCannotSignCrl', "The CRL's issuer lacks key usage CRL Sign.");
  return fail('BadSignature', "The CRL's signature does not verify with the trust anchor's CA certificate.");
}

/** The first certificate of `certs` that a CRL of its issuer lists, or undefined. */
export function findRevoked(certs: readonly X509Certificate[], crls: readonly ImportedCrl[]): X509Certificate | undefined {
  if (crls.length === 0) return undefined;
  for (const cert of certs) {
    const info = tryInfo(cert);
    if (info === undefined) return cert; // unreadable: never treat as "not revoked"
    const serial = normaliseSerial(cert.serialNumber);
    if (crls.some((crl) => crl.issuerDer.equals(info.issuerDer) && crl.revoked.has(serial))) return cert;
  }
  return undefined;
}
