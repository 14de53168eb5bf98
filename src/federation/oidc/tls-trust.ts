/**
 * Trust in an OIDC provider's TLS certificate, as AWS defines it: the certificate chains to a
 * system CA (checked by Node's TLS stack), or the last certificate of the chain the server
 * presents — "the top intermediate CA … in the certificate authority chain", a self-signed server
 * certificate being its own top — has a SHA-1 thumbprint registered on the provider.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html
 *
 * Pinning alone is not all we ask: the presented chain must be internally consistent (each
 * certificate signed by the next), every certificate within its validity period, and the leaf
 * must name the host. The checks are Node's own (X509Certificate, tls.checkServerIdentity).
 */
import { X509Certificate, createHash } from 'node:crypto';
import { type DetailedPeerCertificate, checkServerIdentity } from 'node:tls';

/** The chain the server presented, leaf first, as DER. */
export function presentedChain(leaf: DetailedPeerCertificate): Buffer[] {
  const out: Buffer[] = [];
  let c: DetailedPeerCertificate | undefined = leaf;
  // A self-signed certificate is its own issuerCertificate; stop there (and at 10, for safety).
  while (c !== undefined && c.raw !== undefined && out.length < 10) {
    out.push(c.raw);
    const next: DetailedPeerCertificate | undefined = c.issuerCertificate;
    if (next === undefined || next === c || next.raw === undefined || next.raw.equals(c.raw)) break;
    c = next;
  }
  return out;
}

/** Lower-case hex SHA-1 of a DER certificate: AWS's thumbprint. */
export const thumbprintOf = (der: Buffer): string => createHash('sha1').update(der).digest('hex');

/**
 * Whether a chain the system CAs did not vouch for is trusted through a registered thumbprint.
 * `nowMs` is the wall clock: certificate validity is about the real connection, not the request.
 */
export function trustedByThumbprint(host: string, leaf: DetailedPeerCertificate, thumbprints: readonly string[], nowMs: number): boolean {
  if (thumbprints.length === 0) return false;
  const ders = presentedChain(leaf);
  const top = ders[ders.length - 1];
  if (top === undefined) return false;
  const pinned = new Set(thumbprints.map((t) => t.toLowerCase()));
  if (!pinned.has(thumbprintOf(top))) return false;
  let certs: X509Certificate[];
  try {
    certs = ders.map((d) => new X509Certificate(d));
  } catch {
    return false;
  }
  for (let i = 0; i < certs.length; i++) {
    const c = certs[i]!;
    if (nowMs < Date.parse(c.validFrom) || nowMs > Date.parse(c.validTo)) return false;
    const issuer = certs[i + 1];
    if (issuer !== undefined && !(c.checkIssued(issuer) && c.verify(issuer.publicKey))) return false;
  }
  return checkServerIdentity(host, leaf) === undefined;
}
