/**
 * Reading managed policy versions:
 * iam:GetPolicyVersion  https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
 *   (Document URL-encoded, RFC 3986)
 * iam:ListPolicyVersions https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html
 *   (newest first, without documents)
 * AWS managed policies list their whole history, v1…vN (LocalStack test_iam_managed_policies.py::
 * test_get_aws_managed_policy_higher_version "list-policy-versions", recorded against AWS).
 */
import { action } from '../../core/action.js';
import type { ReadTx } from '../../store/types.js';
import type { PolicyVersionData } from '../model.js';
import { arn, paging, policyVersionId } from '../shapes.js';
import { policyNotFound, versionNotFound } from './errors.js';
import { awsPolicyVersions } from '../aws-managed.js';
import { findPolicy } from './policy-ref.js';
import { pageOf, pageTail } from './paging.js';
import { versionView } from './views.js';

/**
 * The policy's versions (an AWS managed policy's whole history, v1…vN, documents read on demand:
 * aws-managed.ts). `missing` is the call's NoSuchEntity for an unknown policy.
 */
async function versionsOf(
  tx: ReadTx,
  account: string,
  policyArn: string,
  missing: () => Error,
): Promise<{ versions: readonly PolicyVersionData[]; defaultVersionId: string }> {
  const ref = await findPolicy(tx, account, policyArn);
  if (ref === undefined) throw missing();
  if (ref.scope === 'local') return ref.policy;
  return { versions: awsPolicyVersions(ref.policy), defaultVersionId: ref.policy.defaultVersionId };
}

export const getPolicyVersion = action({
  service: 'iam',
  name: 'GetPolicyVersion',
  params: { PolicyArn: { ...arn, required: true }, VersionId: { ...policyVersionId, required: true } },
  resource: (input) => input.PolicyArn,
  handler: (ctx, input) =>
    ctx.store.read(async (tx) => {
      // An unknown policy is named as its version (LocalStack test_iam_policies.py::
      // test_policy_version_errors "err-get-version-nonexistent-policy", recorded against AWS).
      const missing = (): Error => versionNotFound(input.PolicyArn, input.VersionId);
      const { versions, defaultVersionId } = await versionsOf(tx, ctx.caller.account, input.PolicyArn, missing);
      const v = versions.find((x) => x.versionId === input.VersionId);
      // A version of an AWS managed policy whose document the data package lacks (aws-managed.ts).
      if (v === undefined || v.document === '') throw missing();
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
      const { versions, defaultVersionId } = await versionsOf(tx, ctx.caller.account, input.PolicyArn, () => policyNotFound(input.PolicyArn));
      const sorted = [...versions].sort((a, b) => (newestFirst(a) < newestFirst(b) ? -1 : 1));
      const page = pageOf(sorted, newestFirst, input);
      return { Versions: page.items.map((v) => versionView(v, defaultVersionId, false)), ...pageTail(page) };
    }),
});
