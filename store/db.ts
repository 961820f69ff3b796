/** The SQLite database: opened in WAL mode, schema migrations versioned in code (PRAGMA user_version). */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

/** A database path that cannot be used, with the reason (the server prints it and exits). */
export class DbPathError extends Error {}

/**
 * Open (or, saying so through `onCreate`, create) the database at `file`. An empty path, a folder, or a
 * place that cannot be written is a DbPathError naming the path, never a silent temporary database.
 */
export function openDb(file: string, onCreate: (path: string) => void = () => {}): Db {
  if (file !== ':memory:') {
    if (file.trim() === '') throw new DbPathError('CAPSIM_DB is empty: give the path of the database file (for example ./data/capsim.db)');
    const path = resolve(file);
    if (existsSync(path) && statSync(path).isDirectory()) throw new DbPathError(`CAPSIM_DB ${path} is a folder, not a database file`);
    const isNew = !existsSync(path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      const db = new Database(path);
      if (isNew) onCreate(path);
      return configure(db);
    } catch (e) {
      if (e instanceof DbPathError) throw e;
      throw new DbPathError(`cannot open the database at ${path}: ${(e as Error).message}`);
    }
  }
  return configure(new Database(file));
}

function configure(db: Db): Db {
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
