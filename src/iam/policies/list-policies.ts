/**
 * iam:ListPolicies — https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
 * Scope All (default) | AWS | Local, OnlyAttached, PathPrefix, PolicyUsageFilter; AWS managed
 * policies come from the catalog with this account's counts. AWS lists the account's own policies
 * first, then AWS's, each in creation order: a new customer policy is on the first page
 * (LocalStack test_iam_policies.py::test_policy_lifecycle "filtered-policy-list"), and Scope AWS
 * starts AdministratorAccess, PowerUserAccess, ReadOnlyAccess, AWSCloudFormationReadOnlyAccess —
 * the oldest (test_iam_managed_policies.py::test_list_policies_scope_aws, both recorded against
 * AWS). The marker is the last row's key.
 *
 * AWS names the resource of a denied ListPolicies "policy path /" (e.g. "… is not authorized to
 * perform: iam:ListPolicies on resource: policy path / because …"); the action takes no ARN
 * (Service Authorization Reference), so only Resource "*" grants it.
 */
import { action } from '../../core/action.js';
import type { Output } from '../../core/action.js';
import { awsManagedPolicies } from '../aws-managed.js';
import { KIND, type ManagedPolicyData } from '../model.js';
import { paging, policyPath } from '../shapes.js';
import { type PageInput, pageOf, pageTail } from './paging.js';
import { awsAttachmentCounts, boundaryCounts } from './usage.js';
import { awsPolicyView, localPolicyView } from './views.js';

interface Input extends PageInput {
  readonly Scope?: 'All' | 'AWS' | 'Local';
  readonly OnlyAttached?: boolean;
  readonly PathPrefix?: string;
  readonly PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
}

interface Row {
  readonly key: string;
  readonly path: string;
  readonly attachments: number;
  readonly boundaries: number;
  readonly view: (attachments: number, boundaries: number) => Output;
}

/** OnlyAttached keeps policies in use; PolicyUsageFilter says which use counts. */
function inUse(r: Row, input: Input): boolean {
  if (input.OnlyAttached !== true) return true;
  if (input.PolicyUsageFilter === 'PermissionsPolicy') return r.attachments > 0;
  if (input.PolicyUsageFilter === 'PermissionsBoundary') return r.boundaries > 0;
  return r.attachments > 0 || r.boundaries > 0;
}

export const listPolicies = action({
  service: 'iam',
  name: 'ListPolicies',
  params: {
    Scope: { type: 'string', enum: ['All', 'AWS', 'Local'] },
    OnlyAttached: { type: 'boolean' },
    PathPrefix: policyPath,
    PolicyUsageFilter: { type: 'string', enum: ['PermissionsPolicy', 'PermissionsBoundary'] },
    ...paging,
  },
  resource: (input) => `policy path ${input.PathPrefix ?? '/'}`,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const account = ctx.caller.account;
      const scope = input.Scope ?? 'All';
      const boundaries = await boundaryCounts(tx, account);
      const rows: Row[] = [];
      if (scope !== 'Local') {
        const attached = await awsAttachmentCounts(tx, account);
        for (const p of awsManagedPolicies()) {
          const a = attached.get(p.arn) ?? 0;
          const b = boundaries.get(p.arn) ?? 0;
          rows.push({ key: `1/${p.createdAt}/${p.name}`, path: p.path, attachments: a, boundaries: b, view: () => awsPolicyView(p, { attachments: a, boundaries: b }) });
        }
      }
      if (scope !== 'AWS') {
        for (const item of await tx.list<ManagedPolicyData>(account, KIND.policy, { limit: 10_000 })) {
          const p = item.data;
          const b = boundaries.get(p.arn) ?? 0;
          rows.push({ key: `0/${p.createdAt}/${item.key}`, path: p.path, attachments: p.attachmentCount, boundaries: b, view: () => localPolicyView(p, { attachments: p.attachmentCount, boundaries: b }, 'list') });
        }
      }
      const prefix = input.PathPrefix ?? '/';
      const selected = rows.filter((r) => r.path.startsWith(prefix) && inUse(r, input)).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
      const page = pageOf(selected, (r) => r.key, input);
      return { Policies: page.items.map((r) => r.view(r.attachments, r.boundaries)), ...pageTail(page) };
    }),
});
