/**
 * The authentication half of CreateSession, composed from the pure parts, in AWS's order
 * ("The IAM Roles Anywhere authentication process"): the request signature verified with the leaf
 * it carries, the leaf's path to the trust anchor's CA, revocation through the anchor's imported
 * CRLs, then the leaf's attributes. The server resolves the trust anchor (from the body's
 * trustAnchorArn; only an enabled one) and its enabled CRLs before calling this; authorization
 * (the role's trust policy, the profile) comes after.
 *
 * Certificates are judged at the server's clock, not at X-Amz-Date: a client chooses the latter
 * within the 15-minute window and could otherwise use a certificate just past its notAfter.
 */
import type { X509Certificate } from 'node:crypto';
import type { SigV4Request } from '../sigv4/index.js';
import { certificateAttributes, DEFAULT_ATTRIBUTE_MAPPINGS } from './cert-attributes.js';
import type { AttributeMapping, CertificateAttributes } from './cert-attributes.js';
import { validatePath } from './chain.js';
import type { PathRefusal } from './chain.js';
import { findRevoked } from './crl.js';
import type { ImportedCrl } from './crl.js';
import { serialDecimal } from '../sigv4/x509-certificate.js';
import { verifyX509Request } from '../sigv4/x509.js';
import type { X509Algorithm, X509SignatureRefusal } from '../sigv4/x509.js';

export interface SessionAuthInput {
  readonly nowMs: number;
  readonly region?: string;
  /** The CA certificate(s) of the enabled trust anchor named by the request. */
  readonly anchors: readonly X509Certificate[];
  /** The anchor's enabled CRLs. */
  readonly crls: readonly ImportedCrl[];
  /** The profile's attribute mappings (default: AWS's). */
  readonly mappings?: readonly AttributeMapping[];
}

export interface SessionAuthenticated extends CertificateAttributes {
  readonly ok: true;
  readonly algorithm: X509Algorithm;
  readonly leaf: X509Certificate;
  /** leaf, intermediates used, anchor CA. */
  readonly path: readonly X509Certificate[];
  /** The leaf serial in decimal. */
  readonly serial: string;
}

export interface SessionRefused {
  readonly ok: false;
  readonly stage: 'signature' | 'path' | 'revocation';
  readonly reason: X509SignatureRefusal | PathRefusal | 'Revoked';
  readonly message: string;
}

export function authenticateSession(req: SigV4Request, input: SessionAuthInput): SessionAuthenticated | SessionRefused {
  const signed = verifyX509Request(req, { nowMs: input.nowMs, ...(input.region !== undefined && { region: input.region }) });
  if (!signed.ok) return { ok: false, stage: 'signature', reason: signed.reason, message: signed.message };
  const path = validatePath({ leaf: signed.leaf, intermediates: signed.intermediates, anchors: input.anchors, atMs: input.nowMs });
  if (!path.ok) return { ok: false, stage: 'path', reason: path.reason, message: path.message };
  // The anchor itself is trusted as configured; every certificate below it is checked.
  const revoked = findRevoked(path.path.slice(0, -1), input.crls);
  if (revoked !== undefined) {
    const which = revoked === signed.leaf ? 'The signing certificate' : `The intermediate certificate with serial ${serialDecimal(revoked)}`;
    return { ok: false, stage: 'revocation', reason: 'Revoked', message: `${which} has been revoked.` };
  }
  const attributes = certificateAttributes(signed.leaf, input.mappings ?? DEFAULT_ATTRIBUTE_MAPPINGS);
  return { ok: true, algorithm: signed.algorithm, leaf: signed.leaf, path: path.path, serial: signed.serial, ...attributes };
}
