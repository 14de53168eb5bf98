/**
 * What a permission set grants, kept for provisioning to build its role: the inline policy
 * (IAM's identity-policy grammar, at most 10,240 characters without white space — the role's
 * inline quota it becomes), AWS managed policies (from AWS's catalogue), customer managed policy
 * references (a name and path each account must hold when the set is provisioned) and the
 * permissions boundary. At most 20 managed policies (AWS and customer managed together) per set.
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetcustom.html
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html
 */
import { type ActionContext, type InputOf, action } from '../../core/action.js';
import { EntityAlreadyExists, LimitExceeded, NoSuchEntity, ValidationError } from '../../core/errors.js';
import { awsManagedPolicy } from '../../iam/aws-managed.js';
import { IAM_POLICY_SIZE_LIMITS, MalformedPolicyDocumentError, policySize, validatePolicy } from '../../policy/index.js';
import type { Item } from '../../store/types.js';
import { authorizeAlso, requirePermissionSet } from './access.js';
import { type BoundaryRef, type CustomerManagedPolicyRef, PERMISSION_SET_KIND, type PermissionSetData } from './model.js';
import { customerManagedPolicyReference, managedPolicyArn, maxResults, nextToken, permissionSetParams, permissionsBoundary, policyDocument } from './shapes.js';

export const MAX_MANAGED_POLICIES = 20;

type SetParams = InputOf<typeof permissionSetParams>;

/** Authorizes the instance too, then runs `change` on the set in one write transaction. */
async function changeSet(ctx: ActionContext, actionName: string, input: SetParams, change: (data: PermissionSetData) => PermissionSetData): Promise<Record<string, never>> {
  await authorizeAlso(ctx, actionName, input.InstanceArn);
  return ctx.store.write(async (tx) => {
    const { set } = await requirePermissionSet(tx, ctx, input.InstanceArn, input.PermissionSetArn);
    await tx.put({ account: ctx.caller.account, kind: PERMISSION_SET_KIND, key: set.key, data: change(set.data) }, set.version);
    return {};
  });
}

async function readSet(ctx: ActionContext, actionName: string, input: SetParams): Promise<Item<PermissionSetData>> {
  await authorizeAlso(ctx, actionName, input.InstanceArn);
  return ctx.store.read(async (tx) => (await requirePermissionSet(tx, ctx, input.InstanceArn, input.PermissionSetArn)).set);
}

/** One page of a short list (at most 20 entries): NextToken is the index of the next entry. */
function page<T>(all: readonly T[], token: string | undefined, max: number | undefined): { items: readonly T[]; next: string | undefined } {
  let start = 0;
  if (token !== undefined && token !== '') {
    start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(start) || start < 1 || start > all.length) throw ValidationError('The NextToken is not valid.');
  }
  const end = start + (max ?? 100);
  return { items: all.slice(start, end), next: end < all.length ? Buffer.from(String(end), 'utf8').toString('base64url') : undefined };
}

const INVALID_POLICY = 'Invalid PermissionsPolicy Document';

/** The inline policy's checks: its size (ServiceQuotaExceededException), then IAM's grammar. */
export function checkInlinePolicy(text: string): void {
  const limit = IAM_POLICY_SIZE_LIMITS.roleInlinePolicies;
  if (policySize(text) > limit) throw LimitExceeded(`The inline policy exceeds the quota of ${limit} characters (white space not counted).`);
  try {
    validatePolicy(text, 'identity', { allowLegacyVersion: true });
  } catch (e) {
    if (e instanceof MalformedPolicyDocumentError) throw ValidationError(`${INVALID_POLICY}: ${e.message}`);
    throw e;
  }
}

export const putInlinePolicy = action({
  service: 'sso',
  name: 'PutInlinePolicyToPermissionSet',
  params: { ...permissionSetParams, InlinePolicy: { ...policyDocument, required: true } },
  resource: (input) => input.PermissionSetArn,
  handler: (ctx, input) => {
    checkInlinePolicy(input.InlinePolicy);
    return changeSet(ctx, 'PutInlinePolicyToPermissionSet', input, (d) => ({ ...d, inlinePolicy: input.InlinePolicy }));
  },
});

export const getInlinePolicy = action({
  service: 'sso',
  name: 'GetInlinePolicyForPermissionSet',
  params: permissionSetParams,
  resource: (input) => input.PermissionSetArn,
  handler: async (ctx, input) => ({ InlinePolicy: (await readSet(ctx, 'GetInlinePolicyForPermissionSet', input)).data.inlinePolicy }),
});

