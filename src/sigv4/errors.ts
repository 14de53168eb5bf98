/**
 * SigV4 authentication errors, with AWS's codes and wording; their HTTP statuses are the error
 * registry's (core/errors.ts).
 *
 * Wording and the order in which checks fail follow dacut/scratchstack-aws-signature
 * (src/constants.rs, src/auth.rs and its "AWS Auth Error Ordering" chart, recorded against real
 * AWS), confirmed where possible by error bodies quoted in public issue threads. Statuses follow
 * the IAM API Reference "Common Error Types" page (IncompleteSignature 400,
 * MissingAuthenticationToken 403, MalformedQueryString 404) and observed responses
 * (SignatureDoesNotMatch 403).
 *
 * Rule: no secret, signature, session token or whole Authorization header in any message.
 */
import { AwsError } from '../core/errors.js';

/** The registry codes this module throws. */
type SigV4Code = 'MissingAuthenticationToken' | 'IncompleteSignature' | 'SignatureDoesNotMatch' | 'MalformedQueryString';

/** Base class of every error this module throws for a bad request (a class, so callers can tell them apart). */
export class SigV4Error extends AwsError {
  constructor(code: SigV4Code, message: string) {
    super(code, message);
    this.name = `${code}Error`;
  }
}

export class MissingAuthenticationTokenError extends SigV4Error {
  constructor(message: string = MSG.missingAuthToken) {
    super('MissingAuthenticationToken', message);
  }
}

export class IncompleteSignatureError extends SigV4Error {
  constructor(message: string) {
    super('IncompleteSignature', message);
  }
}

export class SignatureDoesNotMatchError extends SigV4Error {
  constructor(message: string = MSG.signatureMismatch) {
    super('SignatureDoesNotMatch', message);
  }
}

export class MalformedQueryStringError extends SigV4Error {
  constructor(message: string) {
    super('MalformedQueryString', message);
  }
}

/** AWS's exact sentences. Functions build the ones that quote part of the request. */
export const MSG = Object.freeze({
  missingAuthToken: 'Request is missing Authentication Token',
  signatureMismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  hostMustBeSigned: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  headerRequiresCredential: "Authorization header requires 'Credential' parameter.",
  headerRequiresSignature: "Authorization header requires 'Signature' parameter.",
  headerRequiresSignedHeaders: "Authorization header requires 'SignedHeaders' parameter.",
  headerRequiresDate: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  queryRequiresCredential: "AWS query-string parameters must include 'X-Amz-Credential'.",
  queryRequiresSignature: "AWS query-string parameters must include 'X-Amz-Signature'.",
  queryRequiresSignedHeaders: "AWS query-string parameters must include 'X-Amz-SignedHeaders'.",
  queryRequiresDate: "AWS query-string parameters must include 'X-Amz-Date'.",
  reexamineQuery: 'Re-examine the query-string parameters.',
  incompleteTrailingEscape: 'Incomplete trailing escape % sequence',
  // S3's wording for X-Amz-Expires (IAM/STS publish none: STS ignores X-Amz-Expires).
  expiresNotNumber: 'X-Amz-Expires should be a number',
  expiresNegative: 'X-Amz-Expires must be non-negative',
  expiresTooLarge:
    'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
});

export const msgIllegalHex = (pair: string): string => `Illegal hex character in escape % pattern: %${pair}`;
export const msgUnsupportedAlgorithm = (alg: string): string => `Unsupported AWS 'algorithm': '${alg}'.`;
export const msgNotKeyValue = (param: string): string =>
  // AWS quotes the whole header (signature included) here; we quote its algorithm only.
  `'${param}' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 ...'.`;
export const msgBadDate = (value: string): string =>
  `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`;
export const msgCredentialParts = (credential: string): string =>
  `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`;
