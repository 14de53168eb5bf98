/**
 * Records when a role was last used (GetRole's RoleLastUsed: LastUsedDate and Region): each call
 * made with a session of the role marks it, written on the role item at most once a minute per
 * role, in the background. It never fails or delays the request it observes — AWS documents the
 * data as best effort, tracked "within the previous 400 days" and possibly delayed
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html#roles-manage_delete_last-used).
 * The sibling of src/server/key-usage.ts (access keys).
 */
import { ConflictError, type Store } from '../../store/types.js';
import type { Caller } from '../../server/action.js';
import { KIND, type RoleData, iso, nameKey } from '../model.js';

const INTERVAL_MS = 60_000;
const MAX_TRACKED = 10_000;

export class RoleUsageRecorder {
  readonly #store: Store;
  readonly #log: (line: string) => void;
  /** `${account}/${roleId}` → when this node last recorded (or skipped recording) a use. */
  readonly #recent = new Map<string, number>();

  constructor(store: Store, log: (line: string) => void) {
    this.#store = store;
    this.#log = log;
  }

  /** Fire-and-forget; only role sessions. */
  record(caller: Caller, region: string, now: Date): void {
    const s = caller.session;
    if (caller.type !== 'role-session' || s === undefined || s.rid === undefined || s.rn === undefined) return;
    const k = `${s.a}/${s.rid}`;
    const last = this.#recent.get(k);
    if (last !== undefined && now.getTime() - last < INTERVAL_MS) return;
    if (this.#recent.size >= MAX_TRACKED) this.#recent.clear();
    this.#recent.set(k, now.getTime());
    this.#write(s.a, s.rn, s.rid, region, now).catch((e: unknown) => {
      if (e instanceof ConflictError) return; // a concurrent update or delete of the role wins
      this.#log(`recording last use of a role failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  async #write(account: string, name: string, id: string, region: string, now: Date): Promise<void> {
    await this.#store.write(async (tx) => {
      const item = await tx.get<RoleData>(account, KIND.role, nameKey(name));
      // Gone, or re-created under the same name: the session's role is not this one.
      if (item === undefined || item.data.id !== id) return;
      const prev = item.data.roleLastUsed;
      // Another node (or an earlier start) may have recorded it within the minute already.
      if (prev !== undefined && now.getTime() - Date.parse(prev.date) < INTERVAL_MS) return;
      const data: RoleData = { ...item.data, roleLastUsed: { date: iso(now), region } };
      await tx.put<RoleData>({ account, kind: KIND.role, key: item.key, id, data }, item.version);
    });
  }
}
