/**
 * The principal tags and source identity a CreateSession session gets from its leaf certificate.
 *
 * AWS ("Certificate attribute mapping", https://docs.aws.amazon.com/rolesanywhere/latest/userguide/attribute-mapping.html,
 * and "IAM Roles Anywhere trust model"): by default
 *   x509Subject/<RDN>  every supported RDN of the subject,
 *   x509Issuer/<RDN>   every supported RDN of the issuer,
 *   x509SAN/DNS, x509SAN/URI, x509SAN/Name/<RDN>  the FIRST DNS name, URI and directory name of
 *                      the subject alternative name;
 * a profile's attribute mappings replace the rules of a field: specifier `*` (all supported RDNs),
 * an RDN name (`CN`), and for x509SAN `DNS`, `URI`, `Name/*` (also `Name`, `Name/`) or `Name/<RDN>`.
 * Supported RDNs are those AWS's table lists: C, O, OU, ST, L, CN. Source identity is the
 * subject's CN, as `CN=<value>` (the form AWS records and trust policies match on).
 *
 * A mapped value that is not a valid session-tag value (at most 256 characters of
 * [\p{L}\p{Z}\p{N}_.:/=+\-@]) is neither altered nor left out: AWS refuses the session ("Some
 * attributes failed to be mapped into session tags", aws/rolesanywhere-credential-helper#77 and
 * #188). Leaving it out would let a certificate escape a trust-policy condition on that tag (a
 * Deny on its OU, a ...IfExists). Unverified detail, chosen conservatively: an attribute repeated
 * in a name (two OUs) gives its values joined with `/` in certificate order.
 */
import type { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectAlternativeName, id_ce_subjectAltName } from '@peculiar/asn1-x509';
import type { Name } from '@peculiar/asn1-x509';
import { certInfo } from './cert-info.js';

export type CertificateField = 'x509Subject' | 'x509Issuer' | 'x509SAN';

export interface AttributeMapping {
  readonly certificateField: CertificateField;
  readonly mappingRules: readonly { readonly specifier: string }[];
}

/** The mappings a new profile has (as GetProfile shows them). */
export const DEFAULT_ATTRIBUTE_MAPPINGS: readonly AttributeMapping[] = Object.freeze([
  { certificateField: 'x509Issuer', mappingRules: [{ specifier: '*' }] },
  { certificateField: 'x509SAN', mappingRules: [{ specifier: 'DNS' }, { specifier: 'URI' }, { specifier: 'Name/*' }] },
  { certificateField: 'x509Subject', mappingRules: [{ specifier: '*' }] },
]);

const RDN_OIDS: ReadonlyMap<string, string> = new Map([
  ['2.5.4.6', 'C'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.7', 'L'],
  ['2.5.4.3', 'CN'],
]);
export const SUPPORTED_RDNS: readonly string[] = [...RDN_OIDS.values()];

const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/** Supported RDNs of a name, repeated values joined with "/", in certificate order. */
function rdns(name: Name): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const rdn of name) {
    for (const atv of rdn) {
      const short = RDN_OIDS.get(atv.type);
      if (short === undefined) continue;
      const list = out.get(short) ?? [];
      list.push(atv.value.toString());
      out.set(short, list);
    }
  }
  return new Map([...out].map(([k, v]) => [k, v.join('/')]));
}

interface SanFirsts {
  readonly dns?: string;
  readonly uri?: string;
  readonly name?: Name;
}

function sanFirsts(cert: X509Certificate): SanFirsts {
  const ext = certInfo(cert).asn.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectAltName);
  if (ext === undefined) return {};
  const names = AsnConvert.parse(ext.extnValue, SubjectAlternativeName);
  const dns = names.find((n) => n.dNSName !== undefined)?.dNSName;
  const uri = names.find((n) => n.uniformResourceIdentifier !== undefined)?.uniformResourceIdentifier;
  const name = names.find((n) => n.directoryName !== undefined)?.directoryName;
  return { ...(dns !== undefined && { dns }), ...(uri !== undefined && { uri }), ...(name !== undefined && { name }) };
}

function selectRdns(values: Map<string, string>, specifier: string, prefix: string, into: Map<string, string>): void {
  if (specifier === '*') {
    for (const [k, v] of values) into.set(`${prefix}/${k}`, v);
    return;
  }
  const v = values.get(specifier);
  if (v !== undefined) into.set(`${prefix}/${specifier}`, v);
}

export interface CertificateAttributes {
  /** Tag key (without "aws:PrincipalTag/") → value. */
  readonly principalTags: Readonly<Record<string, string>>;
  /** `CN=<subject CN>`, or undefined when the subject has no CN. */
  readonly sourceIdentity?: string;
  /** Mapped attributes whose value is no valid session-tag value (tag keys, `x509Subject/CN`): the session is refused. */
  readonly unmapped: readonly string[];
}

