/**
 * ManagedPolicyDetail entries of GetAccountAuthorizationDetails: every version of a customer
 * managed policy with its document; AWS managed policies only where the account uses them
 * (attached or set as a permissions boundary), with the version the catalog carries.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html
 */
import type { XmlValue } from '../../protocol/xml.js';
import type { ReadTx } from '../../store/types.js';
import { awsManagedPolicies } from '../aws-managed.js';
import { KIND, type ManagedPolicyData, type PolicyVersionData } from '../model.js';
import { awsPolicyId } from '../policies/policy-ref.js';
import { awsAttachmentCounts, boundaryCounts } from '../policies/usage.js';

export interface PolicyRow {
  /** Sort and marker key within the Policies section. */
  readonly key: string;
  readonly view: () => XmlValue;
}

const version = (v: PolicyVersionData, defaultVersionId: string): XmlValue => ({
  Document: encodeURIComponent(v.document),
  VersionId: v.versionId,
  IsDefaultVersion: v.versionId === defaultVersionId,
  CreateDate: new Date(v.createdAt),
});

/** Newest version first, as ListPolicyVersions and AWS's recorded answer order them. */
const newestFirst = (a: PolicyVersionData, b: PolicyVersionData): number => Number(b.versionId.slice(1).split('.')[0]) - Number(a.versionId.slice(1).split('.')[0]);

export async function localPolicyRows(tx: ReadTx, account: string): Promise<PolicyRow[]> {
  const boundaries = await boundaryCounts(tx, account);
  const rows = await tx.list<ManagedPolicyData>(account, KIND.policy, { limit: 10_000 });
  return rows.map((item) => {
    const p = item.data;
    return {
      key: `0/${item.key}`,
      view: () => ({
        PolicyName: p.name,
        PolicyId: p.id,
        Arn: p.arn,
        Path: p.path,
        DefaultVersionId: p.defaultVersionId,
        AttachmentCount: p.attachmentCount,
        PermissionsBoundaryUsageCount: boundaries.get(p.arn) ?? 0,
        IsAttachable: true,
        Description: p.description,
        CreateDate: new Date(p.createdAt),
        UpdateDate: new Date(p.updatedAt),
        PolicyVersionList: [...p.versions].sort(newestFirst).map((v) => version(v, p.defaultVersionId)),
      }),
    };
  });
}

export async function awsPolicyRows(tx: ReadTx, account: string): Promise<PolicyRow[]> {
  const attached = await awsAttachmentCounts(tx, account);
  const boundaries = await boundaryCounts(tx, account);
  const rows: PolicyRow[] = [];
  for (const p of awsManagedPolicies()) {
    const a = attached.get(p.arn) ?? 0;
    const b = boundaries.get(p.arn) ?? 0;
    if (a === 0 && b === 0) continue;
    rows.push({
      key: `1/${p.name.toLowerCase()}`,
      view: () => ({
        PolicyName: p.name,
        PolicyId: awsPolicyId(p.arn),
        Arn: p.arn,
        Path: p.path,
        DefaultVersionId: p.defaultVersionId,
        AttachmentCount: a,
        PermissionsBoundaryUsageCount: b,
        IsAttachable: true,
        CreateDate: new Date(p.createdAt),
        UpdateDate: new Date(p.updatedAt),
        PolicyVersionList: [version({ versionId: p.defaultVersionId, document: p.document, createdAt: p.versionCreatedAt }, p.defaultVersionId)],
      }),
    });
  }
  return rows;
}
