/**
 * Who uses a managed policy in an account: attachments (policy-entity items, keyed
 * `${policyArn}/${entityType}/${entityKey}`) and permissions boundaries (the users' and roles'
 * own `permissionsBoundary`). AWS managed policies have no item of their own, so their per-account
 * counts come from these scans.
 */
import type { ReadTx } from '../../store/types.js';
import { AWS_POLICY_PREFIX } from '../aws-managed.js';
import { type EntityType, KIND, type PolicyEntityData } from '../model.js';
import { ENTITIES, type EntityData } from './entities.js';

const SCAN_LIMIT = 10_000;
const TYPES: ReadonlySet<string> = new Set<EntityType>(['user', 'group', 'role']);

export interface UsingEntity {
  readonly type: EntityType;
  /** `${entityType}/${entityKey}`: the sort and marker key. */
  readonly key: string;
  readonly name: string;
  readonly id: string;
}

/** Splits a policy-entity key into the policy ARN and the entity part (entity names hold no '/'). */
function splitEntityKey(key: string): { arn: string; type: string; entityKey: string } | undefined {
  const b = key.lastIndexOf('/');
  const a = key.lastIndexOf('/', b - 1);
  if (a <= 0) return undefined;
  return { arn: key.slice(0, a), type: key.slice(a + 1, b), entityKey: key.slice(b + 1) };
}

/** The entities a policy is attached to, in key order. */
export async function attachedEntities(tx: ReadTx, account: string, arn: string): Promise<UsingEntity[]> {
  const rows = await tx.list<PolicyEntityData>(account, KIND.policyEntity, { prefix: `${arn}/`, limit: SCAN_LIMIT });
  const out: UsingEntity[] = [];
  for (const r of rows) {
    const k = splitEntityKey(r.key);
    // A prefix scan for …/policy/a/ also sees …/policy/a/b/user/x (policy b under path /a/).
    if (k === undefined || k.arn !== arn || !TYPES.has(k.type)) continue;
    out.push({ type: r.data.entityType, key: `${k.type}/${k.entityKey}`, name: r.data.name, id: r.data.id });
  }
  return out;
}

/** Attachment counts of every AWS managed policy attached anywhere in the account. */
export async function awsAttachmentCounts(tx: ReadTx, account: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of await tx.list<PolicyEntityData>(account, KIND.policyEntity, { prefix: AWS_POLICY_PREFIX, limit: SCAN_LIMIT })) {
    const k = splitEntityKey(r.key);
    if (k === undefined || !TYPES.has(k.type)) continue;
    counts.set(k.arn, (counts.get(k.arn) ?? 0) + 1);
  }
  return counts;
}

/** Users and roles whose permissions boundary is `arn` (or, with `arn` undefined, any boundary). */
export async function boundaryEntities(tx: ReadTx, account: string, arn?: string): Promise<UsingEntity[]> {
  const out: UsingEntity[] = [];
  for (const type of ['user', 'role'] as const) {
    for (const r of await tx.list<EntityData>(account, ENTITIES[type].kind, { limit: SCAN_LIMIT })) {
      const b = r.data.permissionsBoundary;
      if (b === undefined || (arn !== undefined && b !== arn)) continue;
      out.push({ type, key: `${type}/${r.key}`, name: r.data.name, id: r.data.id });
    }
  }
  return out;
}

/** How many users and roles use each policy as their permissions boundary. */
export async function boundaryCounts(tx: ReadTx, account: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const users = await tx.list<EntityData>(account, KIND.user, { limit: SCAN_LIMIT });
  const roles = await tx.list<EntityData>(account, KIND.role, { limit: SCAN_LIMIT });
  for (const r of [...users, ...roles]) {
    const b = r.data.permissionsBoundary;
    if (b !== undefined) counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  return counts;
}
