/** The shapes the SigV4 module reads and returns. Plain data: no Node request objects. */

/** A header value as Node's `req.headersDistinct` gives it (one entry per received line). */
export type HeaderValue = string | readonly string[];

/**
 * An incoming request, as received. Header names must be lower-cased. Pass Node's
 * `req.headersDistinct` rather than `req.headers`: the latter joins repeated headers with ", "
 * where SigV4 joins them with "," (and drops repeats of some), which changes the signature.
 */
export interface SigV4Request {
  readonly method: string;
  /** The path exactly as on the request line, still percent-encoded, without the query. */
  readonly path: string;
  /** The raw query string without the leading "?" ("" when there is none). */
  readonly query: string;
  readonly headers: Readonly<Record<string, HeaderValue | undefined>>;
  /** The body; omitted means empty. */
  readonly body?: Uint8Array | string;
}

/** What a request claims about its signer, before any secret is looked up. */
export interface SigV4Claim {
  readonly accessKeyId: string;
  /** Credential-scope date, yyyymmdd. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** Lower-cased and sorted, as they enter the canonical request. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** The request time in ISO 8601 basic format (yyyymmddThhmmssZ). */
  readonly amzDate: string;
  /** The same instant in milliseconds, when the claim came from parseAuthorization. */
  readonly requestMs?: number;
  readonly securityToken?: string;
  /** True for query-string (presigned URL) authentication. */
  readonly presigned: boolean;
  /** X-Amz-Expires, for presigned requests that carry it. */
  readonly expiresSeconds?: number;
}

/**
 * Options are taken as fixed values: parseAuthorization remembers a credential's scope checks per
 * `services` array and `isValidRegion` function, so neither may change its answers once passed.
 */
export interface ParseOptions {
  /**
   * When given, the clock-skew check runs inside parsing, at the point AWS runs it (before the
   * credential-scope checks), so that a request with several faults gets AWS's first error.
   */
  readonly nowMs?: number;
  /** Services this endpoint answers for; the first is named in the error. Omitted: any. */
  readonly services?: readonly string[];
  /** Region check; default accepts any lower-case [a-z0-9-] name (Rolegate serves every region). */
  readonly isValidRegion?: (region: string) => boolean;
  /** See VerifyOptions.honourExpires; pass the same value to both. */
  readonly honourExpires?: boolean;
}

export interface VerifyOptions {
  /**
   * Accept `X-Amz-Content-Sha256: UNSIGNED-PAYLOAD`. Off by default: IAM and STS carry the action
   * in the body, so an unsigned body would let a captured request be replayed with another action.
   */
  readonly allowUnsignedPayload?: boolean;
  /** S3-style canonical path (as received, not normalised, not re-encoded). Default false. */
  readonly rawPath?: boolean;
  /**
   * Let a presigned URL live until X-Amz-Date + X-Amz-Expires (S3). Off by default: IAM and STS
   * ignore X-Amz-Expires and accept a presigned request for 15 minutes from X-Amz-Date.
   */
  readonly honourExpires?: boolean;
}
