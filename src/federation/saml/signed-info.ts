/**
 * What a SAML signature may be (SAML 2.0 core §5.4, "XML Signature Profile"): SignedInfo with one
 * Reference to the enveloping element by its ID, the enveloped-signature transform and at most one
 * canonicalization, RSA with SHA-1/256/512. Anything else (extra references, XPath or XSLT
 * transforms, doubled transforms, HMAC, ds:Object payloads) is refused before any crypto runs.
 */
import type { Element } from '@xmldom/xmldom';
import { NS, attr, children, isElement } from './xml.js';

const SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
]);
const DIGEST_METHODS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512',
  'http://www.w3.org/2000/09/xmldsig#sha1',
]);
const C14N = new Set([
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
]);
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SIGNATURE_CHILDREN = new Set(['SignedInfo', 'SignatureValue', 'KeyInfo']);

function one(el: Element, local: string): Element | undefined {
  const found = children(el, NS.dsig, local);
  return found.length === 1 ? found[0] : undefined;
}

export function checkSignedInfo(sig: Element, id: string): boolean {
  for (let n = sig.firstChild; n !== null; n = n.nextSibling) {
    if (isElement(n) && (n.namespaceURI !== NS.dsig || !SIGNATURE_CHILDREN.has(n.localName ?? ''))) return false;
  }
  const signedInfo = one(sig, 'SignedInfo');
  if (signedInfo === undefined || one(sig, 'SignatureValue') === undefined) return false;
  const c14n = one(signedInfo, 'CanonicalizationMethod');
  const method = one(signedInfo, 'SignatureMethod');
  const ref = one(signedInfo, 'Reference');
  if (c14n === undefined || method === undefined || ref === undefined) return false;
  if (!C14N.has(attr(c14n, 'Algorithm') ?? '') || !SIGNATURE_METHODS.has(attr(method, 'Algorithm') ?? '')) return false;
  if (attr(ref, 'URI') !== `#${id}`) return false;
  const digest = one(ref, 'DigestMethod');
  if (digest === undefined || !DIGEST_METHODS.has(attr(digest, 'Algorithm') ?? '') || one(ref, 'DigestValue') === undefined) return false;
  const transformsEl = one(ref, 'Transforms');
  if (transformsEl === undefined) return false;
  const transforms = children(transformsEl, NS.dsig, 'Transform').map((t) => attr(t, 'Algorithm') ?? '');
  if (transforms.length < 1 || transforms.length > 2 || transforms[0] !== ENVELOPED) return false;
  return transforms.length === 1 || C14N.has(transforms[1]!);
}
