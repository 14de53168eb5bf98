/**
 * Reading managed policy versions:
 * iam:GetPolicyVersion  https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
 *   (Document URL-encoded, RFC 3986)
 * iam:ListPolicyVersions https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html
 *   (newest first, without documents)
 * AWS managed policies show their default version, the one the catalog carries.
 */
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import type { PolicyVersionData } from '../model.js';
import { arn, paging, policyVersionId } from '../shapes.js';
import { policyNotFound, versionNotFound } from './errors.js';
import { findPolicy } from './policy-ref.js';
import { pageOf, pageTail } from './paging.js';
import { versionView } from './views.js';

async function versionsOf(tx: ReadTx, account: string, policyArn: string): Promise<{ versions: readonly PolicyVersionData[]; defaultVersionId: string }> {
  const ref = await findPolicy(tx, account, policyArn);
  if (ref === undefined) throw policyNotFound(policyArn);
  if (ref.scope === 'local') return ref.policy;
  const p = ref.policy;
  return { versions: [{ versionId: p.defaultVersionId, document: p.document, createdAt: p.versionCreatedAt }], defaultVersionId: p.defaultVersionId };
}

export const getPolicyVersion = action({
  service: 'iam',
  name: 'GetPolicyVersion',
  params: { PolicyArn: { ...arn, required: true }, VersionId: { ...policyVersionId, required: true } },
  resource: (input) => input.PolicyArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const { versions, defaultVersionId } = await versionsOf(tx, ctx.caller.account, input.PolicyArn);
      const v = versions.find((x) => x.versionId === input.VersionId);
      if (v === undefined) throw versionNotFound(input.PolicyArn, input.VersionId);
      return { PolicyVersion: versionView(v, defaultVersionId, true) };
    }),
});

/** Sort key putting the newest version first: v10 before v9 (numbers padded, then inverted). */
const newestFirst = (v: PolicyVersionData): string => String(1e9 - Number(v.versionId.slice(1).split('.')[0])).padStart(10, '0');

export const listPolicyVersions = action({
  service: 'iam',
  name: 'ListPolicyVersions',
  params: { PolicyArn: { ...arn, required: true }, ...paging },
  resource: (input) => input.PolicyArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      const { versions, defaultVersionId } = await versionsOf(tx, ctx.caller.account, input.PolicyArn);
      const sorted = [...versions].sort((a, b) => (newestFirst(a) < newestFirst(b) ? -1 : 1));
      const page = pageOf(sorted, newestFirst, input);
      return { Versions: page.items.map((v) => versionView(v, defaultVersionId, false)), ...pageTail(page) };
    }),
});
