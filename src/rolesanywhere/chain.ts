/**
 * Path validation of a CreateSession leaf and the intermediates it sent to a trust anchor's CA
 * certificates (RFC 5280 section 6, the parts Roles Anywhere needs), at a given instant.
 *
 * AWS's requirements ("IAM Roles Anywhere trust model", "Signing certificate requirements",
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html): the end-entity
 * certificate MUST be X.509 v3, basic constraints MUST have CA false, key usage MUST include
 * Digital Signature, the signing algorithm MUST be SHA-256 or stronger (MD5 and SHA-1 refused);
 * a CA certificate MUST have CA true and key usage Certificate Sign.
 *
 * Beyond AWS's list, from RFC 5280 and the x509-limbo corpus (test/rolesanywhere/vectors/README.md
 * lists each case and decision): weak keys (RSA < 2048, P-192, DSA, explicit curves) and RSA keys
 * costly to verify with (over 8192 bits, or a public exponent of 2^31 or more), bad serial
 * numbers, keyCertSign on a leaf, and any name/policy constraint (which Rolegate does not process,
 * so refuses instead of ignoring) fail; self-issued intermediates do not count against pathLen;
 * times compare at whole seconds.
 *
 * Building: from the leaf, issuers are found among the unused intermediates and the anchors by
 * exact (DER) name chaining and a verifying signature (node:crypto); each certificate is used once
 * (no loops) and a path holds at most MAX_CHAIN_LENGTH certificates. Every candidate path is then
 * checked; the first that passes is returned, else the first failure found.
 */
import type { X509Certificate } from 'node:crypto';
import { certInfo, KeyUsageFlags } from './cert-info.js';
import type { CertInfo } from './cert-info.js';
import { MAX_CHAIN_LENGTH, MAX_RSA_BITS, costlyRsaKey } from '../sigv4/x509-certificate.js';

export type PathRefusal =
  | 'MalformedCertificate'
  | 'NotYetValid'
  | 'Expired'
  | 'NotV3'
  | 'LeafIsCA'
  | 'LeafKeyUsage'
  | 'IssuerNotCA'
  | 'IssuerKeyUsage'
  | 'PathLenExceeded'
  | 'WeakSignatureAlgorithm'
  | 'UnsupportedCriticalExtension'
  | 'UnsupportedPathConstraint'
  | 'WeakKey'
  | 'BadSerialNumber'
  | 'EmptyIssuerName'
  | 'ChainTooLong'
  | 'UntrustedIssuer';

export interface PathFailure {
  readonly ok: false;
  readonly reason: PathRefusal;
  readonly message: string;
}

export interface ValidPath {
  readonly ok: true;
  /** leaf, intermediates used (leaf side first), then the anchor CA certificate. */
  readonly path: readonly X509Certificate[];
  readonly anchor: X509Certificate;
}

export interface PathInput {
  readonly leaf: X509Certificate;
  readonly intermediates: readonly X509Certificate[];
  /** The enabled trust anchor's CA certificate(s). */
  readonly anchors: readonly X509Certificate[];
  readonly atMs: number;
}

/** SHA-256 or stronger (RFC 4055 / RFC 5758 / RFC 8410 OIDs). RSASSA-PSS is refused: its hash hides in parameters. */
const STRONG_SIGNATURES = new Set([
  '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12', // sha384WithRSAEncryption
  '1.2.840.113549.1.1.13', // sha512WithRSAEncryption
  '1.2.840.10045.4.3.2', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3', // ecdsa-with-SHA384
  '1.2.840.10045.4.3.4', // ecdsa-with-SHA512
  '1.3.101.112', // Ed25519
]);

/** Critical extensions we process or that impose nothing here; any other critical one fails (RFC 5280 4.2). */
const UNDERSTOOD = new Set([
  '2.5.29.15', // keyUsage
  '2.5.29.19', // basicConstraints
  '2.5.29.37', // extKeyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.32', // certificatePolicies (no policy is required: any policy is acceptable)
]);

/**
 * Path constraints Rolegate does not process (RFC 5280 6.1: name constraints, policy mappings and
 * policy constraints, inhibitAnyPolicy). Ignoring one would accept paths the CA meant to forbid,
 * so a certificate carrying one is refused whether the extension is marked critical or not.
 */
