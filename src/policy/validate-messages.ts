/**
 * AWS's MalformedPolicyDocument messages, word for word. Sources (see test/vectors/policy/validation/):
 *  - IAM CreatePolicy / PutRolePolicy / CreateRole responses recorded in moto's
 *    tests/test_iam/test_iam_policies.py and tests/test_iam/test_iam.py, written against real AWS;
 *  - LocalStack tests/aws/services/iam/test_iam.snapshot.json (recorded against AWS, 2025);
 *  - AWS Organizations API reference (MalformedPolicyDocumentException) and CloudFormation failures.
 */
export { SYNTAX_ERRORS_MESSAGE } from './json.js';

/** CreateRole / UpdateAssumeRolePolicy with text that is not JSON (LocalStack snapshot, recorded against AWS 2025-03-06). */
export const TRUST_INVALID_JSON_MESSAGE = 'This policy contains invalid Json';
export const VERSION_MESSAGE = 'Policy document must be version 2012-10-17 or greater.';
export const LEGACY_PARSING_MESSAGE = 'The policy failed legacy parsing';
export const SID_UNIQUE_MESSAGE = 'Statement IDs (SID) in a single policy must be unique.';
export const MUST_CONTAIN_ACTIONS_MESSAGE = 'Policy statement must contain actions.';
export const MUST_CONTAIN_RESOURCES_MESSAGE = 'Policy statement must contain resources.';
export const ACTION_VENDOR_MESSAGE = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
export const ACTION_ONE_COLON_MESSAGE = 'Actions/Condition can contain only one colon.';
export const RESOURCE_VENDOR_MESSAGE = 'Resource vendor must be fully qualified and cannot contain regexes.';
/** Identity policies (CreatePolicy, Put*Policy): terraform-provider-aws issue #10419 quotes it. */
export const NO_PRINCIPAL_ALLOWED_MESSAGE = 'Policy document should not specify a principal.';
export const MISSING_PRINCIPAL_MESSAGE = 'Missing required field Principal.';
/** AWS's text (double space included) as moto records it for UpdateAssumeRolePolicy with a non-STS action. */
export const TRUST_ACTIONS_MESSAGE =
  // As recorded against real AWS (LocalStack tests/aws/services/iam snapshots, 2026); moto's older
  // "Trust Policy statement actions can only be ..." is no longer what IAM answers.
  'AssumeRole policy may only specify STS AssumeRole actions.';
/** CreateRole with a statement whose Principal names nobody (terraform-aws-modules/terraform-aws-iam#47). */
export const EMPTY_PRINCIPAL_MESSAGE =
  'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!';
/** AWS Organizations CreatePolicy/UpdatePolicy: one message for every grammar failure of an SCP or RCP. */
export const ORGANIZATIONS_MESSAGE = 'The provided policy document does not meet the requirements of the specified policy type.';

export const vendorNotValid = (vendor: string): string => `Vendor ${vendor} is not valid`;
/** AWS writes this one without a final period. */
export const hasProhibitedField = (field: string): string => `Has prohibited field ${field}`;
export const resourceNotArn = (resource: string): string => `Resource ${resource} must be in ARN format or "*".`;
export const partitionNotValid = (partition: string, rebuilt: string): string =>
  `Partition "${partition}" is not valid for resource "${rebuilt}".`;
export const iamResourceRegion = (resource: string): string => `IAM resource ${resource} cannot contain region information.`;
export const s3ResourceRegion = (resource: string): string => `Resource ${resource} can not contain region information.`;
/** Principal type as AWS spells it in the message: "AWS", "SERVICE", "FEDERATED", "CANONICAL_USER". */
export const invalidPrincipal = (type: string, value: string): string => `Invalid principal in policy: "${type}":"${value}"`;
