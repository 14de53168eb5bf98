/**
 * The checks a signed assertion must pass besides its signature: issuer, status, recipient,
 * audience, and time. Rolegate accepts what AWS documents as AWS's own values
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html):
 * Recipient (and Destination, when present) `https://signin.aws.amazon.com/saml`, its regional
 * forms `https://REGION.signin.aws.amazon.com/saml`, `…/static/saml`, and
 * `…/saml/acs/<SAMLProviderUUID>` for this provider; Audience `https://signin.aws.amazon.com/saml`
 * (or a regional form) or `urn:amazon:webservices`. An assertion without an AudienceRestriction is
 * refused: one addressed to no one could have been issued for any other service.
 * No replay cache: like AWS, one assertion may be redeemed several times (one role after another,
 * as saml2aws does) while it is valid — but only within 5 minutes of its IssueInstant.
 */
import type { Element } from '@xmldom/xmldom';
import type { SamlProviderData } from '../../iam/model.js';
import type { AssertionClaims } from './assertion.js';
import { ExpiredTokenException, IDPRejectedClaim, InvalidIdentityToken } from '../../core/errors.js';
import { MSG, invalidResponse } from './errors.js';
import { NS, attr, child, textOf } from './xml.js';

/** Tolerated clock difference between the IdP and Rolegate. */
export const CLOCK_SKEW_MS = 60_000;
/** AWS: "Token must be redeemed within 5 minutes of issuance". */
export const REDEEM_WITHIN_MS = 5 * 60_000;

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const REGIONAL = /^https:\/\/(?:[a-z]{2}(?:-[a-z]+)+-\d\.)?signin\.aws\.amazon\.com\//;

export function isAwsAudience(a: string): boolean {
  const m = REGIONAL.exec(a);
  return a === 'urn:amazon:webservices' || (m !== null && a.slice(m[0].length) === 'saml');
}

export function isAwsRecipient(r: string, providerUuid: string): boolean {
  const m = REGIONAL.exec(r);
  if (!m) return false;
  const path = r.slice(m[0].length);
  return path === 'saml' || path === 'static/saml' || path === `saml/acs/${providerUuid}`;
}

export function checkAssertion(c: AssertionClaims, response: Element, provider: SamlProviderData, now: Date): void {
  checkStatus(response);
  // AWS: the issuer must match the entityID declared in the provider's metadata.
  const responseIssuer = child(response, NS.assertion, 'Issuer');
  if (c.issuer !== provider.entityId || (responseIssuer !== undefined && textOf(responseIssuer).trim() !== provider.entityId)) {
    throw InvalidIdentityToken(MSG.issuer);
  }
  const destination = attr(response, 'Destination');
  if (destination !== undefined && !isAwsRecipient(destination, provider.uuid)) throw invalidResponse('the Destination is not an AWS sign-in endpoint');
  if (!isAwsRecipient(c.recipient, provider.uuid)) throw invalidResponse('the Recipient is not an AWS sign-in endpoint');
  if (c.audienceRestrictions.length === 0 || !c.audienceRestrictions.every((r) => r.some(isAwsAudience))) {
    throw invalidResponse('the assertion is not addressed to AWS (Audience)');
  }
  checkTimes(c, now.getTime());
}

function checkStatus(response: Element): void {
  const status = child(response, NS.protocol, 'Status');
  const code = status === undefined ? undefined : child(status, NS.protocol, 'StatusCode');
  if (code === undefined || attr(code, 'Value') !== SUCCESS) {
    throw IDPRejectedClaim('The identity provider reported that authentication failed.');
  }
}

function checkTimes(c: AssertionClaims, now: number): void {
  const early = (d: Date | undefined): boolean => d !== undefined && now + CLOCK_SKEW_MS < d.getTime();
  const late = (d: Date | undefined): boolean => d !== undefined && now - CLOCK_SKEW_MS >= d.getTime();
  if (early(c.issueInstant) || early(c.notBefore) || early(c.confirmationNotBefore)) {
    throw invalidResponse('the assertion is not yet valid');
  }
  if (late(c.notOnOrAfter) || late(c.confirmationNotOnOrAfter) || late(c.sessionNotOnOrAfter)) throw ExpiredTokenException(MSG.expired);
  if (now - CLOCK_SKEW_MS >= c.issueInstant.getTime() + REDEEM_WITHIN_MS) throw ExpiredTokenException(MSG.issuedTooLongAgo);
}