const UNPROCESSED_CONSTRAINTS = new Map([
  ['2.5.29.30', 'name constraints'],
  ['2.5.29.33', 'policy mappings'],
  ['2.5.29.36', 'policy constraints'],
  ['2.5.29.54', 'inhibitAnyPolicy'],
]);

/** Named curves accepted for EC keys (the NIST curves of RFC 5480 that TLS and AWS Private CA use, minus P-192). */
const CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);
const MIN_RSA_BITS = 2048;

/**
 * Why the certificate's public key is unacceptable, or undefined: RSA of 2048 to 8192 bits (whole
 * octets) with a public exponent below 2^31 (costlyRsaKey), P-256/384/521, Ed25519.
 */
/** A certificate, read in full (CertInfo) or not yet: an unread one's EC parameters are not checked. */
type Readable = Pick<CertInfo, 'cert'> & Partial<Pick<CertInfo, 'asn'>>;

function weakKey(info: Readable): string | undefined {
  let key;
  try {
    key = info.cert.publicKey;
  } catch {
    return 'an unreadable public key (e.g. explicit curve parameters)';
  }
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (costlyRsaKey(key)) return `an RSA key of more than ${MAX_RSA_BITS} bits or with a public exponent of 2^31 or more`;
      return bits >= MIN_RSA_BITS && bits % 8 === 0 ? undefined : `a ${bits}-bit RSA key`;
    }
    case 'ec': {
      // RFC 5480 2.1.1: the parameters MUST be a namedCurve OID; explicit (specified) curves are refused.
      if (info.asn !== undefined) {
        const params = info.asn.tbsCertificate.subjectPublicKeyInfo.algorithm.parameters;
        if (params === undefined || params === null || new Uint8Array(params)[0] !== 0x06) return 'an EC key with explicit curve parameters';
      }
      return details.namedCurve !== undefined && CURVES.has(details.namedCurve) ? undefined : `an EC key on ${details.namedCurve ?? 'an unnamed curve'}`;
    }
    case 'ed25519':
      return undefined;
    default:
      return `a ${key.asymmetricKeyType ?? 'unknown'} key`;
  }
}

function fail(reason: PathRefusal, message: string): PathFailure {
  return { ok: false, reason, message };
}

function label(info: Readable): string {
  // The subject as node prints it, on one line; for messages only.
  return info.cert.subject.replace(/\n/g, ', ');
}

function common(info: CertInfo, atMs: number, role: string): PathFailure | undefined {
  if (atMs < info.notBeforeMs) return fail('NotYetValid', `The ${role} certificate ${label(info)} is not yet valid.`);
  if (atMs > info.notAfterMs) return fail('Expired', `The ${role} certificate ${label(info)} has expired.`);
  // RFC 5280 4.1.2.4: the issuer MUST be a non-empty name (so a CA's subject is never empty either).
  if (info.issuerDer.length <= 2) return fail('EmptyIssuerName', `The ${role} certificate ${label(info)} has an empty issuer name.`);
  if (info.version !== 3) return fail('NotV3', `The ${role} certificate ${label(info)} is not an X.509 v3 certificate.`);
  const constraint = [...UNPROCESSED_CONSTRAINTS].find(([oid]) => info.extensions.has(oid));
  if (constraint !== undefined) return fail('UnsupportedPathConstraint', `The ${role} certificate ${label(info)} carries ${constraint[1]}, which Rolegate does not process.`);
  const unknown = info.criticalExtensions.find((oid) => !UNDERSTOOD.has(oid));
  if (unknown !== undefined) return fail('UnsupportedCriticalExtension', `The ${role} certificate ${label(info)} has an unsupported critical extension ${unknown}.`);
  return weakKeyFailure(info, role);
}

function weakKeyFailure(info: Readable, role: string): PathFailure | undefined {
  const weak = weakKey(info);
  if (weak !== undefined) return fail('WeakKey', `The ${role} certificate ${label(info)} has ${weak}; RSA of 2048 to ${MAX_RSA_BITS} bits, P-256, P-384, P-521 or Ed25519 is required.`);
  return undefined;
}

/**
 * RFC 5280 4.1.2.2: a positive INTEGER of at most 20 octets. Checked on issued certificates, not on
 * the configured anchor. The serial names the certificate in the session and in CRLs.
 */
function badSerial(info: CertInfo, role: string): PathFailure | undefined {
  const s = info.serial;
  const positive = s.length > 0 && (s[0]! & 0x80) === 0 && s.some((b) => b !== 0);
  if (positive && s.length <= 20) return undefined;
  return fail('BadSerialNumber', `The ${role} certificate ${label(info)} has a serial number that is not a positive integer of at most 20 octets.`);
}

