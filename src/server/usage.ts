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
import { type AccessKeyData, KIND, type RoleData, iso, nameKey } from '../iam/model.js';
import { ConflictError, type Store, type WriteTx } from '../store/types.js';
import type { Caller } from './action.js';

const INTERVAL_MS = 60_000;
const MAX_TRACKED = 10_000;

const recent = (date: string | undefined, now: Date): boolean => date !== undefined && now.getTime() - Date.parse(date) < INTERVAL_MS;

export class UsageRecorder {
  readonly #store: Store;
  readonly #log: (line: string) => void;
  /** target → when this node last recorded (or skipped recording) a use. */
  readonly #recent = new Map<string, number>();

  constructor(store: Store, log: (line: string) => void) {
    this.#store = store;
    this.#log = log;
  }

  /** Fire-and-forget. */
  record(caller: Caller, service: string, region: string, now: Date): void {
    const s = caller.session;
    if (caller.type === 'user' && s === undefined) {
      const id = caller.accessKeyId;
      this.#maybe(`key/${id}`, now, (tx) => keyUse(tx, id, service, region, now));
    } else if (caller.type === 'role-session' && s?.rid !== undefined && s.rn !== undefined) {
      const { a, rn, rid } = s;
      this.#maybe(`role/${a}/${rid}`, now, (tx) => roleUse(tx, a, rn, rid, region, now));
    }
  }

  #maybe(target: string, now: Date, write: (tx: WriteTx) => Promise<void>): void {
    const last = this.#recent.get(target);
    if (last !== undefined && now.getTime() - last < INTERVAL_MS) return;
    if (this.#recent.size >= MAX_TRACKED) this.#recent.clear();
    this.#recent.set(target, now.getTime());
    this.#store.write(write).catch((e: unknown) => {
      if (e instanceof ConflictError) return; // a concurrent update or delete wins
      this.#log(`recording a last use failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }
}

async function keyUse(tx: WriteTx, accessKeyId: string, service: string, region: string, now: Date): Promise<void> {
  const item = await tx.getById<AccessKeyData>(KIND.accessKey, accessKeyId);
  if (item === undefined || recent(item.data.lastUsed?.date, now)) return;
  const data: AccessKeyData = { ...item.data, lastUsed: { date: iso(now), service, region } };
  await tx.put<AccessKeyData>({ account: item.account, kind: item.kind, key: item.key, id: accessKeyId, data }, item.version);
}

async function roleUse(tx: WriteTx, account: string, name: string, id: string, region: string, now: Date): Promise<void> {
  const item = await tx.get<RoleData>(account, KIND.role, nameKey(name));
  // Gone, or re-created under the same name: the session's role is not this one.
  if (item === undefined || item.data.id !== id || recent(item.data.roleLastUsed?.date, now)) return;
  const data: RoleData = { ...item.data, roleLastUsed: { date: iso(now), region } };
  await tx.put<RoleData>({ account, kind: KIND.role, key: item.key, id, data }, item.version);
}
