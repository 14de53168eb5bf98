/**
 * Response shapes (botocore iam service model: Policy, PolicyVersion, AttachedPolicy), members in
 * the model's order. Documents are returned URL-encoded, as IAM does.
 */
import type { Output } from '../../core/action.js';
import type { AwsManagedPolicy } from '../aws-managed.js';
import type { ManagedPolicyData, PolicyVersionData } from '../model.js';
import type { Tag } from '../shapes.js';
import { awsPolicyId } from './policy-ref.js';

export interface Counts {
  readonly attachments: number;
  readonly boundaries: number;
}

/**
 * Which call answers: GetPolicy has Description (when set) and Tags (`[]` when none); CreatePolicy
 * has Tags only when some were given and no Description; ListPolicies neither (API_Policy.html:
 * Description "is included in the response to the GetPolicy operation. It is not included in the
 * response to the ListPolicies operation."; LocalStack test_iam_policies.py::
 * test_policy_tag_lifecycle "create-with-tags", "get-with-tags", "get-without-tags" and
 * test_iam_managed_policies.py::test_get_aws_managed_policy, recorded against AWS).
 */
export type PolicyViewOf = 'get' | 'create' | 'list';

export function localPolicyView(p: ManagedPolicyData, counts: Counts, of: PolicyViewOf): Output {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaries,
    IsAttachable: true,
    Description: of === 'get' ? p.description : undefined,
    CreateDate: new Date(p.createdAt),
    UpdateDate: new Date(p.updatedAt),
    Tags: of === 'get' || (of === 'create' && p.tags.length > 0) ? tagsView(p.tags) : undefined,
  };
}

/** An AWS managed policy: GetPolicy adds its (empty) Tags; the catalog carries no descriptions. */
export function awsPolicyView(p: AwsManagedPolicy, counts: Counts, of: PolicyViewOf = 'list'): Output {
  return {
    PolicyName: p.name,
    PolicyId: awsPolicyId(p.arn),
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaries,
    IsAttachable: true,
    CreateDate: new Date(p.createdAt),
    UpdateDate: new Date(p.updatedAt),
    Tags: of === 'get' ? [] : undefined,
  };
}

export function versionView(v: PolicyVersionData, defaultVersionId: string, withDocument: boolean): Output {
  return {
    Document: withDocument ? encodeURIComponent(v.document) : undefined,
    VersionId: v.versionId,
    IsDefaultVersion: v.versionId === defaultVersionId,
    CreateDate: new Date(v.createdAt),
  };
}

export const tagsView = (tags: readonly Tag[]): Output => tags.map((t) => ({ Key: t.Key, Value: t.Value }));