/** AWS's refusal of a certificate with unmapped attributes (the wording of rolesanywhere-credential-helper#77). */
export function unmappedMessage(roleArn: string, unmapped: readonly string[]): string {
  const of = (field: CertificateField): string => {
    const names = unmapped.filter((k) => k.startsWith(`${field}/`)).map((k) => k.slice(field.length + 1));
    return `[ ${names.join(' ')} ]`;
  };
  return `Unable to assume role for ${roleArn}. Some attributes failed to be mapped into session tags. Issuer: ${of('x509Issuer')}; Subject: ${of('x509Subject')}; SAN: ${of('x509SAN')}`;
}

/** Throws on a certificate whose extensions do not parse (path validation refuses those first). */
/**
 * Attributes already read, per certificate object and mappings (a pure function of both: parsed
 * certificates are shared by x509-certificate.ts's cache, so a workload's leaf is one object).
 */
const READ = new WeakMap<X509Certificate, Map<string, CertificateAttributes>>();
const MAX_MAPPINGS_PER_LEAF = 16;

export function certificateAttributes(leaf: X509Certificate, mappings: readonly AttributeMapping[] = DEFAULT_ATTRIBUTE_MAPPINGS): CertificateAttributes {
  const key = mappings === DEFAULT_ATTRIBUTE_MAPPINGS ? '' : JSON.stringify(mappings);
  let byMappings = READ.get(leaf);
  const hit = byMappings?.get(key);
  if (hit !== undefined) return hit;
  const read = readAttributes(leaf, mappings);
  if (byMappings === undefined) READ.set(leaf, (byMappings = new Map<string, CertificateAttributes>()));
  if (byMappings.size >= MAX_MAPPINGS_PER_LEAF) byMappings.clear();
  byMappings.set(key, read);
  return read;
}

function readAttributes(leaf: X509Certificate, mappings: readonly AttributeMapping[]): CertificateAttributes {
  const tbs = certInfo(leaf).asn.tbsCertificate;
  const subject = rdns(tbs.subject);
  const issuer = rdns(tbs.issuer);
  const tags = new Map<string, string>();
  let san: SanFirsts | undefined;
  for (const mapping of mappings) {
    for (const { specifier } of mapping.mappingRules) {
      if (mapping.certificateField === 'x509Subject') selectRdns(subject, specifier, 'x509Subject', tags);
      else if (mapping.certificateField === 'x509Issuer') selectRdns(issuer, specifier, 'x509Issuer', tags);
      else {
        san ??= sanFirsts(leaf);
        if (specifier === 'DNS' && san.dns !== undefined) tags.set('x509SAN/DNS', san.dns);
        else if (specifier === 'URI' && san.uri !== undefined) tags.set('x509SAN/URI', san.uri);
        else if ((specifier === 'Name' || specifier.startsWith('Name/')) && san.name !== undefined) {
          const rest = specifier.slice('Name/'.length);
          selectRdns(rdns(san.name), rest === '' ? '*' : rest, 'x509SAN/Name', tags);
        }
      }
    }
  }
  const principalTags: Record<string, string> = {};
  const unmapped: string[] = [];
  for (const [k, v] of tags) {
    if (TAG_VALUE.test(v)) principalTags[k] = v;
    else unmapped.push(k);
  }
  const cn = subject.get('CN');
  return { principalTags, ...(cn !== undefined && { sourceIdentity: `CN=${cn}` }), unmapped };
}

/** Short names of the attribute types a distinguished name commonly carries (RFC 4514 section 3, and those AWS maps). */
const DN_NAMES: ReadonlyMap<string, string> = new Map([...RDN_OIDS, ['0.9.2342.19200300.100.1.25', 'DC'], ['0.9.2342.19200300.100.1.1', 'UID'], ['2.5.4.9', 'STREET'], ['1.2.840.113549.1.9.1', 'emailAddress'], ['2.5.4.5', 'serialNumber']]);

/** RFC 4514 section 2.4 escaping of an attribute value. */
const escapeDn = (v: string): string => v.replace(/[,+"\\<>;=]/g, '\\$&').replace(/^[ #]/, '\\$&').replace(/ $/, '\\ ');

/**
 * A certificate's subject or issuer as a string, RFC 4514 style (last RDN first, "CN=app,O=Example"):
 * how Rolegate shows a subject (SubjectDetail.x509Subject) and an issuer (CredentialSummary.issuer).
 */
const NAMES = new WeakMap<X509Certificate, { subject?: string; issuer?: string }>();

export function distinguishedName(cert: X509Certificate, which: 'subject' | 'issuer'): string {
  let names = NAMES.get(cert);
  if (names === undefined) NAMES.set(cert, (names = {}));
  return (names[which] ??= nameText(cert, which));
}

function nameText(cert: X509Certificate, which: 'subject' | 'issuer'): string {
  const tbs = certInfo(cert).asn.tbsCertificate;
  const name = which === 'subject' ? tbs.subject : tbs.issuer;
  return [...name]
    .reverse()
    .map((rdn) => rdn.map((atv) => `${DN_NAMES.get(atv.type) ?? atv.type}=${escapeDn(atv.value.toString())}`).join('+'))
    .join(',');
}
