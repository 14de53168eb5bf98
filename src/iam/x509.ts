/**
 * Reading the PEM certificates IAM is given (UploadSigningCertificate, UploadServerCertificate)
 * with node:crypto's X509Certificate: exactly the PEM blocks, each parsed, nothing else around
 * them. AWS: MalformedCertificate "The request was rejected because the certificate was malformed
 * or expired. The error message describes the specific error."
 */
import { X509Certificate } from 'node:crypto';
import { MalformedCertificate } from '../core/errors.js';

const BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;
/** A chain holds a few certificates; this bounds the parsing a 1 MiB body could ask for. */
const MAX_CHAIN = 16;

export const unparsable = (what = 'certificate'): Error => MalformedCertificate(`Unable to parse ${what}. Please ensure the ${what} is in PEM format.`);

/** The certificates of a PEM text, in order; `fail()` (MalformedCertificate) for anything else. */
export function parsePemCertificates(text: string, what: string, max = MAX_CHAIN, fail = (): Error => unparsable(what)): X509Certificate[] {
  const blocks = text.match(BLOCK) ?? [];
  if (blocks.length === 0 || blocks.length > max || text.replace(BLOCK, '').trim() !== '') throw fail();
  return blocks.map((b) => {
    try {
      return new X509Certificate(b);
    } catch {
      throw fail();
    }
  });
}

/** One PEM certificate. */
export function parsePemCertificate(text: string, fail?: () => Error): X509Certificate {
  return parsePemCertificates(text, 'certificate', 1, fail)[0]!;
}

/** Whether `now` lies outside the certificate's validity period. */
export function expired(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validTo).getTime() < now.getTime();
}

export function notYetValid(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validFrom).getTime() > now.getTime();
}
