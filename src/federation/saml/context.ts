/**
 * The saml:* condition keys of an AssumeRoleWithSAML request. AWS: "These keys are available only
 * in IAM trust policies … and are not applicable to permissions policies", so they live in the
 * trust decision only and are not carried into the session.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html#saml-attribute-mapping
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
 */
import { createHash } from 'node:crypto';
import type { ContextValue } from '../../policy/index.js';
import type { AssertionClaims } from './assertion.js';

const NAMEID_PREFIX = 'urn:oasis:names:tc:SAML:2.0:nameid-format:';
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/** Attribute Name → [context key, multivalued]. AWS's mapping table. */
const MAPPED: ReadonlyMap<string, readonly [string, boolean]> = new Map([
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.1', ['eduPersonAffiliation', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.2', ['eduPersonNickname', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.3', ['eduPersonOrgDN', false]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.4', ['eduPersonOrgUnitDN', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.5', ['eduPersonPrimaryAffiliation', false]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.6', ['eduPersonPrincipalName', false]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.7', ['eduPersonEntitlement', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.8', ['eduPersonPrimaryOrgUnitDN', false]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.9', ['eduPersonScopedAffiliation', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.10', ['eduPersonTargetedID', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.1.1.11', ['eduPersonAssurance', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.2', ['eduOrgHomePageURI', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.3', ['eduOrgIdentityAuthNPolicyURI', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.4', ['eduOrgLegalName', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.5', ['eduOrgSuperiorURI', true]],
  ['urn:oid:1.3.6.1.4.1.5923.1.2.1.6', ['eduOrgWhitePagesURI', true]],
  ['urn:oid:2.5.4.3', ['cn', true]],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', ['name', false]],
  ['http://schemas.xmlsoap.org/claims/CommonName', ['commonName', false]],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', ['givenName', false]],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', ['surname', false]],
  ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['mail', false]],
  ['http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid', ['uid', false]],
  // X.500 attributes, named as AWS's table names them (bare OIDs, its spelling kept) and as urn:oid: URIs.
  ...x500('2.5.4.3', 'commonName', false),
  ...x500('2.5.4.4', 'surname'),
  ...x500('2.4.5.42', 'givenName'),
  ...x500('2.5.4.42', 'givenName'),
  ...x500('2.5.4.45', 'x500UniqueIdentifier'),
  ...x500('0.9.2342.19200300100.1.1', 'uid'),
  ...x500('0.9.2342.19200300100.1.3', 'mail'),
  ...x500('0.9.2342.19200300.100.1.45', 'organizationStatus'),
]);

/** A bare X.500 OID and (unless it is taken by the eduPerson table) its urn:oid: form. */
function x500(oid: string, key: string, urn = true): (readonly [string, readonly [string, boolean]])[] {
  return urn ? [[oid, [key, false]], [`urn:oid:${oid}`, [key, false]]] : [[oid, [key, false]]];
}

/**
 * AWS (SubjectType): "If the format includes the prefix urn:oasis:names:tc:SAML:2.0:nameid-format,
 * that prefix is removed … If the format includes any other prefix, the format is returned with
 * no modifications." No Format means unspecified (SAML core §8.3.1).
 */
export function subjectType(format: string | undefined): string {
  const f = format ?? UNSPECIFIED;
  return f.startsWith(NAMEID_PREFIX) ? f.slice(NAMEID_PREFIX.length) : f;
}

/** AWS: BASE64 ( SHA1 ( Issuer + AccountID + "/" + ProviderName ) ). */
export function nameQualifier(issuer: string, account: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${account}/${providerName}`, 'utf8').digest('base64');
}

export function samlContext(c: AssertionClaims, account: string, providerName: string): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {
    'saml:aud': c.recipient, // AWS: saml:aud comes from the Recipient, not from AudienceRestriction
    'saml:iss': c.issuer,
    'saml:sub': c.nameId ?? '',
    'saml:sub_type': subjectType(c.nameIdFormat),
    'saml:namequalifier': nameQualifier(c.issuer, account, providerName),
    'saml:doc': `${account}/${providerName}`,
  };
  for (const [name, values] of c.attributes) {
    const m = MAPPED.get(name);
    if (m === undefined || values.length === 0) continue;
    const [key, multi] = m;
    // AWS: "You should include only one claim per AWS context key": the first one wins here.
    if (`saml:${key}` in out) continue;
    out[`saml:${key}`] = multi ? [...values] : values[0]!;
  }
  return out;
}
