/**
 * A read-through cache of single items for hot read paths (the role an AssumeRole names), emptied
 * whenever the store reports a committed change — on PostgreSQL including other nodes' changes.
 */
import { KIND } from '../iam/model.js';
import type { Item, Store } from '../store/types.js';

const MAX = 10_000;

interface Entry {
  readonly promise: Promise<Item | undefined>;
  settled: boolean;
  value: Item | undefined;
}

export class ReadCache {
  readonly #store: Store;
  readonly #items = new Map<string, Entry>();

  constructor(store: Store) {
    this.#store = store;
    store.onChange((change) => {
      // Last-use records are written often and read through the store, never through this cache.
      if (change.kind !== KIND.usage) this.#items.clear();
    });
  }

  get<T>(account: string, kind: string, key: string): Promise<Item<T> | undefined> {
    return this.#entry(account, kind, key).promise as Promise<Item<T> | undefined>;
  }

  /** The item itself once its read has settled (no await on hot paths), else the pending read. */
  now<T>(account: string, kind: string, key: string): Item<T> | undefined | Promise<Item<T> | undefined> {
    const e = this.#entry(account, kind, key);
    return (e.settled ? e.value : e.promise) as Item<T> | undefined | Promise<Item<T> | undefined>;
  }

  #entry(account: string, kind: string, key: string): Entry {
    const k = `${account}\u0000${kind}\u0000${key}`;
    let e = this.#items.get(k);
    if (e === undefined) {
      if (this.#items.size >= MAX) this.#items.clear();
      const entry: Entry = { promise: this.#store.read((tx) => tx.get(account, kind, key)), settled: false, value: undefined };
      this.#items.set(k, entry);
      entry.promise.then(
        (v) => {
          entry.value = v;
          entry.settled = true;
        },
        () => {
          if (this.#items.get(k) === entry) this.#items.delete(k);
        },
      );
      e = entry;
    }
    return e;
  }
}
