/**
 * The transaction objects handed to read()/write() callbacks, shared by every backend. A backend
 * supplies a Driver (its SQL, run on the connection that holds the transaction); the conflict
 * rules of types.ts live here once, so both backends follow them identically.
 */
import type { ChangeSet } from './feed.js';
import type { KeyRange } from './keys.js';
import { keyRange } from './keys.js';
import { ConflictError } from './types.js';
import type { Item, ListOptions, NewItem, ReadTx, WriteTx } from './types.js';
import { checkList, checkName, checkVersion, serializeData } from './validate.js';

type Awaitable<T> = T | Promise<T>;

export interface StoredRow {
  readonly account: string;
  readonly kind: string;
  readonly key: string;
  readonly id: string | null;
  readonly version: number;
  readonly json: string;
}

/** One backend's statements, bound to the connection of the current transaction. */
export interface Driver {
  get(account: string, kind: string, key: string): Awaitable<Item | undefined>;
  getById(kind: string, id: string): Awaitable<Item | undefined>;
  list(account: string, kind: string, range: KeyRange, limit: number): Awaitable<Item[]>;
  count(account: string, kind: string, range: KeyRange): Awaitable<number>;
  upsert(row: StoredRow): Awaitable<void>;
  remove(account: string, kind: string, key: string): Awaitable<void>;
}

/** Builds an Item without an `id` property when there is none (exactOptionalPropertyTypes). */
export function toItem(account: string, kind: string, key: string, id: string | null, version: number, data: unknown): Item {
  return id === null ? { account, kind, key, version, data } : { account, kind, key, id, version, data };
}

/** Throws once the transaction has ended: a leaked tx must never write outside its transaction. */
export type Guard = () => void;

export function readTx(driver: Driver, guard: Guard): ReadTx {
  return {
    async get<T>(account: string, kind: string, key: string) {
      guard();
      return (await driver.get(checkName('account', account), checkName('kind', kind), checkName('key', key))) as Item<T> | undefined;
    },
    async getById<T>(kind: string, id: string) {
      guard();
      return (await driver.getById(checkName('kind', kind), checkName('id', id))) as Item<T> | undefined;
    },
    async list<T>(account: string, kind: string, options: ListOptions) {
      guard();
      checkList(options);
      const range = keyRange(options.prefix, options.after);
      return (await driver.list(checkName('account', account), checkName('kind', kind), range, options.limit)) as Item<T>[];
    },
    async count(account: string, kind: string, prefix?: string) {
      guard();
      if (prefix !== undefined) checkName('key', prefix);
      return await driver.count(checkName('account', account), checkName('kind', kind), keyRange(prefix));
    },
  };
}

function describe(account: string, kind: string, key: string): string {
  return `${kind} ${JSON.stringify(key)} in account ${account}`;
}

/** types.ts: 0 means "must not exist"; n > 0 means "must be at version n". */
function checkExpected(current: Item | undefined, expected: number | undefined, what: string): void {
  if (expected === undefined) return;
  if (expected === 0) {
    if (current) throw new ConflictError('exists', `${what} already exists`);
  } else if (!current) {
    throw new ConflictError('missing', `${what} does not exist (expected version ${expected})`);
  } else if (current.version !== expected) {
    throw new ConflictError('version', `${what} is at version ${current.version}, not ${expected}`);
  }
}

export function writeTx(driver: Driver, guard: Guard, changes: ChangeSet): WriteTx {
  return {
    ...readTx(driver, guard),
    async put<T>(item: NewItem<T>, expectedVersion?: number) {
      guard();
      const account = checkName('account', item.account);
      const kind = checkName('kind', item.kind);
      const key = checkName('key', item.key);
      const id = item.id === undefined ? null : checkName('id', item.id);
      const json = serializeData(item.data);
      const expected = checkVersion(expectedVersion);
      const what = describe(account, kind, key);
      const current = await driver.get(account, kind, key);
      checkExpected(current, expected, what);
      if (id !== null) {
        guard(); // again after every await: an un-awaited put() may resume after the commit
        // The secondary id is unique per kind across accounts (the unique index backs this up).
        const owner = await driver.getById(kind, id);
        if (owner && (owner.account !== account || owner.key !== key)) {
          throw new ConflictError('exists', `${kind} id ${JSON.stringify(id)} is already in use`);
        }
      }
      const version = (current?.version ?? 0) + 1;
      guard();
      await driver.upsert({ account, kind, key, id, version, json });
      changes.add(account, kind, key);
      // The stored form, as get() will return it (toJSON applied, undefined members gone).
      return toItem(account, kind, key, id, version, JSON.parse(json)) as Item<T>;
    },
    async delete(account: string, kind: string, key: string, expectedVersion?: number) {
      guard();
      checkName('account', account);
      checkName('kind', kind);
      checkName('key', key);
      const expected = checkVersion(expectedVersion);
      const current = await driver.get(account, kind, key);
      checkExpected(current, expected, describe(account, kind, key));
      if (!current) return false;
      guard();
      await driver.remove(account, kind, key);
      changes.add(account, kind, key);
      return true;
    },
  };
}
