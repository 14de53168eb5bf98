/**
 * rolesanywhere PutAttributeMapping / DeleteAttributeMapping: which certificate attributes a
 * profile's sessions get as principal tags (cert-attributes.ts applies them at CreateSession).
 * A profile starts with AWS's defaults (x509Subject `*`, x509Issuer `*`, x509SAN `DNS`, `URI`,
 * `Name/*`). Put adds the given specifiers to the field's rules ("attach new mapping rules");
 * Delete removes the given specifiers of the field, or the whole field when none are given; a
 * field left without rules is dropped.
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/attribute-mapping.html
 *
 * Specifiers accepted (the guide's): for x509Subject and x509Issuer `*` or a supported RDN
 * (C, O, OU, ST, L, CN); for x509SAN `DNS`, `URI`, `Name`, `Name/`, `Name/*` or `Name/<RDN>`.
 * Anything else maps nothing and is refused (ValidationException) rather than stored.
 * Authorized on the profile's ARN (Service Authorization Reference: resource type `profile`).
 */
import { action } from '../core/action.js';
import { ValidationError } from '../core/errors.js';
import { type AttributeMapping, type CertificateField, DEFAULT_ATTRIBUTE_MAPPINGS, SUPPORTED_RDNS } from './cert-attributes.js';
import { profileArn } from './model.js';
import { PROFILE } from './profiles.js';
import { updateItem } from './resources.js';
import { certificateField, mappingRules, specifierList, uuid } from './shapes.js';

function validSpecifier(field: CertificateField, specifier: string): boolean {
  if (field !== 'x509SAN') return specifier === '*' || SUPPORTED_RDNS.includes(specifier);
  if (specifier === 'DNS' || specifier === 'URI' || specifier === 'Name' || specifier === 'Name/' || specifier === 'Name/*') return true;
  return specifier.startsWith('Name/') && SUPPORTED_RDNS.includes(specifier.slice('Name/'.length));
}

function checkSpecifiers(field: CertificateField, specifiers: readonly string[]): void {
  const bad = specifiers.find((s) => !validSpecifier(field, s));
  if (bad !== undefined) throw ValidationError(`Invalid specifier '${bad}' for certificate field ${field}.`);
}

/** The mappings with `field`'s rules replaced by `specifiers` (the field dropped when none are left). */
function withRules(mappings: readonly AttributeMapping[], field: CertificateField, specifiers: readonly string[]): AttributeMapping[] {
  const rules = specifiers.map((specifier) => ({ specifier }));
  const out: AttributeMapping[] = [];
  let placed = false;
  for (const m of mappings) {
    if (m.certificateField !== field) out.push(m);
    else if (!placed && rules.length > 0) {
      out.push({ certificateField: field, mappingRules: rules });
      placed = true;
    }
  }
  if (!placed && rules.length > 0) out.push({ certificateField: field, mappingRules: rules });
  return out;
}

const specifiersOf = (mappings: readonly AttributeMapping[], field: CertificateField): string[] => mappings.filter((m) => m.certificateField === field).flatMap((m) => m.mappingRules.map((r) => r.specifier));

const profileResource = (input: { readonly profileId: string }, caller: { readonly account: string }, ctx: { readonly region: string }): string => profileArn(ctx.region, caller.account, input.profileId);

export const putAttributeMapping = action({
  service: 'rolesanywhere',
  name: 'PutAttributeMapping',
  params: { profileId: { ...uuid, required: true }, certificateField: { ...certificateField, required: true }, mappingRules: { ...mappingRules, required: true } },
  resource: profileResource,
  handler: (ctx, input) => {
    const given = input.mappingRules.map((r) => r.specifier);
    checkSpecifiers(input.certificateField, given);
    return updateItem(ctx, PROFILE, input.profileId, (p) => {
      const current = p.attributeMappings ?? DEFAULT_ATTRIBUTE_MAPPINGS;
      const specifiers = specifiersOf(current, input.certificateField);
      for (const s of given) if (!specifiers.includes(s)) specifiers.push(s);
      return { ...p, attributeMappings: withRules(current, input.certificateField, specifiers) };
    });
  },
});

export const deleteAttributeMapping = action({
  service: 'rolesanywhere',
  name: 'DeleteAttributeMapping',
  params: { profileId: { ...uuid, required: true }, certificateField: { ...certificateField, required: true }, specifiers: specifierList },
  resource: profileResource,
  handler: (ctx, input) =>
    updateItem(ctx, PROFILE, input.profileId, (p) => {
      const current = p.attributeMappings ?? DEFAULT_ATTRIBUTE_MAPPINGS;
      const drop = input.specifiers;
      const left = drop === undefined ? [] : specifiersOf(current, input.certificateField).filter((s) => !drop.includes(s));
      return { ...p, attributeMappings: withRules(current, input.certificateField, left) };
    }),
});

export const attributeMappingActions = [putAttributeMapping, deleteAttributeMapping];
