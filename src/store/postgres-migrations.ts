/**
 * PostgreSQL schema, as ordered migrations (the same shape as sqlite-migrations.ts). Several
 * nodes may start at once against one database: each takes a transaction-scoped advisory lock
 * first, so exactly one applies each migration and the others then find it recorded. DDL is
 * transactional in PostgreSQL, so a failed migration leaves the previous schema.
 * Never edit a released entry: append a new one.
 */
import type { Pool } from 'pg';

/** An arbitrary constant naming Rolegate's migration lock ('role' in ASCII). */
const MIGRATION_LOCK = 0x726f6c65;

export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1: the item table. COLLATE "C" makes key order byte-wise, the same as SQLite's BINARY.
  `CREATE TABLE items (
     account text COLLATE "C" NOT NULL,
     kind    text COLLATE "C" NOT NULL,
     key     text COLLATE "C" NOT NULL,
     id      text COLLATE "C",
     version integer NOT NULL CHECK (version > 0),
     data    jsonb NOT NULL,
     PRIMARY KEY (account, kind, key)
   );
   CREATE UNIQUE INDEX items_kind_id ON items (kind, id) WHERE id IS NOT NULL;`,
  // 2: the write lock (postgres.ts), an empty table only ever locked. A table lock, unlike an
  // advisory lock, can be taken inside a SERIALIZABLE transaction before its snapshot, and ends
  // with the transaction: it cannot outlive a node that vanished between two statements.
  'CREATE TABLE rolegate_write_lock ()',
];

/** Applies pending migrations; returns the schema version now in force. */
export async function migratePostgres(pool: Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_version (
                          version    integer PRIMARY KEY,
                          applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
    const current = rows[0]?.v ?? 0;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(`store: database schema version ${current} is newer than this Rolegate (${POSTGRES_MIGRATIONS.length})`);
    }
    for (let v = current + 1; v <= POSTGRES_MIGRATIONS.length; v++) {
      await client.query(POSTGRES_MIGRATIONS[v - 1] ?? '');
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [v]);
    }
    await client.query('COMMIT');
    return POSTGRES_MIGRATIONS.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
