/**
 * A read-through cache of single items for hot read paths (the role an AssumeRole names), emptied
 * whenever the store reports a committed change — on PostgreSQL including other nodes' changes.
 */
import { type Item, type Store, isRecordKind } from '../store/types.js';
import { SettledCache } from './settled-cache.js';

export class ReadCache {
  readonly #store: Store;
  readonly #items = new SettledCache<Item | undefined>(10_000);

  constructor(store: Store) {
    this.#store = store;
    store.onChange((change) => {
      // Records (last use, Roles Anywhere subjects) are written often and read through the store, never through this cache.
      if (!isRecordKind(change.kind)) this.#items.clear();
    });
  }

  get<T>(account: string, kind: string, key: string): Promise<Item<T> | undefined> {
    return this.#items.get(`${account}\u0000${kind}\u0000${key}`, () => this.#store.read((tx) => tx.get(account, kind, key))) as Promise<Item<T> | undefined>;
  }

  /** The item itself once its read has settled (no await on hot paths), else the pending read. */
  now<T>(account: string, kind: string, key: string): Item<T> | undefined | Promise<Item<T> | undefined> {
    return this.#items.now(`${account}\u0000${kind}\u0000${key}`, () => this.#store.read((tx) => tx.get(account, kind, key))) as Item<T> | undefined | Promise<Item<T> | undefined>;
  }
}
