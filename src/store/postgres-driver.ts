/**
 * PostgreSQL statements for the connection holding one transaction. Named statements are
 * prepared once per connection by pg and reused. Every value is a bound parameter; the only
 * SQL chosen at run time is among fixed texts, by which bounds a key range has.
 */
import type { PoolClient, QueryResultRow } from 'pg';
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
  data: unknown;
}

/**
 * serialization_failure, deadlock_detected, unique_violation (a concurrent insert under
 * SERIALIZABLE), and lock_not_available (lock_timeout: a lock held too long by another writer).
 */
const RETRYABLE = new Set(['40001', '40P01', '23505', '55P03']);

export function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && RETRYABLE.has(String((err as { code?: unknown }).code));
}

const COLUMNS = 'account, kind, key, id, version, data';

function rangeSql(range: KeyRange): string {
  return `account = $1 AND kind = $2 AND key ${range.strict ? '>' : '>='} $3${range.upper === undefined ? '' : ' AND key < $4'}`;
}

function rangeArgs(account: string, kind: string, range: KeyRange): string[] {
  return range.upper === undefined ? [account, kind, range.lower] : [account, kind, range.lower, range.upper];
}

/** A short stable statement name for a range shape. */
function rangeName(base: string, range: KeyRange): string {
  return `rolegate_${base}_${range.strict ? 'gt' : 'ge'}${range.upper === undefined ? '' : '_lt'}`;
}

function fromRow(row: Row): Item {
  return toItem(row.account, row.kind, row.key, row.id, row.version, row.data);
}

export class PostgresDriver implements Driver {
  readonly #client: PoolClient;
  readonly #state: { retryable: boolean; readOnly?: boolean };

  /**
   * `state.retryable` is set when any statement failed in a way that a retry may cure, and
   * `state.readOnly` when one failed because the database refuses writes (25006).
   */
  constructor(client: PoolClient, state: { retryable: boolean; readOnly?: boolean }) {
    this.#client = client;
    this.#state = state;
  }

  async #query<R extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.#client.query<R>({ name, text, values })).rows;
    } catch (err) {
      // Remembered because `fn` may catch the error; the transaction is aborted either way.
      if (isRetryable(err)) this.#state.retryable = true;
      if ((err as { code?: unknown } | null)?.code === '25006') this.#state.readOnly = true;
      throw err;
    }
  }

  async get(account: string, kind: string, key: string): Promise<Item | undefined> {
    const sql = `SELECT ${COLUMNS} FROM items WHERE account = $1 AND kind = $2 AND key = $3`;
    const [row] = await this.#query<Row>('rolegate_get', sql, [account, kind, key]);
    return row && fromRow(row);
  }

  async getById(kind: string, id: string): Promise<Item | undefined> {
    const sql = `SELECT ${COLUMNS} FROM items WHERE kind = $1 AND id = $2`;
    const [row] = await this.#query<Row>('rolegate_get_by_id', sql, [kind, id]);
    return row && fromRow(row);
  }

  async list(account: string, kind: string, range: KeyRange, limit: number): Promise<Item[]> {
    const n = range.upper === undefined ? 4 : 5;
    const sql = `SELECT ${COLUMNS} FROM items WHERE ${rangeSql(range)} ORDER BY key LIMIT $${n}`;
    const rows = await this.#query<Row>(rangeName('list', range), sql, [...rangeArgs(account, kind, range), limit]);
    return rows.map(fromRow);
  }

  async count(account: string, kind: string, range: KeyRange): Promise<number> {
    const sql = `SELECT count(*)::integer AS n FROM items WHERE ${rangeSql(range)}`;
    const [row] = await this.#query<{ n: number }>(rangeName('count', range), sql, rangeArgs(account, kind, range));
    return row?.n ?? 0;
  }

  async upsert(row: StoredRow): Promise<void> {
    const sql = `INSERT INTO items (account, kind, key, id, version, data) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
                 ON CONFLICT (account, kind, key) DO UPDATE SET id = excluded.id, version = excluded.version, data = excluded.data`;
    await this.#query('rolegate_upsert', sql, [row.account, row.kind, row.key, row.id, row.version, row.json]);
  }

  async remove(account: string, kind: string, key: string): Promise<void> {
    const sql = 'DELETE FROM items WHERE account = $1 AND kind = $2 AND key = $3';
    await this.#query('rolegate_remove', sql, [account, kind, key]);
  }

  /** Queues one NOTIFY per change; PostgreSQL delivers them only if and when the transaction commits. */
  async notify(channel: string, payloads: string[]): Promise<void> {
    const sql = 'SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p';
    await this.#query('rolegate_notify', sql, [channel, payloads]);
  }
}
