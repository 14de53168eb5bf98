/**
 * Writing managed policy versions:
 * iam:CreatePolicyVersion  https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 * iam:DeletePolicyVersion  https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html
 * iam:SetDefaultPolicyVersion https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
 * "A managed policy can have up to five versions"; version ids are never reused.
 */
import { DeleteConflict, LimitExceeded } from '../../core/errors.js';
import { action } from '../../core/action.js';
import type { WriteTx } from '../../store/types.js';
import { KIND, type ManagedPolicyData, type PolicyVersionData, iso, nameKey } from '../model.js';
import { arn, policyDocument, policyVersionId } from '../shapes.js';
import { checkManagedDocument } from './documents.js';
import { OUTSIDE_ACCOUNT, outsideAccount, policyNotFound, versionNotFound } from './errors.js';
import { findPolicy } from './policy-ref.js';
import { versionView } from './views.js';

const MAX_VERSIONS = 5;

/**
 * The account's own policy, for writing; AWS managed policies cannot be changed (`denied`: AWS's
 * AccessDenied message for the call). `missing` is the call's NoSuchEntity for an unknown policy.
 */
async function ownPolicy(
  tx: WriteTx,
  account: string,
  policyArn: string,
  denied: string,
  missing: () => Error,
): Promise<{ version: number; policy: ManagedPolicyData }> {
  const ref = await findPolicy(tx, account, policyArn);
  if (ref === undefined) throw missing();
  if (ref.scope === 'aws') throw outsideAccount(denied);
  return ref;
}

async function save(tx: WriteTx, account: string, version: number, policy: ManagedPolicyData): Promise<void> {
  await tx.put<ManagedPolicyData>({ account, kind: KIND.policy, key: nameKey(policy.name), id: policy.id, data: policy }, version);
}

export const createPolicyVersion = action({
  service: 'iam',
  name: 'CreatePolicyVersion',
  params: { PolicyArn: { ...arn, required: true }, PolicyDocument: { ...policyDocument, required: true }, SetAsDefault: { type: 'boolean' } },
  resource: (input) => input.PolicyArn,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    const created = await ctx.store.write(async (tx) => {
      const { version, policy } = await ownPolicy(tx, account, input.PolicyArn, OUTSIDE_ACCOUNT.update, () => policyNotFound(input.PolicyArn));
      checkManagedDocument(input.PolicyDocument);
      if (policy.versions.length >= MAX_VERSIONS) {
        throw LimitExceeded('A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
      }
      const now = iso(ctx.now);
      const v: PolicyVersionData = { versionId: `v${policy.nextVersion}`, document: input.PolicyDocument, createdAt: now };
      const next: ManagedPolicyData = {
        ...policy,
        versions: [...policy.versions, v],
        nextVersion: policy.nextVersion + 1,
        // API_Policy.html UpdateDate: "the date and time when the most recent policy version was created".
        updatedAt: now,
        defaultVersionId: input.SetAsDefault === true ? v.versionId : policy.defaultVersionId,
      };
      await save(tx, account, version, next);
      return { v, defaultVersionId: next.defaultVersionId };
    });
    return { PolicyVersion: versionView(created.v, created.defaultVersionId, false) };
  },
});

const versionParams = { PolicyArn: { ...arn, required: true }, VersionId: { ...policyVersionId, required: true } } as const;

export const deletePolicyVersion = action({
  service: 'iam',
  name: 'DeletePolicyVersion',
  params: versionParams,
  resource: (input) => input.PolicyArn,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      const missing = (): Error => versionNotFound(input.PolicyArn, input.VersionId);
      const { version, policy } = await ownPolicy(tx, account, input.PolicyArn, OUTSIDE_ACCOUNT.deleteVersion, missing);
      if (!policy.versions.some((v) => v.versionId === input.VersionId)) throw missing();
      if (policy.defaultVersionId === input.VersionId) throw DeleteConflict('Cannot delete the default version of a policy.');
      await save(tx, account, version, { ...policy, versions: policy.versions.filter((v) => v.versionId !== input.VersionId) });
    });
    return undefined;
  },
});

export const setDefaultPolicyVersion = action({
  service: 'iam',
  name: 'SetDefaultPolicyVersion',
  params: versionParams,
  resource: (input) => input.PolicyArn,
  handler: async (ctx, input) => {
    const account = ctx.caller.account;
    await ctx.store.write(async (tx) => {
      // An unknown policy is named as its version (test_iam_policies.py::test_policy_version_errors
      // "err-set-default-nonexistent-policy", recorded against AWS).
      const missing = (): Error => versionNotFound(input.PolicyArn, input.VersionId);
      const { version, policy } = await ownPolicy(tx, account, input.PolicyArn, OUTSIDE_ACCOUNT.update, missing);
      if (!policy.versions.some((v) => v.versionId === input.VersionId)) throw missing();
      if (policy.defaultVersionId !== input.VersionId) await save(tx, account, version, { ...policy, defaultVersionId: input.VersionId });
    });
    return undefined;
  },
});
