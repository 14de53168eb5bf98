/**
 * The repository interface every backend implements (SQLite, PostgreSQL). Rolegate's state is a
 * set of items — JSON documents addressed by (account, kind, key) — read and written inside
 * transactions. Relations (group membership, policy attachments, ...) are items too, keyed so
 * that the lists AWS pages through are key-range scans: page time does not grow with the table.
 *
 * Keys are compared byte-wise (ASCII order). Callers lower-case names where AWS makes them
 * unique ignoring case (role, user, group, policy names) and keep the original in `data`.
 */

/** One stored document. `version` starts at 1 and grows by one with every write (optimistic concurrency). */
export interface Item<T = unknown> {
  readonly account: string;
  readonly kind: string;
  readonly key: string;
  /** An optional globally unique secondary id (AROA…, AKIA…, ...) that getById finds. */
  readonly id?: string;
  readonly version: number;
  readonly data: T;
}

export interface NewItem<T = unknown> {
  readonly account: string;
  readonly kind: string;
  readonly key: string;
  readonly id?: string;
  readonly data: T;
}

export interface ListOptions {
  /** Only keys starting with this prefix. */
  readonly prefix?: string;
  /** Only keys strictly greater than this (the page marker). */
  readonly after?: string;
  /** At most this many items (required, 1..10000). */
  readonly limit: number;
}

export interface ReadTx {
  get<T>(account: string, kind: string, key: string): Promise<Item<T> | undefined>;
  /** Finds an item by its secondary id, across accounts. */
  getById<T>(kind: string, id: string): Promise<Item<T> | undefined>;
  /** Items of one kind in one account, in key order. */
  list<T>(account: string, kind: string, options: ListOptions): Promise<Item<T>[]>;
  count(account: string, kind: string, prefix?: string): Promise<number>;
}

export interface WriteTx extends ReadTx {
  /**
   * Creates or replaces an item. `expectedVersion`: 0 means "must not exist" (else
   * ConflictError('exists')); n > 0 means "must be at version n" (else ConflictError('version')).
   * Absent: unconditional. Returns the stored item with its new version.
   */
  put<T>(item: NewItem<T>, expectedVersion?: number): Promise<Item<T>>;
  /** Deletes; returns whether the item existed. `expectedVersion` as for put. */
  delete(account: string, kind: string, key: string, expectedVersion?: number): Promise<boolean>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in a read-only snapshot. */
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one serializable transaction: all of its writes commit together or none do.
   * A serialization failure retries `fn` (a few times) — so `fn` must have no side effects
   * outside the transaction. ConflictError thrown by put/delete propagates (no retry).
   */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  /**
   * Subscribes to committed changes (this node's and, on PostgreSQL, other nodes'): for cache
   * invalidation. A change equal to EVERYTHING means others may have been missed: drop all.
   */
  onChange(listener: (change: { account: string; kind: string; key: string }) => void): () => void;
  /** Why the store cannot serve now (for /health), or undefined when it can. Absent: always can. */
  unavailable?(): string | undefined;
  close(): Promise<void>;
}

/**
 * The change a store reports when it may have missed others (PostgreSQL: its LISTEN connection
 * dropped or came back, or the staleness bound passed): every cached item may be stale. `*` is
 * never an item's kind.
 */
export const EVERYTHING = Object.freeze({ account: '*', kind: '*', key: '*' });

/**
 * The kind of last-use records (an access key's, a role's): written often, and kept apart from
 * the entities so that these writes never invalidate cached identities, policies or items.
 */
export const USAGE_KIND = 'usage';

/**
 * Kinds that only record what happened — last-use records, and any kind named `…:record` (IAM
 * Roles Anywhere's subjects): written often, never read through the read cache, so their writes
 * leave it (and the caches that follow the change feed) alone.
 */
export const isRecordKind = (kind: string): boolean => kind === USAGE_KIND || kind.endsWith(':record');

/** The database cannot be reached (or is shutting down): a retry later may succeed. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('store: database unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

/** A write kept losing races with concurrent writes: the caller may retry it. */
export class WriteContentionError extends Error {
  constructor(cause?: unknown) {
    super('store: write lost repeated races with concurrent writes', { cause });
    this.name = 'WriteContentionError';
  }
}

export class ConflictError extends Error {
  readonly reason: 'exists' | 'version' | 'missing';
  constructor(reason: 'exists' | 'version' | 'missing', message: string) {
    super(message);
    this.name = 'ConflictError';
    this.reason = reason;
  }
}
