/**
 * Resolving a PolicyArn from a request to an AWS managed policy (the catalog) or a customer
 * managed policy of the caller's account (an item keyed by the lower-cased name).
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../core/errors.js';
import type { ReadTx } from '../../store/types.js';
import { type AwsManagedPolicy, awsManagedPolicy } from '../aws-managed.js';
import { KIND, type ManagedPolicyData, nameKey } from '../model.js';

export type PolicyRef =
  | { readonly scope: 'aws'; readonly arn: string; readonly policy: AwsManagedPolicy }
  | { readonly scope: 'local'; readonly arn: string; readonly version: number; readonly policy: ManagedPolicyData };

/**
 * AWS answers a PolicyArn that is not an ARN at all with ValidationError "ARN <arn> is not
 * valid." (LocalStack test_iam.py::test_user_attach_policy, re-recorded against AWS 24-02-2026;
 * the 2023 recording had "Invalid ARN:  Could not be parsed!"; test_iam_roles.py::
 * test_role_managed_policy_errors).
 */
export function checkArnSyntax(arn: string): void {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[1] === '' || parts[2] === '' || parts.slice(5).join(':') === '') {
    throw ValidationError(`ARN ${arn} is not valid.`);
  }
}

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/** The policy the ARN names in `account`, or undefined. */
export async function findPolicy(tx: ReadTx, account: string, arn: string): Promise<PolicyRef | undefined> {
  checkArnSyntax(arn);
  const aws = awsManagedPolicy(arn);
  if (aws !== undefined) return { scope: 'aws', arn, policy: aws };
  if (!arn.startsWith(`arn:aws:iam::${account}:policy/`)) return undefined;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  // policyNameType: 1–128 of [\w+=,.@-]; another name is no policy's (nor a store key).
  if (!POLICY_NAME.test(name)) return undefined;
  const item = await tx.get<ManagedPolicyData>(account, KIND.policy, nameKey(name));
  // The name is unique ignoring case, the path is part of the ARN: both must match as written.
  if (item === undefined || item.data.arn !== arn) return undefined;
  return { scope: 'local', arn, version: item.version, policy: item.data };
}

/**
 * AWS managed policies have ANPA… ids; the catalog does not carry them, so each gets a stable id
 * derived from its ARN (same on every node and every start).
 */
export function awsPolicyId(arn: string): string {
  const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += B32[digest[i]! & 31];
  return id;
}

/** AWS: service-linked-role policies (path /aws-service-role/) attach only to service-linked roles. */
export const isServiceRolePolicy = (ref: PolicyRef): boolean => ref.scope === 'aws' && ref.policy.path === '/aws-service-role/';
