/**
 * The Authorization header form ("Elements of an AWS API request signature"):
 *   AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request,
 *   SignedHeaders=host;x-amz-date, Signature=<64 hex>
 * Checks run in AWS's order: algorithm, key=value syntax, then every missing part at once.
 */
import { IncompleteSignatureError, MSG, msgNotKeyValue, msgUnsupportedAlgorithm } from './errors.js';
import { firstHeader } from './headers.js';
import type { RawAuth } from './raw-auth.js';
import type { SigV4Request } from './types.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** Quote the algorithm back only when it looks like a scheme name, never like a token. */
function safeAlgorithm(alg: string): string {
  return alg.length <= 24 && /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/.test(alg) ? alg : '...';
}

/** Quote a bad parameter back unless it could be a signature or a secret key. */
function safeParam(param: string): string {
  return /^[0-9a-fA-F]{32,}$/.test(param) || /^[A-Za-z0-9/+]{40}$/.test(param) || param.length > 256 ? '...' : param;
}

/**
 * The SDKs all send `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=<64 hex>`, with the
 * same text before the signature on every call of a day: that part's parse is remembered (bounded;
 * public request text only, never a verdict). Anything else takes the general parse below, which
 * gives the same result for this form.
 */
const SIGNATURE_TAIL = ', Signature=';
const HEX64 = /^[0-9a-f]{64}$/;
const PLAIN_HEAD = /^AWS4-HMAC-SHA256 Credential=([^\s,=]+), SignedHeaders=([^\s,=]+)$/;
const heads = new Map<string, { readonly credential: string; readonly signedHeaders: string } | null>();
const MAX_HEADS = 256;

function plainHead(head: string): { readonly credential: string; readonly signedHeaders: string } | null {
  let parsed = heads.get(head);
  if (parsed === undefined) {
    const m = PLAIN_HEAD.exec(head);
    parsed = m === null ? null : { credential: m[1]!, signedHeaders: m[2]! };
    if (heads.size >= MAX_HEADS) heads.clear();
    heads.set(head, parsed);
  }
  return parsed;
}

export function fromAuthorizationHeader(value: string, headers: SigV4Request['headers']): RawAuth {
  const tail = value.length - SIGNATURE_TAIL.length - 64;
  if (tail > 0 && value.startsWith(SIGNATURE_TAIL, tail)) {
    const signature = value.slice(tail + SIGNATURE_TAIL.length);
    const head = HEX64.test(signature) ? plainHead(value.slice(0, tail)) : null;
    const date = head === null ? undefined : (firstHeader(headers, 'x-amz-date') ?? firstHeader(headers, 'date'));
    if (head !== null && date !== undefined) {
      const securityToken = firstHeader(headers, 'x-amz-security-token');
      return { credential: head.credential, signature, signedHeaders: head.signedHeaders, date, presigned: false, ...(securityToken !== undefined && { securityToken }) };
    }
  }
  return generalForm(value, headers);
}

/** The general parse, for any spacing and order (exported for the tests that hold the fast path to it). */
export function generalForm(value: string, headers: SigV4Request['headers']): RawAuth {
  const header = value.trim();
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) throw new IncompleteSignatureError(msgUnsupportedAlgorithm(safeAlgorithm(algorithm)));

  // AWS splits on commas and whitespace alike: "Credential= AKID/..." fails on "AKID/...".
  const params = new Map<string, string>();
  for (const part of header.slice(algorithm.length).split(/[\s,]+/)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new IncompleteSignatureError(msgNotKeyValue(safeParam(part)));
    params.set(part.slice(0, eq), part.slice(eq + 1)); // a repeated key: the last one wins
  }

  const credential = params.get('Credential');
  const signature = params.get('Signature');
  const signedHeaders = params.get('SignedHeaders');
  const date = firstHeader(headers, 'x-amz-date') ?? firstHeader(headers, 'date');
  const missing: string[] = [];
  if (credential === undefined) missing.push(MSG.headerRequiresCredential);
  if (signature === undefined) missing.push(MSG.headerRequiresSignature);
  if (signedHeaders === undefined) missing.push(MSG.headerRequiresSignedHeaders);
  if (date === undefined) missing.push(MSG.headerRequiresDate);
  if (credential === undefined || signature === undefined || signedHeaders === undefined || date === undefined) {
    // AWS ends with "Authorization=<header>"; the algorithm is all of it we may repeat.
    throw new IncompleteSignatureError(`${missing.join(' ')} Authorization=${ALGORITHM}`);
  }
  const securityToken = firstHeader(headers, 'x-amz-security-token');
  return { credential, signature, signedHeaders, date, presigned: false, ...(securityToken !== undefined && { securityToken }) };
}
