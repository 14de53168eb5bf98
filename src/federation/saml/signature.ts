/**
 * The XML signature of a SAML Response, checked with xml-crypto against the provider's metadata
 * certificates only (any KeyInfo in the message is ignored), and the signed content handed on as
 * re-parsed from the exact bytes the signature covers — never as nodes of the received document.
 * That, plus refusing any document shaped unlike a plain Response (exactly one Assertion, as a
 * child of the Response; signatures only as children of the element they sign; unique IDs; one
 * Reference naming that element; no comments), defeats the signature-wrapping family (XSW1–8,
 * "On Breaking SAML", USENIX Security 2012) and comment injection.
 * AWS: the Response or the Assertion must be signed by a key in the provider's metadata
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_invalid-metadata).
 */
import { type Element, XMLSerializer } from '@xmldom/xmldom';
import { type SignatureAlgorithm, SignedXml } from 'xml-crypto';
import { InvalidIdentityToken } from '../../core/errors.js';
import { MSG, invalidResponse } from './errors.js';
import { pem } from './metadata.js';
import { NS, XmlError, attr, child, children, descendants, hasCommentsOrPIs, is, isElement, parseStrict } from './xml.js';
import { checkSignedInfo } from './signed-info.js';

export interface SignedResponse {
  /** The received Response (only its Status and Destination are read from it; they can only make a call fail). */
  readonly response: Element;
  /** The Assertion, re-parsed from signed bytes. */
  readonly assertion: Element;
}

const ID_NAMES = new Set(['ID', 'Id', 'id']);

/**
 * xml-crypto finds a Reference's element with three XPath scans of the whole document (`//*` by
 * each ID attribute name) before any key is tried: 16,000 empty elements in a 90 KB assertion
 * signed by a rogue key held the event loop ~0.5 s. A Response the later checks accept holds at
 * most 1,000 attribute values (assertion.ts), each in at most its own Attribute, plus a few
 * dozen other elements; more is refused before the signature is checked.
 */
const MAX_ELEMENTS = 2500;

export function verifyResponse(xml: string, certs: readonly string[]): SignedResponse {
  let root: Element;
  try {
    root = parseStrict(xml).documentElement!;
  } catch (e) {
    if (e instanceof XmlError) throw invalidResponse('the document is not well-formed XML');
    throw e;
  }
  if (!is(root, NS.protocol, 'Response')) throw invalidResponse('the document is not a SAML 2.0 Response');
  if (hasCommentsOrPIs(root)) throw invalidResponse('comments and processing instructions are not accepted');
  const all = descendants(root);
  if (all.length > MAX_ELEMENTS) throw invalidResponse('the Response holds too many elements');
  if (all.some((e) => e.localName === 'EncryptedAssertion')) throw invalidResponse('encrypted assertions are not supported');
  const assertions = all.filter((e) => e.localName === 'Assertion');
  const assertion = assertions[0];
  if (assertions.length !== 1 || assertion === undefined || assertion.parentNode !== root || !is(assertion, NS.assertion, 'Assertion')) {
    throw invalidResponse('the Response must hold exactly one Assertion');
  }
  checkUniqueIds([root, ...all]);
  for (const s of all.filter((e) => e.localName === 'Signature')) {
    if (s.parentNode !== root && s.parentNode !== assertion) throw InvalidIdentityToken(MSG.signature);
  }
  let responseSig: Element | undefined;
  let assertionSig: Element | undefined;
  try {
    responseSig = child(root, NS.dsig, 'Signature');
    assertionSig = child(assertion, NS.dsig, 'Signature');
  } catch {
    throw InvalidIdentityToken(MSG.signature);
  }
  if (responseSig === undefined && assertionSig === undefined) throw InvalidIdentityToken(MSG.signature);
  let trusted = assertionSig === undefined ? undefined : signedElement(xml, assertionSig, assertion, certs);
  if (responseSig !== undefined) {
    const signedRoot = signedElement(xml, responseSig, root, certs);
    trusted ??= children(signedRoot, NS.assertion, 'Assertion')[0];
  }
  if (trusted === undefined) throw InvalidIdentityToken(MSG.signature);
  return { response: root, assertion: trusted };
}

