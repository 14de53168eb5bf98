/**
 * Strict XML reading for SAML: one parser (@xmldom/xmldom) that fails on any error or warning,
 * refuses DTDs (no entity tricks), and small helpers that read elements by namespace and local
 * name — never by prefix, never by position.
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

const ELEMENT = 1;
const PROCESSING_INSTRUCTION = 7;
const COMMENT = 8;

export class XmlError extends Error {}

/** Parses `text`, throwing XmlError on anything but one well-formed document without a DTD. */
export function parseStrict(text: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlError('DTDs are not accepted');
  if (nestingDepth(text) > MAX_DEPTH) throw new XmlError('elements nest too deeply');
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level) => {
        throw new XmlError(`XML ${level}`);
      },
    }).parseFromString(text, 'text/xml');
  } catch {
    throw new XmlError('not well-formed XML');
  }
  if (doc.documentElement === null) throw new XmlError('no document element');
  return doc;
}

/**
 * SAML responses and metadata nest about ten levels (Response, Assertion, AttributeStatement,
 * Attribute, AttributeValue; EntityDescriptor … KeyInfo, X509Data, X509Certificate). Deeper
 * documents are refused before xmldom sees them: its parse costs the square of the depth (3,000
 * nested elements each declaring a prefix, 70 KB, took ~0.3 s; an unsigned AssumeRoleWithSAML
 * carries up to 75 KB), and the walks below recurse once per level (10,700 levels overflowed the
 * stack: a 500).
 */
const MAX_DEPTH = 64;

/**
 * The deepest element nesting of `text`, in one pass, stopping past MAX_DEPTH. Exact for
 * well-formed XML (what parseStrict accepts): comments, CDATA, processing instructions and
 * declarations are skipped, end tags close a level, and a start tag's end is found outside its
 * quoted attribute values (which may hold ">" and "/>").
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = text.indexOf('<'); i >= 0 && max <= MAX_DEPTH; i = text.indexOf('<', i)) {
    const skip = text.startsWith('<!--', i) ? '-->' : text.startsWith('<![CDATA[', i) ? ']]>' : text.startsWith('<?', i) ? '?>' : text.startsWith('<!', i) || text.startsWith('</', i) ? '>' : undefined;
    if (skip !== undefined) {
      if (text.charCodeAt(i + 1) === 0x2f) depth--;
      const end = text.indexOf(skip, i + 2);
      if (end < 0) break;
      i = end + skip.length;
      continue;
    }
    let j = i + 1;
    for (let quote = 0; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) break;
    }
    if (text.charCodeAt(j - 1) !== 0x2f && ++depth > max) max = depth;
    i = j + 1;
  }
  return max;
}

export function isElement(n: Node | null | undefined): n is Element {
  return n !== null && n !== undefined && n.nodeType === ELEMENT;
}

export function is(el: Element, ns: string, local: string): boolean {
  return el.namespaceURI === ns && el.localName === local;
}

/** The element children of `el` with this namespace and local name. */
export function children(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n !== null; n = n.nextSibling) if (isElement(n) && is(n, ns, local)) out.push(n);
  return out;
}

/** The one child so named; undefined when absent, XmlError when repeated. */
export function child(el: Element, ns: string, local: string): Element | undefined {
  const found = children(el, ns, local);
  if (found.length > 1) throw new XmlError(`more than one ${local}`);
  return found[0];
}

/** Every descendant element (document order), `el` excluded. */
export function descendants(el: Element): Element[] {
  const out: Element[] = [];
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c !== null; c = c.nextSibling) {
      if (isElement(c)) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(el);
  return out;
}

/** True when a comment or processing instruction sits anywhere inside `el`. */
export function hasCommentsOrPIs(el: Node): boolean {
  for (let c = el.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === COMMENT || c.nodeType === PROCESSING_INSTRUCTION) return true;
    if (isElement(c) && hasCommentsOrPIs(c)) return true;
  }
  return false;
}

/**
 * The whole text of an element: every text node of it, concatenated. Reading only the first text
 * node is the comment-injection bug (`user@evil.com<!---->.good.com` read as `user@evil.com`).
 */
export function textOf(el: Element): string {
  return el.textContent ?? '';
}

/** An attribute with no namespace, or undefined (xmldom answers '' for absent ones). */
export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? el.getAttribute(name) ?? undefined : undefined;
}
