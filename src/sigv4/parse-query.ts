/**
 * The query-string (presigned URL) form ("Authenticating requests: query parameters"):
 * X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Signature, and the
 * optional X-Amz-Expires and X-Amz-Security-Token. A repeated parameter: AWS reads the first.
 */
import { IncompleteSignatureError, MissingAuthenticationTokenError, MSG } from './errors.js';
import { ALGORITHM } from './parse-header.js';
import { firstParam } from './query.js';
import type { QueryParam } from './query.js';
import type { RawAuth } from './raw-auth.js';

/** SigV4 keys are scoped to one day, so a presigned URL lives at most 7 days (604800 s). */
export const MAX_EXPIRES_SECONDS = 604800;

export function parseExpires(value: string): number {
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n > MAX_EXPIRES_SECONDS) throw new IncompleteSignatureError(MSG.expiresTooLarge);
    return n;
  }
  if (/^-\d+$/.test(value)) throw new IncompleteSignatureError(MSG.expiresNegative);
  throw new IncompleteSignatureError(MSG.expiresNotNumber);
}

export function fromQueryParameters(algorithm: string, params: readonly QueryParam[]): RawAuth {
  // AWS answers an unknown X-Amz-Algorithm as if there were no authentication at all.
  if (algorithm !== ALGORITHM) throw new MissingAuthenticationTokenError();
  const credential = firstParam(params, 'X-Amz-Credential');
  const signature = firstParam(params, 'X-Amz-Signature');
  const signedHeaders = firstParam(params, 'X-Amz-SignedHeaders');
  const date = firstParam(params, 'X-Amz-Date');
  const missing: string[] = [];
  if (credential === undefined) missing.push(MSG.queryRequiresCredential);
  if (signature === undefined) missing.push(MSG.queryRequiresSignature);
  if (signedHeaders === undefined) missing.push(MSG.queryRequiresSignedHeaders);
  if (date === undefined) missing.push(MSG.queryRequiresDate);
  if (credential === undefined || signature === undefined || signedHeaders === undefined || date === undefined) {
    throw new IncompleteSignatureError(`${missing.join(' ')} ${MSG.reexamineQuery}`);
  }
  const expires = firstParam(params, 'X-Amz-Expires');
  const securityToken = firstParam(params, 'X-Amz-Security-Token');
  return {
    credential,
    signature,
    signedHeaders,
    date,
    presigned: true,
    ...(expires !== undefined && { expiresSeconds: parseExpires(expires) }),
    ...(securityToken !== undefined && { securityToken }),
  };
}
