/**
 * The attack corpus for federation-saml-attacks.test.ts: each case a SAML Response (XML) built
 * from our own test IdP and the AWS error it must get. Definitions followed, none copied:
 * XSW1–8 from CompassSecurity/SAMLRaider's XSWHelpers; node-saml's
 * test/static/signatures/invalid; boxyhq/saml20's test/assets/attacks and digestValueComment.
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

interface Env {
  readonly idp: SamlIdp;
  readonly rogue: SamlIdp;
  readonly now: Date;
  readonly roleArn: (name: string) => string;
  readonly providerArn: string;
}

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ENV = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const BAD_SIG = 'Response signature invalid';
const ITE = 'InvalidIdentityTokenException';

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml');
const text = (d: Document): string => new XMLSerializer().serializeToString(d);
const first = (root: Document | Element, ns: string, local: string): Element => root.getElementsByTagNameNS(ns, local)[0]!;

export function attackCases(env: Env): Case[] {
  const { idp, rogue, now, roleArn, providerArn } = env;
  const low = { [`${ATTR}Role`]: [rolePair(roleArn('reader'), providerArn)], [`${ATTR}RoleSessionName`]: ['low'] };
  const admin = { [`${ATTR}Role`]: [rolePair(roleArn('admin'), providerArn)], [`${ATTR}RoleSessionName`]: ['admin'] };
  const lowOpts: ResponseOptions = { nameId: 'low@corp.example', attributes: low };
  const signedBy = (mode: 'assertion' | 'response' | 'both' | 'none', o: ResponseOptions = lowOpts): string => issue(idp, now, o, mode);

  /** SAMLRaider's "applyMatchAndReplaceValues": the evil copy names admin. */
  const evilize = (el: Element): void => {
    for (const v of Array.from(el.getElementsByTagNameNS(SAML, 'AttributeValue'))) {
      if (v.textContent === low[`${ATTR}Role`]![0]) v.textContent = admin[`${ATTR}Role`]![0]!;
      if (v.textContent === 'low') v.textContent = 'admin';
    }
    const n = el.getElementsByTagNameNS(SAML, 'NameID')[0];
    if (n) n.textContent = 'admin@corp.example';
  };
  /** Runs `f` on the parsed document of a signed Response and serializes it again. */
  const mutate = (xml: string, f: (d: Document, root: Element, assertion: Element) => void): string => {
    const d = parse(xml);
    f(d, d.documentElement!, first(d, SAML, 'Assertion'));
    return text(d);
  };
  const stripSig = (el: Element): void => {
    const s = Array.from(el.childNodes).find((n) => (n as Element).localName === 'Signature');
    if (s) el.removeChild(s);
  };
  const directSig = (el: Element): Element => Array.from(el.childNodes).find((n) => (n as Element).localName === 'Signature') as Element;

  const xsw: Case[] = [
    ['XSW1', signedBy('response'), (_d: Document, root: Element) => {
      const clone = root.cloneNode(true) as Element;
      evilize(root);
      stripSig(clone);
      directSig(root).appendChild(clone);
      root.setAttribute('ID', '_evil_response_ID');
    }],
    ['XSW2', signedBy('response'), (_d: Document, root: Element) => {
      const clone = root.cloneNode(true) as Element;
      evilize(root);
      stripSig(clone);
      const sig = directSig(root);
      root.insertBefore(clone, sig);
      root.setAttribute('ID', '_evil_response_ID');
    }],
    ['XSW3', signedBy('assertion'), (_d: Document, root: Element, a: Element) => {
      const evil = a.cloneNode(true) as Element;
      evilize(evil);
      evil.setAttribute('ID', '_evil_assertion_ID');
      stripSig(evil);
      root.insertBefore(evil, a);
    }],
    ['XSW4', signedBy('assertion'), (_d: Document, root: Element, a: Element) => {
      const evil = a.cloneNode(true) as Element;
      evilize(evil);
      evil.setAttribute('ID', '_evil_assertion_ID');
      stripSig(evil);
      root.appendChild(evil);
      evil.appendChild(a);
    }],
    ['XSW5', signedBy('assertion'), (_d: Document, root: Element, a: Element) => {
      const copy = a.cloneNode(true) as Element;
      evilize(a);
      stripSig(copy);
      root.appendChild(copy);
      a.setAttribute('ID', '_evil_assertion_ID');
    }],
    ['XSW6', signedBy('assertion'), (_d: Document, _root: Element, a: Element) => {
      const sig = directSig(a);
      const copy = a.cloneNode(true) as Element;
      evilize(a);
      stripSig(copy);
      sig.appendChild(copy);
      a.setAttribute('ID', '_evil_assertion_ID');
    }],
    ['XSW7', signedBy('assertion'), (d: Document, root: Element, a: Element) => {
      const ext = d.createElement('Extensions');
      root.insertBefore(ext, a);
      const evil = a.cloneNode(true) as Element;
      evilize(evil);
      stripSig(evil);
      ext.appendChild(evil);
    }],
    ['XSW8', signedBy('assertion'), (d: Document, _root: Element, a: Element) => {
      const sig = directSig(a);
      const copy = a.cloneNode(true) as Element;
      evilize(a);
      stripSig(copy);
      const obj = d.createElement('Object');
      sig.appendChild(obj);
      obj.appendChild(copy);
    }],
  ].map(([name, xml, f]) => ({ name: name as string, xml: mutate(xml as string, f as never), error: ITE }));
  // The same eight with both the Response and the Assertion signed.
  const xswBoth = xsw.slice(2).map((c, i) => ({ ...c, name: `${c.name} (response also signed)`, xml: mutate(signedBy('both'), (d, root, a) => XSW_AGAIN[i]!(d, root, a)) }));
  const XSW_AGAIN: ((d: Document, root: Element, a: Element) => void)[] = [];

  return [...xsw, ...xswBoth, ...nodeSamlCases(env, lowOpts, admin), ...claimCases(env, lowOpts, admin), ...structural(env, lowOpts, mutate, evilize)];
}
