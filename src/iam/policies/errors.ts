/** AWS's NoSuchEntity wording for managed policies (LocalStack test_iam.snapshot.json, recorded against AWS). */
import { NoSuchEntity } from '../../core/errors.js';

export const policyNotFound = (arn: string): Error => NoSuchEntity(`Policy ${arn} was not found.`);
export const policyNotAttachable = (arn: string): Error => NoSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
export const versionNotFound = (arn: string, versionId: string): Error =>
  NoSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);