function checkLeaf(info: CertInfo, atMs: number): PathFailure | undefined {
  const bad = common(info, atMs, 'signing') ?? badSerial(info, 'signing');
  if (bad !== undefined) return bad;
  if (info.basicConstraints?.ca === true) return fail('LeafIsCA', 'The signing certificate must not be a CA certificate (basic constraints CA:TRUE).');
  if (info.keyUsage === undefined || (info.keyUsage & KeyUsageFlags.digitalSignature) === 0) {
    return fail('LeafKeyUsage', 'The signing certificate must have key usage Digital Signature.');
  }
  // RFC 5280 4.2.1.3: keyCertSign only with basic constraints CA:TRUE, which a leaf may not have.
  if ((info.keyUsage & KeyUsageFlags.keyCertSign) !== 0) {
    return fail('LeafKeyUsage', 'The signing certificate must not have key usage Certificate Sign.');
  }
  if (!STRONG_SIGNATURES.has(info.signatureAlgorithm)) {
    return fail('WeakSignatureAlgorithm', `The signing certificate is signed with ${info.signatureAlgorithm}; SHA-256 or stronger is required.`);
  }
  return undefined;
}

/**
 * `below`: how many intermediate CA certificates stand between this issuer and the leaf, not
 * counting self-issued ones (RFC 5280 4.2.1.9 and 6.1.4 (l)).
 */
function checkIssuer(info: CertInfo, atMs: number, below: number, isAnchor: boolean): PathFailure | undefined {
  const role = isAnchor ? 'trust anchor' : 'intermediate';
  const bad = common(info, atMs, role) ?? (isAnchor ? undefined : badSerial(info, role));
  if (bad !== undefined) return bad;
  if (info.basicConstraints?.ca !== true) return fail('IssuerNotCA', `The ${role} certificate ${label(info)} is not a CA certificate.`);
  if (info.keyUsage !== undefined && (info.keyUsage & KeyUsageFlags.keyCertSign) === 0) {
    return fail('IssuerKeyUsage', `The ${role} certificate ${label(info)} lacks key usage Certificate Sign.`);
  }
  const pathLen = info.basicConstraints.pathLen;
  if (pathLen !== undefined && below > pathLen) {
    return fail('PathLenExceeded', `The ${role} certificate ${label(info)} allows ${pathLen} intermediate CA certificate(s) below it; the path has ${below}.`);
  }
  // The anchor's own (self-)signature is not part of the path: the anchor is trusted as configured.
  if (!isAnchor && !STRONG_SIGNATURES.has(info.signatureAlgorithm)) {
    return fail('WeakSignatureAlgorithm', `The ${role} certificate ${label(info)} is signed with ${info.signatureAlgorithm}; SHA-256 or stronger is required.`);
  }
  return undefined;
}

function selfIssued(info: CertInfo): boolean {
  return info.subjectDer.equals(info.issuerDer);
}

/**
 * Whether `issuer` signed `subject`, read with node:crypto (OpenSSL) alone: the names as OpenSSL
 * prints them (equal DER names print alike; the exact DER is compared once a path is found) and
 * the signature.
 */
