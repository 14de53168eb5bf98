/**
 * A CERTIFICATE_BUNDLE trust anchor's CA certificates, parsed once per bundle text: CreateSession
 * reads them on every call, and the bundle was checked (ca-certificate.ts) when it was stored.
 * Bounded; cleared when full (public data, never a verdict).
 */
import { X509Certificate } from 'node:crypto';
import type { TrustAnchorData } from './model.js';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;
const parsed = new Map<string, readonly X509Certificate[]>();
const CACHE_SIZE = 256;

export function anchorCertificates(anchor: Pick<TrustAnchorData, 'sourceType' | 'x509CertificateData'>): readonly X509Certificate[] {
  const pem = anchor.sourceType === 'CERTIFICATE_BUNDLE' ? anchor.x509CertificateData : undefined;
  if (pem === undefined) return [];
  const hit = parsed.get(pem);
  if (hit !== undefined) return hit;
  const certs: X509Certificate[] = [];
  for (const block of pem.match(PEM_BLOCK) ?? []) {
    try {
      certs.push(new X509Certificate(block));
    } catch {
      // Checked when stored; a block that no longer parses anchors nothing.
    }
  }
  if (parsed.size >= CACHE_SIZE) parsed.clear();
  parsed.set(pem, Object.freeze(certs));
  return certs;
}
