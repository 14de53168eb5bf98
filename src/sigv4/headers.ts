/**
 * Header lookup and canonical headers ("Create a signed AWS API request", step 1): lower-case name,
 * colon, the values trimmed with inner runs of whitespace collapsed to one space, repeated headers
 * joined with "," in the order received; one line per signed header.
 */
import type { HeaderValue, SigV4Request } from './types.js';

type Headers = SigV4Request['headers'];

export function headerValues(headers: Headers, name: string): readonly string[] | undefined {
  // Own properties only: names come from the client, so never reach the prototype.
  const v: HeaderValue | undefined = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
  if (v === undefined) return name === 'host' ? headerValues(headers, ':authority') : undefined;
  return typeof v === 'string' ? [v] : v;
}

export function firstHeader(headers: Headers, name: string): string | undefined {
  const v: HeaderValue | undefined = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
  if (v === undefined) return name === 'host' ? firstHeader(headers, ':authority') : undefined;
  return typeof v === 'string' ? v : v[0];
}

const WHITESPACE_RUN = /[ \t\r\n]+/g;
/** Values that need no rewriting (the usual case) skip the regex replace. */
const NEEDS_COLLAPSE = /[\t\r\n]| {2}|^ | $/;

function canonicalValue(v: string): string {
  return NEEDS_COLLAPSE.test(v) ? v.replace(WHITESPACE_RUN, ' ').trim() : v;
}

export function canonicalHeaderValue(values: readonly string[]): string {
  return values.length === 1 ? canonicalValue(values[0]!) : values.map(canonicalValue).join(',');
}

/** "name:value\n" for each signed header, in signed-header (sorted) order. */
export function canonicalHeaders(signedHeaders: readonly string[], headers: Headers): string {
  let out = '';
  for (const name of signedHeaders) {
    let v: HeaderValue | undefined = Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
    if (v === undefined && name === 'host') v = Object.prototype.hasOwnProperty.call(headers, ':authority') ? headers[':authority'] : undefined;
    out += `${name}:${v === undefined ? '' : typeof v === 'string' ? canonicalValue(v) : canonicalHeaderValue(v)}\n`;
  }
  return out;
}
