/**
 * What a signed Assertion says, read only from the re-parsed signed bytes (signature.ts).
 * Shapes per SAML 2.0 core (saml-core-2.0-os §2) and AWS's requirements in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html:
 * "There must be exactly one SubjectConfirmation element with a SubjectConfirmationData element
 * that includes both the NotOnOrAfter attribute and a Recipient attribute."
 */
import type { Element } from '@xmldom/xmldom';
import { invalidResponse } from './errors.js';
import { NS, XmlError, attr, child, children, textOf } from './xml.js';

export interface AssertionClaims {
  readonly issuer: string;
  readonly issueInstant: Date;
  readonly nameId: string | undefined;
  readonly nameIdFormat: string | undefined;
  readonly recipient: string;
  readonly confirmationNotOnOrAfter: Date;
  readonly confirmationNotBefore: Date | undefined;
  readonly notBefore: Date | undefined;
  readonly notOnOrAfter: Date | undefined;
  /** Each AudienceRestriction's audiences (each restriction must be met). */
  readonly audienceRestrictions: readonly (readonly string[])[];
  readonly sessionNotOnOrAfter: Date | undefined;
  /** Attribute Name → values, in order. */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
/** xs:dateTime as SAML uses it: UTC ("Z") or an explicit offset. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_ATTRIBUTE_VALUES = 1000;

export function readAssertion(a: Element): AssertionClaims {
  try {
    return read(a);
  } catch (e) {
    if (e instanceof XmlError) throw invalidResponse(e.message);
    throw e;
  }
}

function read(a: Element): AssertionClaims {
  if (attr(a, 'Version') !== '2.0') throw new XmlError('the Assertion is not SAML 2.0');
  const issuerEl = child(a, NS.assertion, 'Issuer');
  if (issuerEl === undefined) throw new XmlError('the Assertion has no Issuer');
  const issueInstant = time(attr(a, 'IssueInstant'), 'IssueInstant');
  if (issueInstant === undefined) throw new XmlError('the Assertion has no IssueInstant');

  const subject = child(a, NS.assertion, 'Subject');
  if (subject === undefined) throw new XmlError('the Assertion has no Subject');
  if (child(subject, NS.assertion, 'EncryptedID') !== undefined) throw new XmlError('encrypted NameIDs are not supported');
  const nameIdEl = child(subject, NS.assertion, 'NameID');
  const confirmations = children(subject, NS.assertion, 'SubjectConfirmation');
  const confirmation = confirmations[0];
  if (confirmations.length !== 1 || confirmation === undefined) throw new XmlError('the Subject must have exactly one SubjectConfirmation');
  if (attr(confirmation, 'Method') !== BEARER) throw new XmlError('the SubjectConfirmation method must be bearer');
  const data = child(confirmation, NS.assertion, 'SubjectConfirmationData');
  const recipient = data === undefined ? undefined : attr(data, 'Recipient');
  const confirmationNotOnOrAfter = data === undefined ? undefined : time(attr(data, 'NotOnOrAfter'), 'NotOnOrAfter');
  if (data === undefined || recipient === undefined || confirmationNotOnOrAfter === undefined) {
    throw new XmlError('SubjectConfirmationData must have Recipient and NotOnOrAfter');
  }

  const conditions = child(a, NS.assertion, 'Conditions');
  const audienceRestrictions = conditions === undefined ? [] : children(conditions, NS.assertion, 'AudienceRestriction').map((r) =>
    children(r, NS.assertion, 'Audience').map((x) => textOf(x).trim()),
  );
  let sessionNotOnOrAfter: Date | undefined;
  for (const s of children(a, NS.assertion, 'AuthnStatement')) {
    const t = time(attr(s, 'SessionNotOnOrAfter'), 'SessionNotOnOrAfter');
    if (t !== undefined && (sessionNotOnOrAfter === undefined || t < sessionNotOnOrAfter)) sessionNotOnOrAfter = t;
  }
  return {
    issuer: textOf(issuerEl).trim(),
    issueInstant,
    nameId: nameIdEl === undefined ? undefined : textOf(nameIdEl).trim(),
    nameIdFormat: nameIdEl === undefined ? undefined : attr(nameIdEl, 'Format'),
    recipient,
    confirmationNotOnOrAfter,
    confirmationNotBefore: time(attr(data, 'NotBefore'), 'NotBefore'),
    notBefore: conditions === undefined ? undefined : time(attr(conditions, 'NotBefore'), 'NotBefore'),
    notOnOrAfter: conditions === undefined ? undefined : time(attr(conditions, 'NotOnOrAfter'), 'NotOnOrAfter'),
    audienceRestrictions,
    sessionNotOnOrAfter,
    attributes: attributesOf(a),
  };
}

function attributesOf(a: Element): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let count = 0;
  for (const st of children(a, NS.assertion, 'AttributeStatement')) {
    if (children(st, NS.assertion, 'EncryptedAttribute').length > 0) throw new XmlError('encrypted attributes are not supported');
    for (const at of children(st, NS.assertion, 'Attribute')) {
      const name = attr(at, 'Name');
      if (name === undefined) continue;
      const values = children(at, NS.assertion, 'AttributeValue').map((v) => textOf(v).trim());
      count += values.length;
      if (count > MAX_ATTRIBUTE_VALUES) throw new XmlError('too many attribute values');
      out.set(name, [...(out.get(name) ?? []), ...values]);
    }
  }
  return out;
}

function time(v: string | undefined, what: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (!DATE_TIME.test(v) || Number.isNaN(d.getTime())) throw new XmlError(`${what} is not a valid dateTime`);
  return d;
}
