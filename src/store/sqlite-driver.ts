/**
 * SQLite statements for one connection, prepared on first use and cached (better-sqlite3
 * statements are bound to their connection). Every value is a bound parameter; the only SQL
 * chosen at run time is among fixed texts, by which bounds a key range has.
 */
import type Database from 'better-sqlite3';
import type { KeyRange } from './keys.js';
import type { Driver, StoredRow } from './tx.js';
import { toItem } from './tx.js';
import type { Item } from './types.js';

interface Row {
  account: string;
  kind: string;
  key: string;
  id: string | null;
  version: number;
  data: string;
}

const COLUMNS = 'account, kind, key, id, version, data';
const SQL = {
  get: `SELECT ${COLUMNS} FROM items WHERE account = ? AND kind = ? AND key = ?`,
  getById: `SELECT ${COLUMNS} FROM items WHERE kind = ? AND id = ?`,
  upsert: `INSERT INTO items (account, kind, key, id, version, data) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (account, kind, key) DO UPDATE SET id = excluded.id, version = excluded.version, data = excluded.data`,
  remove: 'DELETE FROM items WHERE account = ? AND kind = ? AND key = ?',
} as const;

/** WHERE clause for a key range: the four fixed shapes (lower > or >=, with or without an upper bound). */
function rangeSql(range: KeyRange): string {
  return `account = ? AND kind = ? AND key ${range.strict ? '>' : '>='} ?${range.upper === undefined ? '' : ' AND key < ?'}`;
}

function rangeArgs(account: string, kind: string, range: KeyRange): string[] {
  return range.upper === undefined ? [account, kind, range.lower] : [account, kind, range.lower, range.upper];
}

function fromRow(row: Row): Item {
  return toItem(row.account, row.kind, row.key, row.id, row.version, JSON.parse(row.data));
}

export class SqliteDriver implements Driver {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  get(account: string, kind: string, key: string): Item | undefined {
    const row = this.#prepare(SQL.get).get(account, kind, key) as Row | undefined;
    return row && fromRow(row);
  }

  getById(kind: string, id: string): Item | undefined {
    const row = this.#prepare(SQL.getById).get(kind, id) as Row | undefined;
    return row && fromRow(row);
  }

  list(account: string, kind: string, range: KeyRange, limit: number): Item[] {
    const sql = `SELECT ${COLUMNS} FROM items WHERE ${rangeSql(range)} ORDER BY key LIMIT ?`;
    const rows = this.#prepare(sql).all(...rangeArgs(account, kind, range), limit) as Row[];
    return rows.map(fromRow);
  }

  count(account: string, kind: string, range: KeyRange): number {
    const sql = `SELECT count(*) AS n FROM items WHERE ${rangeSql(range)}`;
    return (this.#prepare(sql).get(...rangeArgs(account, kind, range)) as { n: number }).n;
  }

  upsert(row: StoredRow): void {
    this.#prepare(SQL.upsert).run(row.account, row.kind, row.key, row.id, row.version, row.json);
  }

  remove(account: string, kind: string, key: string): void {
    this.#prepare(SQL.remove).run(account, kind, key);
  }
}
