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
  // Each version gets its own unguessable share id (128 random bits): a share link reveals only its version.
  // results_note says why a version has no stored results. health_probe takes the health check's write.
  `ALTER TABLE versions ADD COLUMN share_id TEXT;
   UPDATE versions SET share_id = lower(hex(randomblob(16)));
   CREATE UNIQUE INDEX versions_share_id ON versions(share_id);
   ALTER TABLE versions ADD COLUMN results_note TEXT;
   CREATE TABLE health_probe (k INTEGER PRIMARY KEY, at TEXT NOT NULL);`,
  // Baselines built from NHS England's files (docs/data.md), stored once each by content: key is id@hash.
  `CREATE TABLE baselines (key TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL);`,
  // Issue 32: each baseline's size in bytes, so the server's cap on stored baselines is one cheap sum.
  `ALTER TABLE baselines ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
   UPDATE baselines SET bytes = length(CAST(body AS BLOB));`,
];

/** A database path that cannot be used, with the reason (the server prints it and exits). */
export class DbPathError extends Error {}

export interface OpenOptions {
  /** Called with the path when the file did not exist and was created. */
  onCreate?: (path: string) => void;
  /** Refuse to create the file (the CLI's db commands, and reopening a database the server had open). */
  mustExist?: boolean;
}

/**
 * Open (or, saying so through `onCreate`, create) the database at `file`, checked before use: a file that is
 * not a database, is damaged (`PRAGMA quick_check`) or was written by a newer capsim is refused. An empty
 * path, a folder, or a place that cannot be written is a DbPathError naming the path and the cause, never a
 * silent temporary database; nothing is created when the file would be refused.
 */
export function openDb(file: string, { onCreate = () => {}, mustExist = false }: OpenOptions = {}): Db {
  if (file === ':memory:') return configure(new Database(file));
  if (file.trim() === '') throw new DbPathError('CAPSIM_DB is empty: give the path of the database file (for example ./data/capsim.db)');
  const path = resolve(file);
  if (existsSync(path) && statSync(path).isDirectory()) throw new DbPathError(`CAPSIM_DB ${path} is a folder, not a database file`);
  const isNew = !existsSync(path);
  if (isNew && mustExist) throw new DbPathError(`no database at ${path}`);
  let db: Db | null = null;
  try {
    if (isNew) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { fileMustExist: !isNew });
    const configured = configure(db);
    if (isNew) onCreate(path);
    return configured;
  } catch (e) {
    db?.close();
    if (e instanceof DbPathError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new DbPathError(`the file at ${path} is not a capsim database or is damaged (${(e as Error).message}); restore it from a backup (capsim db backup)`);
    throw new DbPathError(`cannot open the database at ${path}: ${(e as Error).message}`);
  }
}

function configure(db: Db): Db {
  // A newer capsim's database is refused before anything is written to it.
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) throw new DbPathError(`the database at ${db.name} was written by a newer capsim (schema ${version}; this one knows up to ${MIGRATIONS.length}): upgrade capsim or use a backup made by this version`);
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw new DbPathError(`the database at ${db.name} is damaged (quick_check: ${check}); restore it from a backup (capsim db backup)`);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (commits are in the WAL before the reply is sent).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Withdrawn content is overwritten with zeros in the file, not just unlinked (see SqliteStore.remove).
  db.pragma('secure_delete = ON');
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
