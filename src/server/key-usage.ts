/**
 * Records when an IAM user's access key was last used (iam:GetAccessKeyLastUsed): date, service
 * and region, written on the key item at most once per minute per key, in the background. It never
 * fails or delays the request it observes: AWS itself documents last-used data as best effort
 * ("may be delayed", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html).
 */
import { type AccessKeyData, KIND, iso } from '../iam/model.js';
import { ConflictError, type Store } from '../store/types.js';
import type { Caller } from './action.js';

const INTERVAL_MS = 60_000;
const MAX_TRACKED = 10_000;

export class KeyUsageRecorder {
  readonly #store: Store;
  readonly #log: (line: string) => void;
  /** accessKeyId → when this node last recorded (or skipped recording) a use. */
  readonly #recent = new Map<string, number>();

  constructor(store: Store, log: (line: string) => void) {
    this.#store = store;
    this.#log = log;
  }

  /** Fire-and-forget; only long-term user keys (temporary credentials have no key item). */
  record(caller: Caller, service: string, region: string, now: Date): void {
    const id = caller.accessKeyId;
    if (caller.type !== 'user' || id.startsWith('ASIA')) return;
    const last = this.#recent.get(id);
    if (last !== undefined && now.getTime() - last < INTERVAL_MS) return;
    if (this.#recent.size >= MAX_TRACKED) this.#recent.clear();
    this.#recent.set(id, now.getTime());
    this.#write(id, service, region, now).catch((e: unknown) => {
      if (e instanceof ConflictError) return; // a concurrent update or delete of the key wins
      this.#log(`recording last use of an access key failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  async #write(accessKeyId: string, service: string, region: string, now: Date): Promise<void> {
    await this.#store.write(async (tx) => {
      const item = await tx.getById<AccessKeyData>(KIND.accessKey, accessKeyId);
      if (item === undefined) return;
      const prev = item.data.lastUsed;
      // Another node (or an earlier start) may have recorded it within the minute already.
      if (prev !== undefined && now.getTime() - Date.parse(prev.date) < INTERVAL_MS) return;
      const data: AccessKeyData = { ...item.data, lastUsed: { date: iso(now), service, region } };
      await tx.put<AccessKeyData>({ account: item.account, kind: item.kind, key: item.key, id: accessKeyId, data }, item.version);
    });
  }
}