/** A set without one is left as it is. */
export const deleteInlinePolicy = action({
  service: 'sso',
  name: 'DeleteInlinePolicyFromPermissionSet',
  params: permissionSetParams,
  resource: (input) => input.PermissionSetArn,
  handler: (ctx, input) =>
    changeSet(ctx, 'DeleteInlinePolicyFromPermissionSet', input, (d) => {
      const rest = { ...d };
      delete rest.inlinePolicy;
      return rest;
    }),
});

const tooManyPolicies = () => LimitExceeded(`A permission set can have at most ${MAX_MANAGED_POLICIES} managed policies (AWS managed and customer managed together).`);
const attachedCount = (d: PermissionSetData): number => d.managedPolicies.length + d.customerManagedPolicies.length;

/** An AWS managed policy of the catalogue, else ResourceNotFoundException (IAM's wording). */
function requireAwsManaged(arn: string) {
  const p = awsManagedPolicy(arn);
  if (p === undefined) throw NoSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return p;
}

export const attachManagedPolicy = action({
  service: 'sso',
  name: 'AttachManagedPolicyToPermissionSet',
  params: { ...permissionSetParams, ManagedPolicyArn: { ...managedPolicyArn, required: true } },
  resource: (input) => input.PermissionSetArn,
  handler: (ctx, input) => {
    const policy = requireAwsManaged(input.ManagedPolicyArn);
    return changeSet(ctx, 'AttachManagedPolicyToPermissionSet', input, (d) => {
      if (d.managedPolicies.some((p) => p.Arn === policy.arn)) throw EntityAlreadyExists(`Policy ${policy.arn} is already attached to the permission set.`);
      if (attachedCount(d) >= MAX_MANAGED_POLICIES) throw tooManyPolicies();
      return { ...d, managedPolicies: [...d.managedPolicies, { Name: policy.name, Arn: policy.arn }] };
    });
  },
});

export const detachManagedPolicy = action({
  service: 'sso',
  name: 'DetachManagedPolicyFromPermissionSet',
  params: { ...permissionSetParams, ManagedPolicyArn: { ...managedPolicyArn, required: true } },
  resource: (input) => input.PermissionSetArn,
  handler: (ctx, input) =>
    changeSet(ctx, 'DetachManagedPolicyFromPermissionSet', input, (d) => {
      if (!d.managedPolicies.some((p) => p.Arn === input.ManagedPolicyArn)) throw NoSuchEntity(`Policy ${input.ManagedPolicyArn} is not attached to the permission set.`);
      return { ...d, managedPolicies: d.managedPolicies.filter((p) => p.Arn !== input.ManagedPolicyArn) };
    }),
});

export const listManagedPolicies = action({
  service: 'sso',
  name: 'ListManagedPoliciesInPermissionSet',
  params: { ...permissionSetParams, MaxResults: maxResults, NextToken: nextToken },
  resource: (input) => input.PermissionSetArn,
  handler: async (ctx, input) => {
    const set = await readSet(ctx, 'ListManagedPoliciesInPermissionSet', input);
    const { items, next } = page(set.data.managedPolicies, input.NextToken, input.MaxResults);
    return { AttachedManagedPolicies: items.map((p) => ({ Name: p.Name, Arn: p.Arn })), NextToken: next };
  },
});

const reference = (r: { readonly Name: string; readonly Path?: string | undefined }): CustomerManagedPolicyRef => ({ Name: r.Name, Path: r.Path ?? '/' });
const sameReference = (a: CustomerManagedPolicyRef, b: CustomerManagedPolicyRef): boolean => a.Name === b.Name && a.Path === b.Path;

export const attachCustomerManagedPolicy = action({
  service: 'sso',
  name: 'AttachCustomerManagedPolicyReferenceToPermissionSet',
  params: { ...permissionSetParams, CustomerManagedPolicyReference: { ...customerManagedPolicyReference, required: true } },
  resource: (input) => input.PermissionSetArn,
  handler: (ctx, input) => {
    const ref = reference(input.CustomerManagedPolicyReference);
    return changeSet(ctx, 'AttachCustomerManagedPolicyReferenceToPermissionSet', input, (d) => {
      // IAM policy names are unique in an account ignoring case: one name is one policy, whatever the path.
      if (d.customerManagedPolicies.some((p) => p.Name.toLowerCase() === ref.Name.toLowerCase())) {
        throw EntityAlreadyExists(`A customer managed policy named ${ref.Name} is already attached to the permission set.`);
      }
      if (attachedCount(d) >= MAX_MANAGED_POLICIES) throw tooManyPolicies();
      return { ...d, customerManagedPolicies: [...d.customerManagedPolicies, ref] };
    });
  },
});

