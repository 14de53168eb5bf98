/**
 * AWS Signature Version 4 verification, pure: no I/O, the clock passed in.
 *
 * Server use, in AWS's order of checks:
 *   const claim = parseAuthorization(req, { nowMs, services });   // shape, clock, scope
 *   const secret = ...resolve claim.accessKeyId / claim.securityToken (credentials/)...
 *   verifySignature(claim, req, secret, nowMs);                    // SignatureDoesNotMatch
 */
export { parseAuthorization } from './parse.js';
export { verifySignature, computeSignature, signaturesEqual } from './verify.js';
export { signRequest } from './sign.js';
export type { SignInput } from './sign.js';
export { canonicalRequest, stringToSign, credentialScope, payloadHash, bodyHash, sha256Hex, EMPTY_SHA256, UNSIGNED_PAYLOAD } from './canonical.js';
export { firstHeader } from './headers.js';
export { canonicalPath, normalizePath } from './path.js';
export { canonicalQuery, parseQuery } from './query.js';
export { uriEncode } from './encode.js';
export { deriveSigningKey, signingKey, signingKeyCacheSize, clearSigningKeyCache, SIGNING_KEY_CACHE_SIZE } from './signing-key.js';
export { checkClock, MAX_SKEW_SECONDS } from './clock.js';
export { MAX_EXPIRES_SECONDS } from './parse-query.js';
export { formatAmzDate, parseAmzDate } from './time.js';
export {
  SigV4Error,
  IncompleteSignatureError,
  MissingAuthenticationTokenError,
  SignatureDoesNotMatchError,
  MalformedQueryStringError,
  MSG as SIGV4_MESSAGES,
} from './errors.js';
export type { SigV4Claim, SigV4Request, HeaderValue, ParseOptions, VerifyOptions } from './types.js';
