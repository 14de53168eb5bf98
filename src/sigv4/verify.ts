/**
 * verifySignature: recompute the signature of a parsed claim with the signer's secret and compare
 * in constant time. Also re-checks the clock (so a caller that parsed without nowMs is still
 * safe) and, when X-Amz-Content-Sha256 is sent, that it is the hash of the body actually received:
 * otherwise a captured request could be replayed with another body under the same signature.
 */
import { timingSafeEqual } from 'node:crypto';
import { bodyHash, canonicalRequest, stringToSign, UNSIGNED_PAYLOAD } from './canonical.js';
import { checkClock } from './clock.js';
import { SignatureDoesNotMatchError } from './errors.js';
import { firstHeader } from './headers.js';
import { signatureHex, signingKey } from './signing-key.js';
import { parseAmzDate } from './time.js';
import type { SigV4Claim, SigV4Request, VerifyOptions } from './types.js';

function checkPayloadHash(req: SigV4Request, options: VerifyOptions): void {
  const claimed = firstHeader(req.headers, 'x-amz-content-sha256');
  if (claimed === undefined) return;
  if (claimed === UNSIGNED_PAYLOAD) {
    if (options.allowUnsignedPayload === true) return;
    throw new SignatureDoesNotMatchError();
  }
  // Streaming (STREAMING-*) and anything else that is not the body's hash are refused.
  if (claimed !== bodyHash(req)) throw new SignatureDoesNotMatchError();
}

/** Constant-time equality of two hex strings; different lengths are simply unequal. */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  // Compare against itself on a length mismatch so the time spent does not depend on the input.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(a, a);
}

export function computeSignature(claim: SigV4Claim, req: SigV4Request, secretAccessKey: string, options: VerifyOptions = {}): string {
  const sts = stringToSign(claim, canonicalRequest(claim, req, options));
  return signatureHex(signingKey(secretAccessKey, claim.date, claim.region, claim.service, claim.accessKeyId), sts);
}

/** Throws SignatureDoesNotMatchError (403) unless the request is signed by this secret, now. */
export function verifySignature(
  claim: SigV4Claim,
  req: SigV4Request,
  secretAccessKey: string,
  nowMs: number,
  options: VerifyOptions = {},
): void {
  checkClock(claim.requestMs ?? parseAmzDate(claim.amzDate), nowMs, claim.presigned, options.honourExpires === true ? claim.expiresSeconds : undefined);
  checkPayloadHash(req, options);
  if (!signaturesEqual(computeSignature(claim, req, secretAccessKey, options), claim.signature)) {
    throw new SignatureDoesNotMatchError();
  }
}
