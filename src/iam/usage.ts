/**
 * Last-use tracking, written in the background and never failing or delaying the request it
 * observes (AWS documents last-used data as best effort, possibly delayed):
 * - an IAM user's access key (GetAccessKeyLastUsed: date, service, region);
 * - a role used through one of its sessions (GetRole's RoleLastUsed: date, region).
 * Each target is written at most once a minute (per node, and checked again in the store so nodes
 * do not repeat each other).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html#roles-manage_delete_last-used
 */
import { KIND, type UsageData, iso, keyUsageKey, roleUsageKey } from './model.js';
import { ConflictError, type Store, StoreUnavailableError, WriteContentionError, type WriteTx } from '../store/types.js';
import type { Caller } from '../core/action.js';

const INTERVAL_MS = 60_000;
const MAX_TRACKED = 10_000;

const recent = (date: string | undefined, now: Date): boolean => date !== undefined && now.getTime() - Date.parse(date) < INTERVAL_MS;

export class UsageRecorder {
  readonly #store: Store;
  readonly #log: (line: string) => void;
  /** target → when this node last recorded (or skipped recording) a use. */
  readonly #recent = new Map<string, number>();
  #lastCaller: Caller | undefined;
  #lastAt = 0;

  constructor(store: Store, log: (line: string) => void) {
    this.#store = store;
    this.#log = log;
  }

  /** Fire-and-forget. */
  record(caller: Caller, service: string, region: string, now: Date): void {
    // Long-term callers are cached objects: a run of calls from one skips building the target's key.
    if (this.#lastCaller === caller && now.getTime() - this.#lastAt < INTERVAL_MS) return;
    const s = caller.session;
    if (caller.type === 'user' && s === undefined) {
      // Only a key's caller is remembered: a role's record is per role, not per session object.
      this.#lastCaller = caller;
      this.#lastAt = this.#maybe(caller.account, 'k', caller.accessKeyId, service, region, now);
    } else if (caller.type === 'role-session' && s?.roleId !== undefined) {
      this.#maybe(s.account, 'r', s.roleId, undefined, region, now);
    }
  }

  /** Records the use unless one was recorded within the minute; returns when the last record was. */
  #maybe(account: string, what: 'k' | 'r', id: string, service: string | undefined, region: string, now: Date): number {
    const target = `${account}/${what}/${id}`;
    const last = this.#recent.get(target);
    if (last !== undefined && now.getTime() - last < INTERVAL_MS) return last;
    const key = what === 'k' ? keyUsageKey(id) : roleUsageKey(id);
    const data: UsageData = service === undefined ? { date: iso(now), region } : { date: iso(now), service, region };
    if (this.#recent.size >= MAX_TRACKED) this.#recent.clear();
    this.#recent.set(target, now.getTime());
    this.#store.write((tx) => record(tx, account, key, data, now)).catch((e: unknown) => {
      if (e instanceof ConflictError || e instanceof WriteContentionError) return; // a concurrent update or delete wins
      if (e instanceof StoreUnavailableError) return; // best effort; the store logs the outage once
      this.#log(`recording a last use failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    return now.getTime();
  }
}

async function record(tx: WriteTx, account: string, key: string, data: UsageData, now: Date): Promise<void> {
  const prev = await tx.get<UsageData>(account, KIND.usage, key);
  // Another node (or an earlier start) may have recorded it within the minute already.
  if (prev !== undefined && recent(prev.data.date, now)) return;
  await tx.put<UsageData>({ account, kind: KIND.usage, key, data }, prev?.version ?? 0);
}
