/**
 * Permissions boundaries: the ARN must name an existing managed policy (AWS's or the account's),
 * and a customer managed policy counts the entities using it as a boundary
 * (PermissionsBoundaryUsageCount, kept in ManagedPolicyData.boundaryUsageCount).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
import { InvalidInput, NoSuchEntity } from '../../core/errors.js';
import type { WriteTx } from '../../store/types.js';
import { awsManagedPolicy } from '../aws-managed.js';
import { KIND, type ManagedPolicyData, nameKey } from '../model.js';
import type { Tag } from '../shapes.js';
import { requestTagContext } from '../tags.js';

const ARN_SHAPE = /^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/;
const POLICY_ARN = /^arn:aws:iam::(\d{12}):policy\/(?:[^/]+\/)*([^/]+)$/;

/** CreateUser, CreateRole: the request's tag keys (aws:RequestTag/…, aws:TagKeys) and iam:PermissionsBoundary. */
export function createContext(input: { readonly Tags?: readonly Tag[]; readonly PermissionsBoundary?: string }): Record<string, string | readonly string[]> {
  return {
    ...requestTagContext(input.Tags),
    ...(input.PermissionsBoundary === undefined ? {} : { 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  };
}

/** Throws AWS's errors unless `arn` names a managed policy the account can use as a boundary. */
export async function checkBoundary(tx: WriteTx, account: string, arn: string): Promise<void> {
  // Seen from AWS: "ARN foo is not valid." (InvalidInput) for a string that is no ARN at all.
  if (!ARN_SHAPE.test(arn)) throw InvalidInput(`ARN ${arn} is not valid.`);
  if (awsManagedPolicy(arn) !== undefined) return;
  if ((await customerPolicy(tx, account, arn)) === undefined) {
    throw NoSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
  }
}

/** Adds `delta` to a customer managed policy's boundary usage count (AWS managed ones keep none here). */
export async function adjustBoundaryUsage(tx: WriteTx, account: string, arn: string, delta: number): Promise<void> {
  const item = await customerPolicy(tx, account, arn);
  if (item === undefined) return;
  const boundaryUsageCount = Math.max(0, item.data.boundaryUsageCount + delta);
  await tx.put<ManagedPolicyData>({ account, kind: KIND.policy, key: item.key, ...(item.id === undefined ? {} : { id: item.id }), data: { ...item.data, boundaryUsageCount } }, item.version);
}

async function customerPolicy(tx: WriteTx, account: string, arn: string) {
  const m = POLICY_ARN.exec(arn);
  if (m === null || m[1] !== account || m[2] === undefined) return undefined;
  const item = await tx.get<ManagedPolicyData>(account, KIND.policy, nameKey(m[2]));
  return item !== undefined && item.data.arn === arn ? item : undefined;
}