export const detachCustomerManagedPolicy = action({
  service: 'sso',
  name: 'DetachCustomerManagedPolicyReferenceFromPermissionSet',
  params: { ...permissionSetParams, CustomerManagedPolicyReference: { ...customerManagedPolicyReference, required: true } },
  resource: (input) => input.PermissionSetArn,
  handler: (ctx, input) => {
    const ref = reference(input.CustomerManagedPolicyReference);
    return changeSet(ctx, 'DetachCustomerManagedPolicyReferenceFromPermissionSet', input, (d) => {
      if (!d.customerManagedPolicies.some((p) => sameReference(p, ref))) throw NoSuchEntity(`The customer managed policy ${ref.Path}${ref.Name} is not attached to the permission set.`);
      return { ...d, customerManagedPolicies: d.customerManagedPolicies.filter((p) => !sameReference(p, ref)) };
    });
  },
});

export const listCustomerManagedPolicies = action({
  service: 'sso',
  name: 'ListCustomerManagedPolicyReferencesInPermissionSet',
  params: { ...permissionSetParams, MaxResults: maxResults, NextToken: nextToken },
  resource: (input) => input.PermissionSetArn,
  handler: async (ctx, input) => {
    const set = await readSet(ctx, 'ListCustomerManagedPolicyReferencesInPermissionSet', input);
    const { items, next } = page(set.data.customerManagedPolicies, input.NextToken, input.MaxResults);
    return { CustomerManagedPolicyReferences: items.map((p) => ({ Name: p.Name, Path: p.Path })), NextToken: next };
  },
});

/** Exactly one of ManagedPolicyArn (a policy of AWS's catalogue) and CustomerManagedPolicyReference; it replaces the set's boundary. */
function boundaryOf(b: NonNullable<InputOf<{ B: typeof permissionsBoundary }>['B']>): BoundaryRef {
  const managed = b.ManagedPolicyArn;
  const customer = b.CustomerManagedPolicyReference;
  if ((managed === undefined) === (customer === undefined)) throw ValidationError('The permissions boundary must name either a ManagedPolicyArn or a CustomerManagedPolicyReference, not both.');
  if (managed !== undefined) return { ManagedPolicyArn: requireAwsManaged(managed).arn };
  return { CustomerManagedPolicyReference: reference(customer!) };
}

export const putPermissionsBoundary = action({
  service: 'sso',
  name: 'PutPermissionsBoundaryToPermissionSet',
  params: { ...permissionSetParams, PermissionsBoundary: { ...permissionsBoundary, required: true } },
  resource: (input) => input.PermissionSetArn,
  handler: (ctx, input) => {
    const boundary = boundaryOf(input.PermissionsBoundary);
    return changeSet(ctx, 'PutPermissionsBoundaryToPermissionSet', input, (d) => ({ ...d, permissionsBoundary: boundary }));
  },
});

export const getPermissionsBoundary = action({
  service: 'sso',
  name: 'GetPermissionsBoundaryForPermissionSet',
  params: permissionSetParams,
  resource: (input) => input.PermissionSetArn,
  handler: async (ctx, input) => {
    const b = (await readSet(ctx, 'GetPermissionsBoundaryForPermissionSet', input)).data.permissionsBoundary;
    if (b === undefined) throw NoSuchEntity(`The permission set ${input.PermissionSetArn} has no permissions boundary.`);
    return { PermissionsBoundary: 'ManagedPolicyArn' in b ? { ManagedPolicyArn: b.ManagedPolicyArn } : { CustomerManagedPolicyReference: { Name: b.CustomerManagedPolicyReference.Name, Path: b.CustomerManagedPolicyReference.Path } } };
  },
});

/** A set without one is left as it is. */
export const deletePermissionsBoundary = action({
  service: 'sso',
  name: 'DeletePermissionsBoundaryFromPermissionSet',
  params: permissionSetParams,
  resource: (input) => input.PermissionSetArn,
  handler: (ctx, input) =>
    changeSet(ctx, 'DeletePermissionsBoundaryFromPermissionSet', input, (d) => {
      const rest = { ...d };
      delete rest.permissionsBoundary;
      return rest;
    }),
});

export const policyActions = [
  putInlinePolicy,
  getInlinePolicy,
  deleteInlinePolicy,
  attachManagedPolicy,
  detachManagedPolicy,
  listManagedPolicies,
  attachCustomerManagedPolicy,
  detachCustomerManagedPolicy,
  listCustomerManagedPolicies,
  putPermissionsBoundary,
  getPermissionsBoundary,
  deletePermissionsBoundary,
];
