/**
 * A read-through cache of single items for hot read paths (the role an AssumeRole names), emptied
 * whenever the store reports a committed change — on PostgreSQL including other nodes' changes.
 */
import { KIND } from '../iam/model.js';
import type { Item, Store } from '../store/types.js';

const MAX = 10_000;

export class ReadCache {
  readonly #store: Store;
  readonly #items = new Map<string, Promise<Item | undefined>>();

  constructor(store: Store) {
    this.#store = store;
    store.onChange((change) => {
      // Last-use records are written often and read through the store, never through this cache.
      if (change.kind !== KIND.usage) this.#items.clear();
    });
  }

  get<T>(account: string, kind: string, key: string): Promise<Item<T> | undefined> {
    const k = `${account}\u0000${kind}\u0000${key}`;
    let hit = this.#items.get(k);
    if (hit === undefined) {
      if (this.#items.size >= MAX) this.#items.clear();
      hit = this.#store.read((tx) => tx.get(account, kind, key));
      this.#items.set(k, hit);
      hit.catch(() => this.#items.delete(k));
    }
    return hit as Promise<Item<T> | undefined>;
  }
}
