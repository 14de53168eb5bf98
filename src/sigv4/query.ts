/**
 * Query-string parsing and the canonical query string ("Create a signed AWS API request", step 1):
 * each name and value URI-encoded, sorted by encoded name, then by encoded value; a parameter with
 * no value gets "=" and an empty value.
 */
import { percentDecode, uriEncodeBytes } from './encode.js';

export interface QueryParam {
  /** Decoded, as UTF-8 text (for reading X-Amz-* parameters). */
  readonly name: string;
  readonly value: string;
  /** Canonical (re-encoded) forms. */
  readonly encName: string;
  readonly encValue: string;
}

/** Parse a raw query string; throws MalformedQueryString on a bad %-escape. */
export function parseQuery(raw: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (raw === '') return params;
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const nameBytes = percentDecode(eq < 0 ? piece : piece.slice(0, eq));
    const valueBytes = percentDecode(eq < 0 ? '' : piece.slice(eq + 1));
    params.push({
      name: nameBytes.toString('utf8'),
      value: valueBytes.toString('utf8'),
      encName: uriEncodeBytes(nameBytes),
      encValue: uriEncodeBytes(valueBytes),
    });
  }
  return params;
}

/** The first value of a parameter; AWS reads the first when one is repeated. */
export function firstParam(params: readonly QueryParam[], name: string): string | undefined {
  for (const p of params) if (p.name === name) return p.value;
  return undefined;
}

const byEncoded = (a: QueryParam, b: QueryParam): number =>
  a.encName < b.encName ? -1 : a.encName > b.encName ? 1 : a.encValue < b.encValue ? -1 : a.encValue > b.encValue ? 1 : 0;

/**
 * The canonical query string. For presigned requests X-Amz-Signature is left out: it cannot sign
 * itself ("Authenticating requests: query parameters").
 */
export function canonicalQuery(params: readonly QueryParam[], presigned: boolean): string {
  const kept = presigned ? params.filter((p) => p.name !== 'X-Amz-Signature') : [...params];
  return kept
    .sort(byEncoded)
    .map((p) => `${p.encName}=${p.encValue}`)
    .join('&');
}