function checkUniqueIds(elements: readonly Element[]): void {
  const seen = new Set<string>();
  for (const e of elements) {
    for (let i = 0; i < e.attributes.length; i++) {
      const a = e.attributes.item(i);
      if (a === null || !ID_NAMES.has(a.localName ?? a.name)) continue;
      if (seen.has(a.value)) throw invalidResponse('duplicate ID attributes');
      seen.add(a.value);
    }
  }
}

/**
 * Verifies `sig` (a child of `target`) with the metadata certificates and returns the element it
 * signs, re-parsed from the canonical bytes xml-crypto digested.
 */
function signedElement(xml: string, sig: Element, target: Element, certs: readonly string[]): Element {
  const id = attr(target, 'ID');
  const keys = certs.map(pem);
  const [first] = keys;
  if (id === undefined || id === '' || !checkSignedInfo(sig, id) || first === undefined) throw InvalidIdentityToken(MSG.signature);
  const signed = new SignedXml({ publicCert: first, getCertFromKeyInfo: () => null });
  // SAML names its elements by `ID` (saml-core 1.3.4). xml-crypto looks a Reference up with one
  // XPath scan of the whole document per ID attribute name (ID, Id, id by default) to find
  // duplicates — which checkUniqueIds has already refused across all three — so one scan, not
  // three (a rogue-signed 2,050-element Response spent most of its ~100 ms in those scans).
  signed.idAttributes = ['ID'];
  signed.SignatureAlgorithms = anyKey(signed.SignatureAlgorithms, keys);
  try {
    signed.loadSignature(new XMLSerializer().serializeToString(sig));
    if (!signatureValueHolds(signed, sig)) throw InvalidIdentityToken(MSG.signature);
    if (signed.checkSignature(xml) === true) {
      const refs = signed.getSignedReferences();
      const el = refs.length === 1 && refs[0] !== undefined ? parseStrict(refs[0]).documentElement : null;
      if (isElement(el) && is(el, target.namespaceURI ?? '', target.localName ?? '') && attr(el, 'ID') === id) return el;
    }
  } catch {
    // xml-crypto's messages quote digests and signature values: never surfaced.
  }
  throw InvalidIdentityToken(MSG.signature);
}

/** What xml-crypto's checkSignature itself uses for its SignatureValue step, not in its typings. */
interface SignatureStep {
  readonly signatureValue: string;
  getCanonSignedInfoXml(doc: unknown): string;
  findSignatureAlgorithm(uri: string | undefined): SignatureAlgorithm;
}

/**
 * The SignatureValue over the canonical SignedInfo, with xml-crypto's own canonicalization and the
 * metadata keys (anyKey), checked before checkSignature digests the References: xml-crypto checks
 * them first (a document scan per lookup and the signed element's canonicalization, ~25 ms of a
 * rogue-signed 2,050-element Response an anonymous caller may send). This only refuses earlier
 * what checkSignature refuses anyway — the same step on the same SignedInfo; checkSignature still
 * runs in full (References, digests, the SignatureValue again) on whatever passes.
 */
function signatureValueHolds(signed: SignedXml, sig: Element): boolean {
  const step = signed as unknown as SignatureStep;
  const canon = step.getCanonSignedInfoXml(sig.ownerDocument);
  return step.findSignatureAlgorithm(signed.signatureAlgorithm).verifySignature(canon, '', step.signatureValue);
}

type Algorithms = SignedXml['SignatureAlgorithms'];

/**
 * The signature algorithms with the SignatureValue checked against each metadata key in turn, the
 * one step that depends on the key: parsing the document and digesting the signed element (most
 * of the work, ~60 ms for a 75 KB assertion) then run once per signature, not once per
 * certificate (a provider with 10 certificates held the event loop ~1 s per unsigned request
 * signed by a rogue key).
 */
function anyKey(algorithms: Algorithms, keys: readonly string[]): Algorithms {
  const out: Algorithms = { ...algorithms };
  for (const [uri, Base] of Object.entries(algorithms)) {
    out[uri] = class {
      readonly #base: SignatureAlgorithm = new Base();
      getSignature(): never {
        throw new Error('verification only');
      }
      verifySignature(material: string, _key: unknown, value: string): boolean {
        return keys.some((k) => this.#base.verifySignature(material, k, value));
      }
      getAlgorithmName(): ReturnType<SignatureAlgorithm['getAlgorithmName']> {
        return this.#base.getAlgorithmName();
      }
    };
  }
  return out;
}
