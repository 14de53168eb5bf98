/**
 * Resource / NotResource checks, in the order and with the wording IAM uses (catalogued by moto's
 * moto/iam/policy_validation.py and its AWS-recorded tests):
 *  - a value without ":" → `Resource X must be in ARN format or "*".`
 *  - an unknown partition → `Partition "p" is not valid for resource "arn:p:…".` (missing parts shown as *)
 *  - nothing after the partition → "Resource vendor must be fully qualified and cannot contain regexes."
 *  - iam/s3 resources with a region, iam resources with an unknown path.
 * These errors are remembered, not thrown: IAM reports them only after the SID and "must contain
 * actions" checks. A resource that parses but breaks the old ARN grammar fails "legacy parsing" at once.
 */
import { MalformedPolicyDocumentError } from './errors.js';
import {
  LEGACY_PARSING_MESSAGE,
  RESOURCE_VENDOR_MESSAGE,
  iamResourceRegion,
  partitionNotValid,
  resourceNotArn,
  s3ResourceRegion,
} from './validate-messages.js';
import type { RawList, RawStatement } from './validate-syntax.js';

/** AWS partitions (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). */
export const PARTITIONS: ReadonlySet<string> = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

const IAM_PATHS = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/',
  'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
];
// AWS's wording as re-recorded in 2026 (LocalStack test_iam_policies.py::
// test_create_policy_invalid_document[invalid-35], recorded against AWS): "…be "*", root, or …".
const IAM_PATH_MESSAGE = `IAM resource path must either be "*", root, or start with ${IAM_PATHS.join(', ')}.`;

/** Python's str.partition: [head, found separator, tail]. */
function partition(s: string, sep: string): [string, boolean, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, false, ''] : [s.slice(0, i), true, s.slice(i + sep.length)];
}

/** The format error IAM reports for one resource, or undefined. */
export function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const [, hasColon, afterFirst] = partition(resource, ':');
  if (!hasColon) return resourceNotArn(resource);
  const [part, hasService, afterPartition] = partition(afterFirst, ':');
  if (part !== '*' && !PARTITIONS.has(part)) {
    // AWS rebuilds the ARN from the parts it found, writing "*" for the ones that are missing.
    const rest = afterPartition.split(':');
    const at = (i: number): string | undefined => rest[i];
    const a1 = rest[0] !== '' || rest.length > 1 ? (at(0) ?? '*') : '*';
    const a2 = at(1) ?? '*';
    const a3 = at(2) ?? '*';
    const a4 = rest.length > 3 ? rest.slice(3).join(':') : '*';
    return partitionNotValid(part, `arn:${part}:${a1}:${a2}:${a3}:${a4}`);
  }
  if (!hasService) return RESOURCE_VENDOR_MESSAGE;
  const [service, , region] = partition(afterPartition, ':');
  const [, , afterRegion] = partition(region, ':');
  const [, , resourceId] = partition(afterRegion, ':');
  const hasRegion = !region.startsWith(':');
  if (service === 'iam' && hasRegion) return iamResourceRegion(resource);
  if (service === 's3' && hasRegion && !resourceId.startsWith('accesspoint/')) return s3ResourceRegion(resource);
  if (service === 'iam' && resourceId !== '*' && !IAM_PATHS.some((p) => resourceId.startsWith(p))) return IAM_PATH_MESSAGE;
  return undefined;
}

/** The pre-2012 ARN grammar: an ARN with "::" needs all six parts, and its service may not be empty. */
function passesLegacyResourceParse(resource: string): boolean {
  if (resource === '*') return true;
  let colons = 0;
  for (let i = 0; i < resource.length; i++) if (resource.charCodeAt(i) === 0x3a) colons++;
  if (colons < 5 && resource.includes('::')) return false;
  const service = resource.split(':')[2];
  return service !== undefined && service !== '';
}

function present(list: RawList): string[] {
  return list.values.filter((v): v is string => v !== null && v !== '');
}

/**
 * Walk Resource (all statements) then NotResource (all statements). Within one list IAM examines
 * the values in descending order and keeps the LAST error it meets (so the smallest offending
 * value is reported; moto's recorded case "arn:error:s3:::example_bucket" shows it). Once an error
 * is remembered the legacy ARN parse is skipped. Returns the remembered error, if any.
 */
export function checkResources(statements: readonly RawStatement[]): string | undefined {
  let error: string | undefined;
  for (const field of ['resource', 'notResource'] as const) {
    for (const st of statements) {
      const list = st[field];
      if (list === undefined) continue;
      if (list.single) {
        const r = list.values[0] ?? '';
        error = resourceFormatError(r) ?? error;
      } else {
        const sorted = present(list).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
        for (const r of sorted) error = resourceFormatError(r) ?? error;
      }
      if (error === undefined) {
        const values = list.single ? list.values : present(list);
        for (const r of values) {
          if (r !== null && !passesLegacyResourceParse(r)) throw new MalformedPolicyDocumentError(LEGACY_PARSING_MESSAGE);
        }
      }
    }
  }
  return error;
}
