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
 * `detail`: GetPolicy / CreatePolicy include Description and Tags; ListPolicies does not
 * (API_Policy.html: "This element is included in the response to the GetPolicy operation.
 * It is not included in the response to the ListPolicies operation.").
 */
export function localPolicyView(p: ManagedPolicyData, counts: Counts, detail: boolean): Output {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: counts.attachments,
    PermissionsBoundaryUsageCount: counts.boundaries,
    IsAttachable: true,
    Description: detail ? p.description : undefined,
    CreateDate: new Date(p.createdAt),
    UpdateDate: new Date(p.updatedAt),
    Tags: detail && p.tags.length > 0 ? tagsView(p.tags) : undefined,
  };
}

export function awsPolicyView(p: AwsManagedPolicy, counts: Counts): Output {
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
