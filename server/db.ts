/** The SQLite database: opened in WAL mode, schema migrations versioned in code (PRAGMA user_version). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Each entry migrates from version i to i + 1. Never edit one that has shipped; append. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE scenarios (
     id TEXT PRIMARY KEY,
     token_hash TEXT NOT NULL,
     created_at TEXT NOT NULL,
     deleted_at TEXT
   );
   CREATE TABLE versions (
     scenario_id TEXT NOT NULL REFERENCES scenarios(id),
     version INTEGER NOT NULL,
     name TEXT NOT NULL,
     body TEXT NOT NULL,
     model_version TEXT NOT NULL,
     schema_version TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (scenario_id, version)
   );`,
  // Model 2: each version keeps the summary results computed when it was saved (null before).
  `ALTER TABLE versions ADD COLUMN results TEXT;`,
];

export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (commits are in the WAL before the reply is sent).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
