/**
 * SQLite schema, as ordered migrations. Each entry runs once, in order, inside the same
 * BEGIN IMMEDIATE transaction that records it in schema_version, so a crash mid-migration leaves
 * the previous schema and two processes opening one file at once apply each migration once.
 * Never edit a released entry: append a new one.
 */
import type Database from 'better-sqlite3';

export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: the item table. WITHOUT ROWID clusters rows by primary key, so a page of list() is one
  // contiguous index range. TEXT compares with BINARY collation: byte-wise, as types.ts requires.
  `CREATE TABLE items (
     account TEXT NOT NULL,
     kind    TEXT NOT NULL,
     key     TEXT NOT NULL,
     id      TEXT,
     version INTEGER NOT NULL CHECK (version > 0),
     data    TEXT NOT NULL CHECK (json_valid(data)),
     PRIMARY KEY (account, kind, key)
   ) WITHOUT ROWID;
   CREATE UNIQUE INDEX items_kind_id ON items (kind, id) WHERE id IS NOT NULL;`,
];

/** Applies pending migrations; returns the schema version now in force. */
export function migrateSqlite(db: Database.Database): number {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
               version    INTEGER PRIMARY KEY,
               applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`);
    const row = db.prepare('SELECT max(version) AS v FROM schema_version').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > SQLITE_MIGRATIONS.length) {
      throw new Error(`store: database schema version ${current} is newer than this Rolegate (${SQLITE_MIGRATIONS.length})`);
    }
    const record = db.prepare('INSERT INTO schema_version (version) VALUES (?)');
    for (let v = current + 1; v <= SQLITE_MIGRATIONS.length; v++) {
      db.exec(SQLITE_MIGRATIONS[v - 1] ?? '');
      record.run(v);
    }
    db.exec('COMMIT');
    return SQLITE_MIGRATIONS.length;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
