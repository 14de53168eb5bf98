/**
 * The canonical request and the string to sign ("Create a signed AWS API request", steps 1-3):
 *   METHOD \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash
 *   AWS4-HMAC-SHA256 \n yyyymmddThhmmssZ \n date/region/service/aws4_request \n hex(sha256(creq))
 */
import { hash } from 'node:crypto';
import { canonicalHeaders, firstHeader } from './headers.js';
import { ALGORITHM } from './parse-header.js';
import { canonicalPath } from './path.js';
import { canonicalQuery, parseQuery } from './query.js';
import type { SigV4Claim, SigV4Request, VerifyOptions } from './types.js';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

type ClaimParts = Pick<SigV4Claim, 'signedHeaders' | 'presigned' | 'amzDate' | 'date' | 'region' | 'service'>;

export function sha256Hex(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}

export function bodyHash(req: SigV4Request): string {
  return req.body === undefined || req.body.length === 0 ? EMPTY_SHA256 : sha256Hex(req.body);
}

/** X-Amz-Content-Sha256 when sent (its value is what was signed), else the body's hash. */
export function payloadHash(req: SigV4Request): string {
  return firstHeader(req.headers, 'x-amz-content-sha256') ?? bodyHash(req);
}

/** The `;`-joined form of a signed-header list: parsed lists are memoized, so is this. */
const joined = new WeakMap<readonly string[], string>();
function signedHeadersText(list: readonly string[]): string {
  let text = joined.get(list);
  if (text === undefined) {
    text = list.join(';');
    joined.set(list, text);
  }
  return text;
}

export function canonicalRequest(claim: ClaimParts, req: SigV4Request, options: VerifyOptions = {}): string {
  const query = req.query === '' ? '' : canonicalQuery(parseQuery(req.query), claim.presigned);
  return `${req.method.toUpperCase()}\n${canonicalPath(req.path, options.rawPath)}\n${query}\n${canonicalHeaders(claim.signedHeaders, req.headers)}\n${signedHeadersText(claim.signedHeaders)}\n${payloadHash(req)}`;
}

export function credentialScope(claim: Pick<SigV4Claim, 'date' | 'region' | 'service'>): string {
  return `${claim.date}/${claim.region}/${claim.service}/aws4_request`;
}

export function stringToSign(claim: ClaimParts, creq: string): string {
  return `${ALGORITHM}\n${claim.amzDate}\n${credentialScope(claim)}\n${sha256Hex(creq)}`;
}
