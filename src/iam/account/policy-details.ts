/**
 * ManagedPolicyDetail entries of GetAccountAuthorizationDetails: every version of a customer
 * managed policy with its document; AWS managed policies only where the account uses them
 * (attached or set as a permissions boundary), with the version the catalog carries.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html
 */
import type { Output } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { awsManagedPolicies } from '../aws-managed.js';
import { KIND, type ManagedPolicyData, type PolicyVersionData } from '../model.js';
import { awsAttachmentCounts } from '../policies/usage.js';
import { awsPolicyView, localPolicyView, versionView } from '../policies/views.js';

export interface PolicyRow {
  /** Sort and marker key within the Policies section. */
  readonly key: string;
  readonly view: () => Output;
}

type XmlObject = { readonly [k: string]: Output };

/** Newest version first, as ListPolicyVersions and AWS's recorded answer order them. */
const newestFirst = (a: PolicyVersionData, b: PolicyVersionData): number => Number(b.versionId.slice(1).split('.')[0]) - Number(a.versionId.slice(1).split('.')[0]);

/** `boundaries`: boundaryCounts() of the account (policies/usage.ts). */
export async function localPolicyRows(tx: ReadTx, account: string, boundaries: ReadonlyMap<string, number>): Promise<PolicyRow[]> {
  const rows = await tx.list<ManagedPolicyData>(account, KIND.policy, { limit: 10_000 });
  return rows.map((item) => {
    const p = item.data;
    return {
      key: `0/${item.key}`,
      // The Policy shape without Tags, with Description (kept in its place) and every version.
      view: () => ({
        ...(localPolicyView(p, { attachments: p.attachmentCount, boundaries: boundaries.get(p.arn) ?? 0 }, 'list') as XmlObject),
        Description: p.description,
        PolicyVersionList: [...p.versions].sort(newestFirst).map((v) => versionView(v, p.defaultVersionId, true)),
      }),
    };
  });
}

/** `boundaries`: boundaryCounts() of the account (policies/usage.ts). */
export async function awsPolicyRows(tx: ReadTx, account: string, boundaries: ReadonlyMap<string, number>): Promise<PolicyRow[]> {
  const attached = await awsAttachmentCounts(tx, account);
  const rows: PolicyRow[] = [];
  for (const p of awsManagedPolicies()) {
    const counts = { attachments: attached.get(p.arn) ?? 0, boundaries: boundaries.get(p.arn) ?? 0 };
    if (counts.attachments === 0 && counts.boundaries === 0) continue;
    rows.push({
      key: `1/${p.name.toLowerCase()}`,
      view: () => ({
        ...(awsPolicyView(p, counts) as XmlObject),
        PolicyVersionList: [versionView({ versionId: p.defaultVersionId, document: p.document, createdAt: p.versionCreatedAt }, p.defaultVersionId, true)],
      }),
    });
  }
  return rows;
}
