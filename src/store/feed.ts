/** In-process delivery of committed changes to onChange listeners (cache invalidation). */

export interface Change {
  readonly account: string;
  readonly kind: string;
  readonly key: string;
}

export type ChangeListener = (change: Change) => void;

/** The changes one transaction makes, once per item however often it was written. */
export class ChangeSet {
  readonly #changes = new Map<string, Change>();

  add(account: string, kind: string, key: string): void {
    this.#changes.set(JSON.stringify([account, kind, key]), { account, kind, key });
  }

  get size(): number {
    return this.#changes.size;
  }

  values(): Change[] {
    return [...this.#changes.values()];
  }
}

export class ChangeFeed {
  readonly #listeners = new Set<{ readonly listener: ChangeListener }>();

  subscribe(listener: ChangeListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('store: onChange needs a function');
    // A fresh entry per call, so subscribing one function twice yields two independent subscriptions.
    const entry = { listener };
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /**
   * Called right after a commit, before write() resolves, so a node's own cache is already
   * invalidated when its writer continues. A throwing listener must not turn a committed write
   * into a reported failure, nor starve the other listeners: its error becomes a process warning.
   */
  emit(changes: readonly Change[]): void {
    for (const change of changes) {
      for (const { listener } of [...this.#listeners]) {
        try {
          listener(change);
        } catch (err) {
          process.emitWarning(`store: onChange listener threw: ${String(err)}`, 'RolegateStoreWarning');
        }
      }
    }
  }
}
