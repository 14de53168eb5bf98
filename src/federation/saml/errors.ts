/**
 * AssumeRoleWithSAML's errors (botocore data/sts/2011-06-15: InvalidIdentityToken,
 * IDPRejectedClaim 403, ExpiredTokenException 400; all Sender) and the messages AWS documents in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html. No message ever quotes
 * the assertion, a key or a signature value.
 */
import { AccessDenied, type AwsError, InvalidIdentityToken } from '../../core/errors.js';

export const MSG = {
  providerMissing: "Specified provider doesn't exist.",
  signature: 'Response signature invalid',
  issuer: 'Issuer not present in specified provider',
  sessionNameMissing: 'RoleSessionName is required in AuthnResponse',
  sessionNameInvalid: 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}',
  sourceIdentityInvalid: 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"',
  // AWS: ExpiredTokenException "Token must be redeemed within 5 minutes of issuance".
  issuedTooLongAgo: 'Token must be redeemed within 5 minutes of issuance',
  expired: 'Token is expired',
  notAuthorized: 'Not authorized to perform sts:AssumeRoleWithSAML',
} as const;

/** A response that is not a well-formed, well-structured SAML 2.0 Response; `why` is ours and fixed. */
export const invalidResponse = (why: string): AwsError => InvalidIdentityToken(`Invalid SAML Response: ${why}`);

export const notAuthorized = (): AwsError => AccessDenied(MSG.notAuthorized);
