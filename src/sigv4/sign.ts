/**
 * signRequest: sign a request in the header form or as a presigned URL. For tests and benchmarks
 * (the server only verifies); it shares the canonicalisation code with the verifier, so tests also
 * check against an independent signer (@smithy/signature-v4).
 */
import { canonicalRequest, credentialScope, stringToSign } from './canonical.js';
import { uriEncode } from './encode.js';
import { ALGORITHM } from './parse-header.js';
import { signatureHex, signingKey } from './signing-key.js';
import { formatAmzDate } from './time.js';
import type { SigV4Request } from './types.js';

export interface SignInput {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
  readonly service: string;
  readonly nowMs: number;
  /** Sign as a presigned URL valid this many seconds. */
  readonly presignExpiresSeconds?: number;
  /** Default: every header the request carries (lower-cased), plus those the signer adds. */
  readonly signedHeaders?: readonly string[];
  /** S3-style path: signed as given (see VerifyOptions.rawPath). */
  readonly rawPath?: boolean;
}

export function signRequest(req: SigV4Request, input: SignInput): SigV4Request {
  const amzDate = formatAmzDate(input.nowMs);
  const scope = { date: amzDate.slice(0, 8), region: input.region, service: input.service };
  const presigned = input.presignExpiresSeconds !== undefined;
  const headers: Record<string, string | readonly string[] | undefined> = { ...req.headers };
  delete headers.authorization;
  if (!presigned) {
    headers['x-amz-date'] = amzDate;
    if (input.sessionToken !== undefined) headers['x-amz-security-token'] = input.sessionToken;
  }
  const signedHeaders = [...(input.signedHeaders ?? Object.keys(headers).filter((h) => headers[h] !== undefined))]
    .map((h) => h.toLowerCase())
    .sort();
  let query = req.query;
  if (presigned) {
    const add: [string, string][] = [
      ['X-Amz-Algorithm', ALGORITHM],
      ['X-Amz-Credential', `${input.accessKeyId}/${credentialScope(scope)}`],
      ['X-Amz-Date', amzDate],
      ['X-Amz-Expires', String(input.presignExpiresSeconds)],
      ['X-Amz-SignedHeaders', signedHeaders.join(';')],
    ];
    if (input.sessionToken !== undefined) add.push(['X-Amz-Security-Token', input.sessionToken]);
    query = [query, ...add.map(([k, v]) => `${k}=${uriEncode(v)}`)].filter((q) => q !== '').join('&');
  }
  const unsigned: SigV4Request = { ...req, headers, query };
  const claim = { ...scope, amzDate, signedHeaders, presigned };
  const signature = signatureHex(
    signingKey(input.secretAccessKey, scope.date, scope.region, scope.service),
    stringToSign(claim, canonicalRequest(claim, unsigned, { rawPath: input.rawPath === true })),
  );
  if (presigned) return { ...unsigned, query: `${query}&X-Amz-Signature=${signature}` };
  const credential = `${input.accessKeyId}/${credentialScope(scope)}`;
  return {
    ...unsigned,
    headers: { ...headers, authorization: `${ALGORITHM} Credential=${credential}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}` },
  };
}
