/** AWS's NoSuchEntity wording for managed policies (LocalStack test_iam.snapshot.json, recorded against AWS). */
import { AccessDenied, NoSuchEntity } from '../../core/errors.js';

export const policyNotFound = (arn: string): Error => NoSuchEntity(`Policy ${arn} was not found.`);
export const policyNotAttachable = (arn: string): Error => NoSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
export const versionNotFound = (arn: string, versionId: string): Error =>
  NoSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);

/**
 * Changing an AWS managed policy is AWS's 403 AccessDenied, each call in its own words
 * (LocalStack test_iam_managed_policies.py::test_aws_managed_policy_errors, recorded against
 * AWS: DeletePolicy, DeletePolicyVersion, SetDefaultPolicyVersion; CreatePolicyVersion answered
 * as SetDefaultPolicyVersion, both being updates of the policy).
 */
export const OUTSIDE_ACCOUNT = {
  delete: 'Cannot delete policies outside your own account.',
  deleteVersion: 'Cannot delete policy versions for policies outside your own account.',
  update: 'Cannot update policies outside your own account.',
} as const;

export const outsideAccount = (message: string): Error => AccessDenied(message);
