/**
 * A real signing SAML 2.0 identity provider for tests: an RSA key and a self-signed X.509
 * certificate made at test time (node:crypto + @peculiar/x509), its metadata document, and SAML
 * Responses built as AWS documents them and signed with xml-crypto — on the Assertion, the
 * Response, both or neither.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html
 */
import 'reflect-metadata';
import { randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { SignedXml } from 'xml-crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface SamlIdp {
  readonly entityId: string;
  readonly keyPem: string;
  readonly certPem: string;
  /** The certificate as base64 DER (what metadata carries). */
  readonly certB64: string;
  metadata(): string;
}

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export async function createIdp(entityId = 'https://idp.rolegate.test/saml', bits = 2048): Promise<SamlIdp> {
  const keys = await webcrypto.subtle.generateKey({ ...ALG, modulusLength: bits }, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomUUID().replace(/-/g, '').slice(0, 16),
    name: 'CN=Rolegate Test IdP',
    notBefore: new Date(Date.UTC(2020, 0, 1)),
    notAfter: new Date(Date.UTC(2040, 0, 1)),
    keys,
    signingAlgorithm: ALG,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END PRIVATE KEY-----\n`;
  const certB64 = Buffer.from(cert.rawData).toString('base64');
  return { entityId, keyPem, certPem: cert.toString('pem'), certB64, metadata: () => metadataFor(entityId, [certB64]) };
}

export function metadataFor(entityId: string, certs: readonly string[], extra = ''): string {
  const kd = certs
    .map((c) => `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${c}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}"${extra}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${kd}
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.rolegate.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

export interface ResponseOptions {
  readonly issuer?: string;
  /** null: no Issuer on the Response. */
  readonly responseIssuer?: string | null;
  readonly nameId?: string | null;
  readonly nameIdFormat?: string | null;
  readonly recipient?: string;
  readonly destination?: string | null;
  /** null: no AudienceRestriction. */
  readonly audiences?: readonly string[] | null;
  readonly issueInstant?: Date;
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  readonly confirmationNotOnOrAfter?: Date;
  readonly sessionNotOnOrAfter?: Date;
  readonly confirmations?: number;
  readonly status?: string;
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
}

export const AWS_SAML = 'https://signin.aws.amazon.com/saml';
export const ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const t = (d: Date): string => d.toISOString();

/** An unsigned SAML Response for `entityId`, valid at `now` unless the options say otherwise. */
export function buildResponse(entityId: string, now: Date, o: ResponseOptions = {}): string {
  const plus = (s: number): Date => new Date(now.getTime() + s * 1000);
  const issuer = o.issuer ?? entityId;
  const respIssuer = o.responseIssuer === undefined ? issuer : o.responseIssuer;
  const nameId = o.nameId === undefined ? 'alice@corp.example' : o.nameId;
  const format = o.nameIdFormat === undefined ? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' : o.nameIdFormat;
  const dest = o.destination === undefined ? AWS_SAML : o.destination;
  const audiences = o.audiences === undefined ? [AWS_SAML] : o.audiences;
  const scd = `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${t(o.confirmationNotOnOrAfter ?? plus(300))}" Recipient="${esc(o.recipient ?? AWS_SAML)}"/></saml:SubjectConfirmation>`;
  const attrs = Object.entries(o.attributes ?? {})
    .map(([name, values]) => `<saml:Attribute Name="${esc(name)}">${values.map((v) => `<saml:AttributeValue>${esc(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
    .join('');
  const id = `_${randomUUID()}`;
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${id}" Version="2.0" IssueInstant="${t(o.issueInstant ?? now)}"${dest === null ? '' : ` Destination="${esc(dest)}"`}>` +
    (respIssuer === null ? '' : `<saml:Issuer>${esc(respIssuer)}</saml:Issuer>`) +
    `<samlp:Status><samlp:StatusCode Value="${o.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>` +
    `<saml:Assertion ID="_a${id}" Version="2.0" IssueInstant="${t(o.issueInstant ?? now)}"><saml:Issuer>${esc(issuer)}</saml:Issuer>` +
    `<saml:Subject>${nameId === null ? '' : `<saml:NameID${format === null ? '' : ` Format="${format}"`}>${esc(nameId)}</saml:NameID>`}${scd.repeat(o.confirmations ?? 1)}</saml:Subject>` +
    `<saml:Conditions NotBefore="${t(o.notBefore ?? plus(-5))}" NotOnOrAfter="${t(o.notOnOrAfter ?? plus(300))}">` +
    (audiences === null ? '' : `<saml:AudienceRestriction>${audiences.map((a) => `<saml:Audience>${esc(a)}</saml:Audience>`).join('')}</saml:AudienceRestriction>`) +
    `</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${t(now)}"${o.sessionNotOnOrAfter === undefined ? '' : ` SessionNotOnOrAfter="${t(o.sessionNotOnOrAfter)}"`}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attrs}</saml:AttributeStatement></saml:Assertion></samlp:Response>`
  );
}

export interface SignOptions {
  readonly signatureAlgorithm?: string;
  readonly digestAlgorithm?: string;
  readonly transforms?: readonly string[];
}

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

/** Signs the element `which` (the Assertion or the Response) of `xml`, placing ds:Signature after its Issuer. */
export function sign(xml: string, signer: Pick<SamlIdp, 'keyPem' | 'certPem'>, which: 'Assertion' | 'Response', o: SignOptions = {}): string {
  const sig = new SignedXml({
    privateKey: signer.keyPem,
    publicCert: signer.certPem,
    signatureAlgorithm: o.signatureAlgorithm ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: EXC_C14N,
  });
  const target = which === 'Assertion' ? "//*[local-name(.)='Assertion']" : "/*[local-name(.)='Response']";
  sig.addReference({ xpath: target, transforms: [...(o.transforms ?? [ENVELOPED, EXC_C14N])], digestAlgorithm: o.digestAlgorithm ?? 'http://www.w3.org/2001/04/xmlenc#sha256' });
  const hasIssuer = which === 'Assertion' || xml.includes('<saml:Issuer>', xml.indexOf('>')) && xml.indexOf('<saml:Issuer>') < xml.indexOf('<saml:Assertion');
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: hasIssuer ? { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' } : { reference: target, action: 'prepend' },
  });
  return sig.getSignedXml();
}

export type SignMode = 'assertion' | 'response' | 'both' | 'none';

/** A Response from `idp`, signed as `mode` says. */
export function issue(idp: SamlIdp, now: Date, o: ResponseOptions = {}, mode: SignMode = 'assertion'): string {
  let xml = buildResponse(idp.entityId, now, o);
  if (mode === 'assertion' || mode === 'both') xml = sign(xml, idp, 'Assertion');
  if (mode === 'response' || mode === 'both') xml = sign(xml, idp, 'Response');
  return xml;
}

export const b64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

/** The Role attribute value AWS expects: "role-arn,provider-arn". */
export const rolePair = (roleArn: string, providerArn: string): string => `${roleArn},${providerArn}`;
