/**
 * The rest of the attack corpus: boxyhq/saml20-style wrapping and comment tricks, tampering,
 * parser tricks (DTDs, entities, namespaces), and assertions whose signature is fine but whose
 * content AWS refuses (issuer, audience, recipient, time, status, Role pair, session name).
 */
import type { Element } from '@xmldom/xmldom';
import { ATTR, type ResponseOptions, buildResponse, issue, rolePair, sign } from '../support/saml-idp.js';
import { BAD_SIG, type Case, type Env, ITE, SAML, evilizer, lowAttrs, mutate } from './federation-saml-attack-cases.js';

const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithSAML';

export function wrappingCases(env: Env): Case[] {
  const { idp, now } = env;
  const o: ResponseOptions = { nameId: 'low@corp.example', attributes: lowAttrs(env) };
  const evil = evilizer(env);
  const signed = (): string => issue(idp, now, o, 'assertion');
  const evilTwin = (a: Element, id = '_evil'): Element => {
    const e = a.cloneNode(true) as Element;
    evil(e);
    e.setAttribute('ID', id);
    const s = Array.from(e.childNodes).find((n) => (n as Element).localName === 'Signature');
    if (s) e.removeChild(s);
    return e;
  };
  return [
    { name: 'signed assertion hidden in the evil one\'s SubjectConfirmationData', xml: mutate(signed(), (_d, root, a) => {
      const e = evilTwin(a);
      e.getElementsByTagNameNS(SAML, 'SubjectConfirmationData')[0]!.appendChild(a);
      root.appendChild(e);
    }), error: ITE },
    { name: 'evil assertion appended after the signed one', xml: mutate(signed(), (_d, root, a) => root.appendChild(evilTwin(a))), error: ITE },
    { name: 'signed assertion moved into samlp:Extensions, evil in its place', xml: mutate(signed(), (d, root, a) => {
      const ext = d.createElementNS('urn:oasis:names:tc:SAML:2.0:protocol', 'samlp:Extensions');
      root.insertBefore(ext, a);
      root.insertBefore(evilTwin(a), a);
      ext.appendChild(a);
    }), error: ITE },
    { name: 'evil response wrapping the signed response', xml: mutate(issue(idp, now, o, 'response'), (d, root) => {
      const outer = root.cloneNode(true) as Element;
      evil(outer);
      outer.setAttribute('ID', '_evil_response');
      d.replaceChild(outer, root);
      outer.appendChild(root);
    }), error: ITE },
    { name: 'signature moved off the assertion onto the Response', xml: mutate(signed(), (_d, root, a) => {
      const s = Array.from(a.childNodes).find((n) => (n as Element).localName === 'Signature')!;
      a.removeChild(s);
      root.insertBefore(s, a);
    }), error: ITE, message: BAD_SIG },
    { name: 'comment inside DigestValue', xml: signed().replace(/<ds:DigestValue>(.)/, '<ds:DigestValue>$1<!---->'), error: ITE },
    {
      name: 'comment injection in NameID (admin@corp.example<!---->.evil.test)',
      xml: issue(idp, now, { nameId: 'admin@corp.example.evil.test', attributes: lowAttrs(env) }).replace('admin@corp.example.evil.test', 'admin@corp.example<!---->.evil.test'),
      error: ITE,
      role: 'reader',
    },
    { name: 'tampered NameID after signing', xml: signed().replace('low@corp.example', 'admin@corp.example'), error: ITE, message: BAD_SIG, role: 'reader' },
    { name: 'tampered Role attribute after signing', xml: signed().replace(env.roleArn('reader'), env.roleArn('admin')), error: ITE, message: BAD_SIG },
    { name: 'tampered SignatureValue', xml: signed().replace(/<ds:SignatureValue>(.)/, (_m, a: string) => `<ds:SignatureValue>${a === 'A' ? 'B' : 'A'}`), error: ITE, message: BAD_SIG, role: 'reader' },
    { name: 'DOCTYPE with an internal entity (billion laughs)', xml: `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>${signed()}`, error: ITE, role: 'reader' },
    { name: 'DOCTYPE with an external entity (XXE)', xml: `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${signed().replace('low@corp.example', '&x;')}`, error: ITE, role: 'reader' },
    { name: 'Assertion in a foreign namespace', xml: sign(buildResponse(idp.entityId, now, o).replace(/saml:Assertion/g, 'evil:Assertion').replace('<evil:Assertion ', '<evil:Assertion xmlns:evil="urn:evil" '), idp, 'Response'), error: ITE, role: 'reader' },
    { name: 'not base64', xml: '', error: ITE, role: 'reader' },
  ];
}

