/**
 * The errors of sts:AssumeRoleWithWebIdentity, with AWS's codes and HTTP statuses (botocore
 * data/sts/2011-06-15/service-2.json) and AWS's messages where AWS's are known.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html#API_AssumeRoleWithWebIdentity_Errors
 * Messages never carry the token, a signature or key material.
 */
import { type AwsError, ExpiredTokenException, InvalidIdentityToken, error } from '../../core/errors.js';

/** Only AssumeRoleWithWebIdentity fetches from the identity provider. */
export const IDPCommunicationError = error('IDPCommunicationError');

export const MSG = {
  /** AWS's answer to anything that does not parse as a signed JWT. */
  notJwt: 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
  /** The API reference's description of InvalidIdentityToken: signature, algorithm, claims. */
  invalid: 'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.',
  audience: 'Incorrect token audience',
  /** AWS's wording (two spaces included) when the discovery document or the JWKS cannot be used. */
  noKey: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
  thumbprint: "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
  unreachable:
    'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions. Retry the request a limited number of times and wait between attempts. If the error persists, the IdP might be down or not responding.',
  denied: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
} as const;

export const noProvider = (issuer: string): AwsError => InvalidIdentityToken(`No OpenIDConnect provider found in your account for ${issuer}`);

/** As AWS words it, in epoch seconds: "Token expired: current date/time 1753382758 must be before the expiration date/time 1753089571". */
export const tokenExpired = (nowSeconds: number, exp: number): AwsError =>
  ExpiredTokenException(`Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${exp}`);
