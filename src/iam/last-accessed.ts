/**
 * Access advisor's raw data: when each IAM user or role last attempted to call each service (and,
 * for the services AWS tracks at action level, each action), with the region. AWS reports
 * "authenticated" attempts, allowed or denied (access advisor, "Last accessed information":
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html), so the spine
 * tells us of each call once its action is known and before it is authorized.
 *
 * Why records and not the audit trail: the audit log is append-only JSON lines per day on one
 * node's disk; answering "when did X last call iam" from it means scanning days of lines and, on
 * PostgreSQL, every node's files. A small record per (principal, service[, action]) in the store
 * is shared by every node and read with one key lookup, and kept as iam/usage.ts keeps key and role
 * last use: best effort, in the background, never failing or delaying the call, written at most
 * once a minute per target (per node, and checked again in the store), in the `usage` kind so the
 * writes invalidate no cached identity or policy. Records are keyed by the principal's unique id
 * (AIDA…/AROA…): a deleted and re-created user starts with no history, as in AWS.
 */
import { KIND, iso } from './model.js';
import { ConflictError, type Store, StoreUnavailableError, WriteContentionError, type WriteTx } from '../store/types.js';
import type { Caller } from '../core/action.js';

const INTERVAL_MS = 60_000;
const MAX_TRACKED = 10_000;

/**
 * Services whose actions AWS tracks one by one (action last accessed information: IAM, EC2, Lambda
 * and S3 management actions); of those Rolegate serves, IAM.
 */
export const ACTION_TRACKED = new Set(['iam']);

export interface LastAccessedData {
  readonly date: string;
  readonly region: string;
  /** The user's or role's ARN as it was at the call (LastAuthenticatedEntity). */
  readonly arn: string;
}

/** The key prefixes of an entity's records: by service namespace, and by "namespace/Action". */
export const accessPrefixes = (entityId: string): { readonly services: string; readonly actions: string } => ({ services: `svc/${entityId}/`, actions: `act/${entityId}/` });
export const serviceAccessKey = (entityId: string, service: string): string => `${accessPrefixes(entityId).services}${service}`;
export const actionAccessKey = (entityId: string, service: string, action: string): string => `${accessPrefixes(entityId).actions}${service}/${action}`;

/** The IAM entity a call is attributed to: the user (its keys and its GetSessionToken sessions) or the role. */
function entityOf(caller: Caller): { id: string; arn: string } | undefined {
  const s = caller.session;
  if (caller.type === 'user') {
    if (s === undefined) return { id: caller.userId, arn: caller.arn };
    return s.userId !== undefined && s.userArn !== undefined ? { id: s.userId, arn: s.userArn } : undefined;
  }
  if (caller.type === 'role-session' && s?.roleId !== undefined && s.roleArn !== undefined) return { id: s.roleId, arn: s.roleArn };
  return undefined;
}

export class LastAccessedRecorder {
  readonly #store: Store;
  readonly #log: (line: string) => void;
  /** target → when this node last recorded it. */
  readonly #recent = new Map<string, number>();
  /** The last call seen: a run of one cached caller's calls to one action skips building keys. */
  #last: { caller: Caller; service: string; action: string; at: number } | undefined;

  constructor(store: Store, log: (line: string) => void) {
    this.#store = store;
    this.#log = log;
  }

  /** Fire-and-forget. */
  record(caller: Caller, service: string, action: string, region: string, now: Date): void {
    const l = this.#last;
    if (l !== undefined && l.caller === caller && l.service === service && l.action === action && now.getTime() - l.at < INTERVAL_MS) return;
    this.#last = { caller, service, action, at: now.getTime() };
    const entity = entityOf(caller);
    if (entity === undefined) return;
    const keys = [serviceAccessKey(entity.id, service)];
    if (ACTION_TRACKED.has(service)) keys.push(actionAccessKey(entity.id, service, action));
    const due = keys.filter((key) => {
      const last = this.#recent.get(`${caller.account}/${key}`);
      return last === undefined || now.getTime() - last >= INTERVAL_MS;
    });
    if (due.length === 0) return;
    if (this.#recent.size >= MAX_TRACKED) this.#recent.clear();
    for (const key of due) this.#recent.set(`${caller.account}/${key}`, now.getTime());
    const data: LastAccessedData = { date: iso(now), region, arn: entity.arn };
    this.#store.write((tx) => write(tx, caller.account, due, data, now)).catch((e: unknown) => {
      if (e instanceof ConflictError || e instanceof WriteContentionError || e instanceof StoreUnavailableError) return; // best effort
      this.#log(`recording a last access failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}

async function write(tx: WriteTx, account: string, keys: readonly string[], data: LastAccessedData, now: Date): Promise<void> {
  for (const key of keys) {
    const prev = await tx.get<LastAccessedData>(account, KIND.usage, key);
    // Another node may have recorded it within the minute already.
    if (prev !== undefined && now.getTime() - Date.parse(prev.data.date) < INTERVAL_MS) continue;
    await tx.put<LastAccessedData>({ account, kind: KIND.usage, key, data }, prev?.version ?? 0);
  }
}
