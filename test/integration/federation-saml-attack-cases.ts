/**
 * The signature attack corpus for federation-saml-attacks.test.ts: each case a SAML Response
 * built from our own test IdP and the AWS error it must get. Definitions followed, none copied:
 * XSW1–8 from CompassSecurity/SAMLRaider's helpers/XSWHelpers.java; node-saml's
 * test/static/signatures/invalid; boxyhq/saml20's test/assets/attacks and digestValueComment.
 * Evil variants name `admin`; the IdP signed only `reader` for low@corp.example.
 */
import { DOMParser, type Document, type Element, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { ATTR, type ResponseOptions, type SamlIdp, buildResponse, issue, rolePair, sign } from '../support/saml-idp.js';

export interface Case {
  readonly name: string;
  readonly xml: string;
  readonly error: string;
  readonly message?: string;
  readonly role?: string;
}

export interface Env {
  readonly idp: SamlIdp;
  readonly rogue: SamlIdp;
  readonly now: Date;
  readonly roleArn: (name: string) => string;
  readonly providerArn: string;
}

export const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const ITE = 'InvalidIdentityTokenException';
export const BAD_SIG = 'Response signature invalid';
const ENV = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';

type Mutation = (d: Document, root: Element, assertion: Element) => void;

/** Runs `f` on the parsed document of a Response and serializes it again. */
export function mutate(xml: string, f: Mutation): string {
  const d = new DOMParser().parseFromString(xml, 'text/xml');
  f(d, d.documentElement!, d.getElementsByTagNameNS(SAML, 'Assertion')[0]!);
  return new XMLSerializer().serializeToString(d);
}

const sigOf = (el: Element): Element | undefined => Array.from(el.childNodes).find((n) => (n as Element).localName === 'Signature') as Element | undefined;
const stripSig = (el: Element): void => {
  const s = sigOf(el);
  if (s) el.removeChild(s);
};

export function lowAttrs(env: Env): Record<string, string[]> {
  return { [`${ATTR}Role`]: [rolePair(env.roleArn('reader'), env.providerArn)], [`${ATTR}RoleSessionName`]: ['low'] };
}

/** SAMLRaider's "match and replace": the evil copy names admin. */
export function evilizer(env: Env): (el: Element) => void {
  const lowPair = rolePair(env.roleArn('reader'), env.providerArn);
  const adminPair = rolePair(env.roleArn('admin'), env.providerArn);
  return (el) => {
    for (const v of Array.from(el.getElementsByTagNameNS(SAML, 'AttributeValue'))) {
      if (v.textContent === lowPair) v.textContent = adminPair;
    }
    const n = el.getElementsByTagNameNS(SAML, 'NameID')[0];
    if (n) n.textContent = 'admin@corp.example';
  };
}

/** XSW1–8 (SAMLRaider): XSW1/2 wrap a Response signature, XSW3–8 an Assertion signature. */
function xswMutations(evil: (el: Element) => void): [string, 'response' | 'assertion', Mutation][] {
  return [
    ['XSW1', 'response', (_d, root) => {
      const clone = root.cloneNode(true) as Element;
      evil(root);
      stripSig(clone);
      sigOf(root)!.appendChild(clone);
      root.setAttribute('ID', '_evil_response_ID');
    }],
    ['XSW2', 'response', (_d, root) => {
      const clone = root.cloneNode(true) as Element;
      evil(root);
      stripSig(clone);
      root.insertBefore(clone, sigOf(root)!);
      root.setAttribute('ID', '_evil_response_ID');
    }],
    ['XSW3', 'assertion', (_d, root, a) => {
      const e = a.cloneNode(true) as Element;
      evil(e);
      e.setAttribute('ID', '_evil_assertion_ID');
      stripSig(e);
      root.insertBefore(e, a);
    }],
    ['XSW4', 'assertion', (_d, root, a) => {
      const e = a.cloneNode(true) as Element;
      evil(e);
      e.setAttribute('ID', '_evil_assertion_ID');
      stripSig(e);
      root.appendChild(e);
      e.appendChild(a);
    }],
    ['XSW5', 'assertion', (_d, root, a) => {
      const copy = a.cloneNode(true) as Element;
      evil(a);
      stripSig(copy);
      root.appendChild(copy);
      a.setAttribute('ID', '_evil_assertion_ID');
    }],
    ['XSW6', 'assertion', (_d, _root, a) => {
      const sig = sigOf(a)!;
      const copy = a.cloneNode(true) as Element;
      evil(a);
      stripSig(copy);
      sig.appendChild(copy);
      a.setAttribute('ID', '_evil_assertion_ID');
    }],
    ['XSW7', 'assertion', (d, root, a) => {
      const ext = d.createElement('Extensions');
      root.insertBefore(ext, a);
      const e = a.cloneNode(true) as Element;
      evil(e);
      stripSig(e);
      ext.appendChild(e);
    }],
    ['XSW8', 'assertion', (d, _root, a) => {
      const sig = sigOf(a)!;
      const copy = a.cloneNode(true) as Element;
      evil(a);
      stripSig(copy);
      const obj = d.createElement('Object');
      sig.appendChild(obj);
      obj.appendChild(copy);
    }],
  ];
}

export function xswCases(env: Env): Case[] {
  const o: ResponseOptions = { nameId: 'low@corp.example', attributes: lowAttrs(env) };
  const out: Case[] = [];
  for (const [name, kind, f] of xswMutations(evilizer(env))) {
    out.push({ name, xml: mutate(issue(env.idp, env.now, o, kind), f), error: ITE });
    // The same wrapping when the IdP signs both the Response and the Assertion.
    out.push({ name: `${name}, both signed`, xml: mutate(issue(env.idp, env.now, o, 'both'), f), error: ITE });
  }
  return out;
}

/** node-saml test/static/signatures/invalid, regenerated. */
export function nodeSamlCases(env: Env): Case[] {
  const { idp, rogue, now } = env;
  const o: ResponseOptions = { nameId: 'low@corp.example', attributes: lowAttrs(env) };
  const evil = evilizer(env);
  const base = (): string => buildResponse(idp.entityId, now, o);
  const twice = { transforms: [ENV, ENV, EXC] };
  const advice = (xml: string): string =>
    mutate(xml, (d, _r, a) => {
      const adv = d.createElementNS(SAML, 'saml:Advice');
      const inner = a.cloneNode(true) as Element;
      evil(inner);
      inner.setAttribute('ID', '_advice_assertion');
      adv.appendChild(inner);
      a.insertBefore(adv, a.getElementsByTagNameNS(SAML, 'AttributeStatement')[0]!);
    });
  return [
    { name: 'root signed, assertion invalidly signed (rogue key)', xml: sign(sign(base(), rogue, 'Assertion'), idp, 'Response'), error: ITE, message: BAD_SIG },
    { name: 'root signed with doubled transforms, assertion unsigned', xml: sign(base(), idp, 'Response', twice), error: ITE, message: BAD_SIG },
    { name: 'root unsigned, assertion signed with doubled transforms', xml: sign(base(), idp, 'Assertion', twice), error: ITE, message: BAD_SIG },
    { name: "root re-signed by attacker, attacker's cert at KeyInfo", xml: mutate(sign(mutate(base(), (_d, r) => evil(r)), rogue, 'Response'), () => undefined), error: ITE, message: BAD_SIG },
    { name: 'root unsigned, assertion unsigned', xml: base(), error: ITE, message: BAD_SIG },
    { name: 'assertion signed, 1 advice assertion unsigned', xml: sign(advice(base()), idp, 'Assertion'), error: ITE },
    { name: 'root signed, advice assertion added after signing', xml: advice(issue(idp, now, o, 'response')), error: ITE },
    { name: 'root signed, multiple root elements', xml: issue(idp, now, o, 'response') + issue(idp, now, o, 'response'), error: ITE },
    {
      name: 'root signed, encrypted assertion',
      xml: sign(mutate(base(), (d, root, a) => {
        const enc = d.createElementNS(SAML, 'saml:EncryptedAssertion');
        root.replaceChild(enc, a);
      }), idp, 'Response'),
      error: ITE,
    },
    { name: 'root signed, assertion signed by rogue, response by rogue', xml: issue(rogue, now, o, 'both'), error: ITE, message: BAD_SIG },
    { name: 'HMAC-SHA1 keyed with the public certificate (key confusion)', xml: hmacSigned(base(), idp.certPem), error: ITE, message: BAD_SIG },
    { name: 'Reference URI="" (whole document)', xml: wholeDocSigned(base(), idp), error: ITE, message: BAD_SIG },
  ];
}

function hmacSigned(xml: string, key: string): string {
  const sig = new SignedXml({ privateKey: key, signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1', canonicalizationAlgorithm: EXC });
  sig.enableHMAC();
  sig.addReference({ xpath: "//*[local-name(.)='Assertion']", transforms: [ENV, EXC], digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}

function wholeDocSigned(xml: string, idp: SamlIdp): string {
  const sig = new SignedXml({ privateKey: idp.keyPem, publicCert: idp.certPem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: EXC });
  sig.addReference({ xpath: '/*', isEmptyUri: true, transforms: [ENV, EXC], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: "/*/*[local-name(.)='Issuer']", action: 'after' } });
  return sig.getSignedXml();
}