export function claimCases(env: Env): Case[] {
  const { idp, rogue, now, providerArn } = env;
  const at = (s: number): Date => new Date(now.getTime() + s * 1000);
  const ok = lowAttrs(env);
  const r = (o: ResponseOptions): string => issue(idp, now, { nameId: 'low@corp.example', attributes: ok, ...o });
  return [
    { name: 'rogue-signed: another key, same entityID', xml: issue(rogue, now, { attributes: ok }), error: ITE, message: BAD_SIG },
    { name: 'expired SubjectConfirmationData', xml: r({ issueInstant: at(-200), notBefore: at(-200), confirmationNotOnOrAfter: at(-100) }), error: 'ExpiredTokenException', message: 'Token is expired' },
    { name: 'expired Conditions', xml: r({ notOnOrAfter: at(-120) }), error: 'ExpiredTokenException' },
    { name: 'expired session (SessionNotOnOrAfter)', xml: r({ sessionNotOnOrAfter: at(-120) }), error: 'ExpiredTokenException' },
    { name: 'issued more than 5 minutes ago', xml: r({ issueInstant: at(-400), notBefore: at(-400), notOnOrAfter: at(600), confirmationNotOnOrAfter: at(600) }), error: 'ExpiredTokenException', message: 'Token must be redeemed within 5 minutes of issuance' },
    { name: 'not yet valid (NotBefore in 10 minutes)', xml: r({ notBefore: at(600), notOnOrAfter: at(900) }), error: ITE },
    { name: 'issued in the future', xml: r({ issueInstant: at(600) }), error: ITE },
    { name: 'wrong audience', xml: r({ audiences: ['https://other-sp.example/saml'] }), error: ITE },
    { name: 'no audience restriction', xml: r({ audiences: null }), error: ITE },
    { name: 'wrong recipient', xml: r({ recipient: 'https://other-sp.example/acs' }), error: ITE },
    { name: 'look-alike recipient', xml: r({ recipient: 'https://signin.aws.amazon.com.evil.test/saml' }), error: ITE },
    { name: 'wrong destination', xml: r({ destination: 'https://other-sp.example/acs' }), error: ITE },
    { name: 'two SubjectConfirmations', xml: r({ confirmations: 2 }), error: ITE },
    { name: 'issuer not the metadata entityID', xml: issue(idp, now, { issuer: 'https://evil.example/idp', responseIssuer: null, attributes: ok }), error: ITE, message: 'Issuer not present in specified provider' },
    { name: 'IdP reports failure', xml: r({ status: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }), error: 'IDPRejectedClaimException' },
    { name: 'role pair not in the assertion', xml: r({}), error: 'AccessDenied', message: NOT_AUTHORIZED },
    { name: 'role pair with another provider', xml: r({ attributes: { ...ok, [`${ATTR}Role`]: [rolePair(env.roleArn('admin'), providerArn.replace('CorpIdP', 'OtherIdP'))] } }), error: 'AccessDenied', message: NOT_AUTHORIZED },
    { name: 'no RoleSessionName', xml: r({ attributes: { [`${ATTR}Role`]: ok[`${ATTR}Role`]! } }), error: ITE, message: 'RoleSessionName is required in AuthnResponse', role: 'reader' },
    { name: 'invalid RoleSessionName', xml: r({ attributes: { ...ok, [`${ATTR}RoleSessionName`]: ['John Doe'] } }), error: ITE, message: 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}', role: 'reader' },
    { name: 'no NameID', xml: r({ nameId: null }), error: 'AccessDenied', message: NOT_AUTHORIZED, role: 'reader' },
  ];
}
