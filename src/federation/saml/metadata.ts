/**
 * The IdP's SAML 2.0 metadata (saml-metadata-2.0-os): its entityID, the signing certificates in
 * its IDPSSODescriptor, and validUntil. AWS: "the x.509 certificate that is included as part of
 * the SAML metadata document must use a key size of at least 1024 bits"; anything it cannot read
 * is InvalidInput "Could not parse metadata".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_issuer-metadata
 */
import { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { InvalidInput } from '../../core/errors.js';
import { NS, XmlError, attr, child, children, is, parseStrict, textOf } from './xml.js';

export interface Metadata {
  readonly entityId: string;
  /** base64 DER of each signing certificate. */
  readonly signingCerts: readonly string[];
  readonly validUntil: Date | undefined;
}

const PROTOCOL_SAML2 = 'urn:oasis:names:tc:SAML:2.0:protocol';
const MIN_RSA_BITS = 1024;
const MAX_CERTS = 10;

export const couldNotParse = (): Error => InvalidInput('Could not parse metadata');

/**
 * The markup a metadata document may hold: start tags, comments and processing instructions (`<`
 * not followed by `/`), attributes (`=`) and references (`&`), counted before parsing. xmldom
 * spends ~6 µs on each (1 MiB of empty elements took 1.5 s, of attributes 0.8 s — one admin
 * request holding the loop; issue 11), text costs next to nothing. The metadata of one entity
 * holds a few hundred elements (even ADFS's, listing its claim types, stays in the low thousands
 * of items with its attributes), so 4,000 keeps the parse near 25 ms (20–50 ms on the shared bench machine) and refuses only documents
 * that are not one IdP's metadata. AWS allows 10,000,000 characters but our body cap is 1 MiB.
 */
const MAX_MARKUP = 4000;

function markupCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= MAX_MARKUP; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d || c === 0x26 || (c === 0x3c && text.charCodeAt(i + 1) !== 0x2f)) n++;
  }
  return n;
}

export function parseMetadata(text: string): Metadata {
  if (markupCount(text) > MAX_MARKUP) throw couldNotParse();
  try {
    return read(text);
  } catch (e) {
    if (e instanceof XmlError) throw couldNotParse();
    throw e;
  }
}

function read(text: string): Metadata {
  const root = parseStrict(text).documentElement!;
  if (!is(root, NS.metadata, 'EntityDescriptor')) throw new XmlError('not an EntityDescriptor');
  const entityId = attr(root, 'entityID')?.trim();
  if (entityId === undefined || entityId === '' || entityId.length > 1024) throw new XmlError('no entityID');
  const idps = children(root, NS.metadata, 'IDPSSODescriptor').filter((d) =>
    (attr(d, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(PROTOCOL_SAML2),
  );
  if (idps.length === 0) throw new XmlError('no SAML 2.0 IDPSSODescriptor');
  const certs = new Set<string>();
  for (const idp of idps) {
    for (const kd of children(idp, NS.metadata, 'KeyDescriptor')) {
      const use = attr(kd, 'use');
      if (use !== undefined && use !== 'signing') continue;
      for (const c of certificatesIn(kd)) certs.add(checkedCert(c));
    }
  }
  if (certs.size === 0 || certs.size > MAX_CERTS) throw new XmlError('no signing certificate');
  return { entityId, signingCerts: [...certs], validUntil: validUntilOf(root) };
}

function certificatesIn(keyDescriptor: Element): string[] {
  const keyInfo = child(keyDescriptor, NS.dsig, 'KeyInfo');
  if (keyInfo === undefined) return [];
  return children(keyInfo, NS.dsig, 'X509Data').flatMap((d) => children(d, NS.dsig, 'X509Certificate').map((c) => textOf(c).replace(/\s+/g, '')));
}

/** The certificate as canonical base64 DER; an RSA key of at least 1024 bits (assertions are signed rsa-sha*). */
function checkedCert(b64: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new XmlError('certificate is not base64');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(b64, 'base64'));
  } catch {
    throw new XmlError('unreadable certificate');
  }
  const key = cert.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) throw new XmlError('certificate key too small');
  return cert.raw.toString('base64');
}

function validUntilOf(root: Element): Date | undefined {
  const v = attr(root, 'validUntil');
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new XmlError('bad validUntil');
  return d;
}

/** The PEM text of a stored certificate, as xml-crypto takes it. */
export function pem(b64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}