function signs(issuer: X509Certificate, subject: X509Certificate): boolean {
  if (issuer.subject !== subject.issuer) return false;
  try {
    return subject.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Keys node verifies with at a bounded cost; any other (DSA, a costly RSA key) is refused later anyway (weakKey). */
function searchable(cert: X509Certificate): boolean {
  try {
    const key = cert.publicKey;
    return key.asymmetricKeyType === 'ec' || key.asymmetricKeyType === 'ed25519' || (key.asymmetricKeyType === 'rsa' && !costlyRsaKey(key));
  } catch {
    return false;
  }
}

function infoOf(cert: X509Certificate): CertInfo | undefined {
  try {
    return certInfo(cert);
  } catch {
    return undefined;
  }
}

/** Every path from the leaf to an anchor by signature, depth-first, bounded. */
function candidatePaths(leaf: X509Certificate, pool: readonly X509Certificate[], anchors: readonly X509Certificate[]): { paths: X509Certificate[][]; tooLong: boolean } {
  const paths: X509Certificate[][] = [];
  let tooLong = false;
  // The walk meets a pair again on every branch (4 intermediates that all sign one another: 64
  // checks); each pair's signature is verified once.
  const known = new Map<X509Certificate, Map<X509Certificate, boolean>>();
  const issues = (issuer: X509Certificate, subject: X509Certificate): boolean => {
    let row = known.get(issuer);
    if (row === undefined) known.set(issuer, (row = new Map<X509Certificate, boolean>()));
    let r = row.get(subject);
    if (r === undefined) row.set(subject, (r = signs(issuer, subject)));
    return r;
  };
  const walk = (path: X509Certificate[]): void => {
    const top = path[path.length - 1]!;
    for (const anchor of anchors) if (issues(anchor, top)) paths.push([...path, anchor]);
    for (const next of pool) {
      if (path.includes(next) || !issues(next, top)) continue;
      if (path.length + 2 > MAX_CHAIN_LENGTH) {
        tooLong = true;
        continue;
      }
      walk([...path, next]);
    }
  };
  walk([leaf]);
  return { paths, tooLong };
}

/**
 * The checks of one candidate path, read in full (cert-info.ts) now that its signatures chain to an
 * anchor; undefined when its names are not exactly (DER) chained after all.
 */
function checkPath(path: readonly X509Certificate[], atMs: number): { readonly infos: CertInfo[]; readonly bad?: PathFailure } | undefined {
  const infos: CertInfo[] = [];
  for (const [i, cert] of path.entries()) {
    const info = infoOf(cert);
    if (info === undefined) {
      if (i === path.length - 1) return undefined; // an anchor that no longer reads anchors nothing
      return { infos, bad: fail('MalformedCertificate', i === 0 ? 'The signing certificate could not be read.' : 'An intermediate certificate could not be read.') };
    }
    if (i > 0 && !info.subjectDer.equals(infos[i - 1]!.issuerDer)) return undefined;
    infos.push(info);
  }
  let bad = checkLeaf(infos[0]!, atMs);
  let below = 0;
  for (let i = 1; i < infos.length && bad === undefined; i++) {
    bad = checkIssuer(infos[i]!, atMs, below, i === infos.length - 1);
    if (!selfIssued(infos[i]!)) below++;
  }
  return bad === undefined ? { infos } : { infos, bad };
}

/**
 * Paths are found first, with node:crypto alone, and only the certificates of a path whose
 * signatures chain to an anchor are read further: reading one with @peculiar/asn1-x509 costs up to
 * 160 ms for a 16 KiB certificate of 1,300 RDNs (and 300 KB kept while it is cached), which an
 * anonymous request could otherwise buy with certificates of its own making. An intermediate whose
 * key is costly to verify with is left out before any signature is checked, and is the answer when
 * no path is found.
 */
export function validatePath(input: PathInput): ValidPath | PathFailure {
  if (!Number.isFinite(input.atMs)) throw new TypeError('atMs must be a finite number of milliseconds');
  // Certificate times have whole seconds (RFC 5280 4.1.2.5): compare the instant at that granularity,
  // so notAfter is valid through its whole second (x509-limbo rfc5280::validity::notafter-fractional).
  const atMs = Math.floor(input.atMs / 1000) * 1000;
  // The header parser caps this already; callers that skip it are held to the same bound.
  if (input.intermediates.length >= MAX_CHAIN_LENGTH) return fail('ChainTooLong', `A certificate path holds at most ${MAX_CHAIN_LENGTH} certificates.`);
  const pool = input.intermediates.filter(searchable);
  const unusable = input.intermediates.find((c) => !searchable(c));
  const { paths, tooLong } = candidatePaths(input.leaf, pool, input.anchors);
  let first: PathFailure | undefined;
  for (const path of paths) {
    const checked = checkPath(path, atMs);
    if (checked === undefined) continue;
    if (checked.bad === undefined) return { ok: true, path: [...path], anchor: path[path.length - 1]! };
    first ??= checked.bad;
  }
  if (first !== undefined) return first;
  // Said from node's reading of its key alone (searchable keys are never EC).
  if (unusable !== undefined) return weakKeyFailure({ cert: unusable }, 'intermediate') ?? fail('WeakKey', 'An intermediate certificate has a key Rolegate does not verify with.');
  if (tooLong) return fail('ChainTooLong', `A certificate path holds at most ${MAX_CHAIN_LENGTH} certificates.`);
  return fail('UntrustedIssuer', 'The signing certificate does not chain to the trust anchor.');
}
