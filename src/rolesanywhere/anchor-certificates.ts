/**
 * A CERTIFICATE_BUNDLE trust anchor's CA certificates, parsed once per bundle text: CreateSession
 * reads them on every call, and the bundle was checked (ca-certificate.ts) when it was stored.
 * Bounded; cleared when full (public data, never a verdict).
 */
import type { X509Certificate } from 'node:crypto';
import { parsePemCertificates } from '../iam/x509.js';
import type { TrustAnchorData } from './model.js';

const parsed = new Map<string, readonly X509Certificate[]>();
const CACHE_SIZE = 256;
/** ca-certificate.ts's bound on a stored bundle. */
const MAX_BUNDLE = 10;

export function anchorCertificates(anchor: Pick<TrustAnchorData, 'sourceType' | 'x509CertificateData'>): readonly X509Certificate[] {
  const pem = anchor.sourceType === 'CERTIFICATE_BUNDLE' ? anchor.x509CertificateData : undefined;
  if (pem === undefined) return [];
  const hit = parsed.get(pem);
  if (hit !== undefined) return hit;
  let certs: readonly X509Certificate[];
  try {
    certs = parsePemCertificates(pem, 'certificate', MAX_BUNDLE);
  } catch {
    // Checked when stored (ca-certificate.ts); a bundle that no longer parses anchors nothing.
    certs = [];
  }
  if (parsed.size >= CACHE_SIZE) parsed.clear();
  parsed.set(pem, Object.freeze([...certs]));
  return certs;
}
