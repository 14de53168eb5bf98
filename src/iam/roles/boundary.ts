/**
 * Role permissions boundaries. AWS answers an ARN that names no policy at all with InvalidInput
 * "ARN arn:aws:iam::111111111111:not_a_policy/invalid is not valid." and a policy ARN that does
 * not exist with NoSuchEntity "Scope ARN: … does not exist or is not attachable." (LocalStack
 * test_iam_roles.snapshot.json, recorded against AWS).
 */
import { InvalidInput } from '../../core/errors.js';
import type { WriteTx } from '../../store/types.js';
import { checkBoundary } from '../users/boundary.js';

const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy\/./;

/** The form check alone: a policy ARN, or InvalidInput. */
export function checkBoundaryArn(arn: string): void {
  if (!POLICY_ARN.test(arn)) throw InvalidInput(`ARN ${arn} is not valid.`);
}

export async function checkRoleBoundary(tx: WriteTx, account: string, arn: string): Promise<void> {
  checkBoundaryArn(arn);
  await checkBoundary(tx, account, arn);
}
