/**
 * AWS's built-in rules: what AWS decides whatever the customer's policies say. Applied by
 * `evaluate` only when the input asks for them (`builtInRules: true`); each rule is keyed by the
 * lower-cased action, so a request whose action has no rule pays one Map lookup.
 *
 * - sts:GetCallerIdentity: "No permissions are required to perform this operation. If an
 *   administrator attaches a policy to your identity that explicitly denies access to the
 *   sts:GetCallerIdentity action, you can still perform this operation."
 *   https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * - AWS managed policies (arn:aws:iam::aws:policy/…): "You cannot change the permissions defined in
 *   AWS managed policies."
 *   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/about-managed-policy-reference.html
 * - Roles under /aws-reserved/ (IAM Identity Center provisions and changes them through its own
 *   service-linked role, AWSSSOServiceRolePolicy) and service-linked roles: "this role is only
 *   modifiable by AWS" (UnmodifiableEntity, for the actions whose API reference lists it).
 *   Service-linked roles are known by the role's record (`request.serviceLinkedRole`), never by
 *   the ARN's text; the description of a service-linked role stays editable ("You can edit the
 *   description of any role from the IAM console, API, or CLI").
 *   This rule decides before the write, on the role as authorization read it: the role writes
 *   check the stored flag again in their own transaction (src/iam/roles/common.ts,
 *   refuseServiceLinked), against a role made service-linked in between.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-service-linked-role.html
 *   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSSOServiceRolePolicy.html
 * - KMS: "The alias name for a customer managed key cannot begin with alias/aws/. The alias/aws/
 *   prefix is reserved for AWS managed key." https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html
 * - A KMS key is governed by its key policy: without one nothing is allowed, not even to the
 *   account's root user. https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
 */
import type { BuiltInRule } from './evaluate-types.js';

/** What a rule does to an action on a resource whose ARN is split into its six parts. */
type Check = (parts: readonly string[] | undefined, serviceLinked: boolean) => BuiltInRule | undefined;

const isAwsManagedPolicy = (p: readonly string[] | undefined): boolean =>
  p !== undefined && p[2] === 'iam' && p[4] === 'aws' && p[5]!.startsWith('policy/');

const managedPolicy: Check = (p) => (isAwsManagedPolicy(p) ? 'AwsManagedPolicy' : undefined);

const isRole = (p: readonly string[] | undefined): p is readonly string[] => p !== undefined && p[2] === 'iam' && p[5]!.startsWith('role/');

/** Every modification IAM refuses on a protected role (botocore: the operations listing UnmodifiableEntityException). */
const protectedRole: Check = (p, serviceLinked) => {
  if (!isRole(p)) return undefined;
  if (p[5]!.startsWith('role/aws-reserved/')) return 'AwsReservedRole';
  return serviceLinked ? 'ServiceLinkedRole' : undefined;
};

/** Descriptions: editable on service-linked roles, not on the roles Identity Center owns. */
const reservedRoleOnly: Check = (p) => (isRole(p) && p[5]!.startsWith('role/aws-reserved/') ? 'AwsReservedRole' : undefined);

const awsKmsAlias: Check = (p) => (p !== undefined && p[2] === 'kms' && p[5]!.startsWith('alias/aws/') ? 'AwsManagedKmsAlias' : undefined);

/** Actions a built-in rule forbids on some resources, lower-cased. */
const FORBIDDEN: ReadonlyMap<string, Check> = new Map<string, Check>([
  ...['createpolicy', 'createpolicyversion', 'deletepolicy', 'deletepolicyversion', 'setdefaultpolicyversion', 'tagpolicy', 'untagpolicy'].map(
    (a): [string, Check] => [`iam:${a}`, managedPolicy],
  ),
  ...[
    'addroletoinstanceprofile', 'attachrolepolicy', 'deleterole', 'deleterolepermissionsboundary', 'deleterolepolicy', 'detachrolepolicy',
    'putrolepermissionsboundary', 'putrolepolicy', 'removerolefrominstanceprofile', 'updateassumerolepolicy',
  ].map((a): [string, Check] => [`iam:${a}`, protectedRole]),
  // Not in botocore's UnmodifiableEntity list, but a role created there could never be changed or
  // deleted again: the path is AWS's (Identity Center creates its roles through its own role).
  ['iam:createrole', reservedRoleOnly],
  ['iam:updaterole', reservedRoleOnly],
  ['iam:updateroledescription', reservedRoleOnly],
  ...['createalias', 'updatealias', 'deletealias'].map((a): [string, Check] => [`kms:${a}`, awsKmsAlias]),
]);

export const GET_CALLER_IDENTITY = 'sts:getcalleridentity';

/** The rule that forbids this action on this resource whatever the policies allow, if any. */
export function forbiddenBy(actionLower: string, parts: readonly string[] | undefined, serviceLinked: boolean): BuiltInRule | undefined {
  const check = FORBIDDEN.get(actionLower);
  return check === undefined ? undefined : check(parts, serviceLinked);
}

/** A KMS action on a KMS key (arn:aws:kms:REGION:ACCOUNT:key/ID): only the key policy can open it. */
export function isKmsKeyRequest(actionLower: string, parts: readonly string[] | undefined): boolean {
  return parts !== undefined && parts[2] === 'kms' && parts[5]!.startsWith('key/') && actionLower.startsWith('kms:');
}

/** Whether the rules read `request.serviceLinkedRole` for this action: callers need to look it up only then. */
export function readsServiceLinkedRole(actionLower: string): boolean {
  return FORBIDDEN.get(actionLower) === protectedRole;
}
