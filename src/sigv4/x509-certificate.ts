/**
 * Certificates as they arrive in CreateSession headers: base64 DER, strictly (no PEM, no trailing
 * bytes, no whitespace), bounded in size and count before anything is parsed.
 */
import { X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * The longest path accepted: leaf + intermediates + the trust anchor's CA. AWS does not state a
 * figure in the user guide pages we could read; 5 bounds the work an anonymous request can cause
 * (each link is one signature verification) and covers every PKI shape we know of in practice.
 */
export const MAX_CHAIN_LENGTH = 5;

/** A certificate larger than this is refused unparsed (real ones are 1–3 KiB). */
export const MAX_CERTIFICATE_BYTES = 16 * 1024;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Parsed certificates by their exact base64 text: a workload sends the same leaf and chain on every
 * call, and parsing (here and in cert-info.ts, which caches per object) costs more than the
 * signature checks. Public data only, never a verdict; bounded, cleared when full.
 */
const parsed = new Map<string, X509Certificate>();
export const PARSED_CACHE_SIZE = 1024;

/** One base64 DER certificate, or undefined when it is not exactly that. */
export function parseDerCertificate(text: string): X509Certificate | undefined {
  const hit = parsed.get(text);
  if (hit !== undefined) return hit;
  const cert = parseUncached(text);
  if (cert !== undefined) {
    if (parsed.size >= PARSED_CACHE_SIZE) parsed.clear();
    parsed.set(text, cert);
  }
  return cert;
}

function parseUncached(text: string): X509Certificate | undefined {
  if (text.length === 0 || text.length > Math.ceil(MAX_CERTIFICATE_BYTES / 3) * 4 || !BASE64.test(text)) return undefined;
  const der = Buffer.from(text, 'base64');
  if (der[0] !== 0x30) return undefined; // a DER SEQUENCE; also keeps node from reading PEM text
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return undefined;
  }
  return cert.raw.equals(der) ? cert : undefined;
}

/** A comma-separated list (X-Amz-X509-Chain); 'too-long' past `max` entries, undefined when malformed. */
export function parseCertificateList(text: string, max: number): X509Certificate[] | 'too-long' | undefined {
  const parts = text.split(',');
  if (parts.length > max) return 'too-long';
  const certs: X509Certificate[] = [];
  for (const part of parts) {
    const cert = parseDerCertificate(part.trim());
    if (cert === undefined) return undefined;
    certs.push(cert);
  }
  return certs;
}

/**
 * The serial number in decimal, as the Credential names it (node gives upper-case hex, with a "-"
 * before a negative one: RFC 5280 forbids those, but a request may carry one; its decimal keeps
 * the sign, so it matches no credential).
 */
export function serialDecimal(cert: X509Certificate): string {
  const hex = cert.serialNumber;
  return hex.startsWith('-') ? `-${BigInt(`0x${hex.slice(1)}`).toString(10)}` : BigInt(`0x${hex}`).toString(10);
}

/** The largest RSA modulus accepted, as Go's crypto/tls (maxRSAKeySize); AWS Private CA issues at most 4096. */
export const MAX_RSA_BITS = 8192;
/** The largest RSA public exponent accepted, as Go's crypto/rsa (2^31 - 1); real keys use 65537. */
export const MAX_RSA_EXPONENT = 2n ** 31n - 1n;

/**
 * Whether verifying with this key costs more than any real key's verification: an RSA verification
 * is one exponentiation by the public exponent, which the key's owner chooses. OpenSSL accepts an
 * exponent as long as a 3072-bit modulus, which made one verification 6 ms instead of 0.05 ms
 * (bench machine), and an anonymous CreateSession makes one per certificate it sends.
 */
export function costlyRsaKey(key: KeyObject): boolean {
  if (key.asymmetricKeyType !== 'rsa') return false;
  const d = key.asymmetricKeyDetails ?? {};
  return (d.modulusLength ?? 0) > MAX_RSA_BITS || (d.publicExponent ?? 0n) > MAX_RSA_EXPONENT;
}
