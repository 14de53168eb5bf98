/**
 * iam:GetAccountAuthorizationDetails —
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 * Users, groups, roles and managed policies with their relationships; Filter picks the entity
 * types (none: all); MaxItems / Marker page across the four lists together, in the order the
 * response carries them. The action takes no resource: only Resource "*" grants it.
 */
import type { Output } from '../../core/action.js';
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import { type GroupData, KIND, type RoleData, type UserData } from '../model.js';
import { pageOf, pageTail } from '../policies/paging.js';
import { boundaryCounts } from '../policies/usage.js';
import { paging } from '../shapes.js';
import { groupDetail, roleDetail, userDetail } from './detail-views.js';
import { awsPolicyRows, localPolicyRows } from './policy-details.js';

const FILTERS = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;
type Filter = (typeof FILTERS)[number];

type Section = 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies';

interface Row {
  readonly section: Section;
  /** `${sectionIndex}/${store key}`: sorts in response order and is the marker. */
  readonly key: string;
  readonly view: (tx: ReadTx) => Promise<Output>;
}

async function rows(tx: ReadTx, account: string, want: (f: Filter) => boolean): Promise<Row[]> {
  const out: Row[] = [];
  if (want('User')) {
    for (const u of await tx.list<UserData>(account, KIND.user, { limit: 10_000 })) {
      out.push({ section: 'UserDetailList', key: `0/${u.key}`, view: (t) => userDetail(t, account, u.data) });
    }
  }
  if (want('Group')) {
    for (const g of await tx.list<GroupData>(account, KIND.group, { limit: 10_000 })) {
      out.push({ section: 'GroupDetailList', key: `1/${g.key}`, view: (t) => groupDetail(t, account, g.data) });
    }
  }
  if (want('Role')) {
    for (const r of await tx.list<RoleData>(account, KIND.role, { limit: 10_000 })) {
      out.push({ section: 'RoleDetailList', key: `2/${r.key}`, view: (t) => roleDetail(t, account, r.data) });
    }
  }
  const local = want('LocalManagedPolicy');
  const aws = want('AWSManagedPolicy');
  const boundaries = local || aws ? await boundaryCounts(tx, account) : new Map<string, number>();
  const policies = [...(local ? await localPolicyRows(tx, account, boundaries) : []), ...(aws ? await awsPolicyRows(tx, account, boundaries) : [])];
  for (const p of policies) out.push({ section: 'Policies', key: `3/${p.key}`, view: () => Promise.resolve(p.view()) });
  return out;
}

export const getAccountAuthorizationDetails = action({
  service: 'iam',
  name: 'GetAccountAuthorizationDetails',
  params: { Filter: { type: 'list', member: { type: 'string', enum: FILTERS } }, ...paging },
  resource: () => '*',
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const filter = input.Filter ?? [];
      const want = (f: Filter): boolean => filter.length === 0 || filter.includes(f);
      // Sections in response order, each in key order (customer managed policies before AWS's).
      const all = (await rows(tx, ctx.caller.account, want)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const page = pageOf(all, (r) => r.key, input);
      const lists: Record<Section, Output[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
      for (const r of page.items) lists[r.section].push(await r.view(tx));
      return { ...lists, ...pageTail(page) };
    }),
});
