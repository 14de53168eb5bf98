/**
 * A load-once cache of promises that, once a load has settled, serves its value without a
 * promise: hot paths check `instanceof Promise` and await only a read still in flight. A failed
 * load is forgotten (the next call loads again); a full cache is emptied rather than aged.
 */
interface Entry<V> {
  readonly promise: Promise<V>;
  settled: boolean;
  value: V | undefined;
}

export class SettledCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** The settled value, or the pending load (started now if there is none). */
  now(key: string, load: () => Promise<V>): V | Promise<V> {
    const e = this.#entry(key, load);
    return e.settled ? (e.value as V) : e.promise;
  }

  /** The load as a promise, settled or not. */
  get(key: string, load: () => Promise<V>): Promise<V> {
    return this.#entry(key, load).promise;
  }

  clear(): void {
    this.#entries.clear();
  }

  #entry(key: string, load: () => Promise<V>): Entry<V> {
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    if (this.#entries.size >= this.#max) this.#entries.clear();
    const entry: Entry<V> = { promise: load(), settled: false, value: undefined };
    this.#entries.set(key, entry);
    entry.promise.then(
      (v) => {
        entry.value = v;
        entry.settled = true;
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    return entry;
  }
}
