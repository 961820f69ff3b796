/** Scenario storage behind a small interface: versions are immutable; edits append a new version. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, openSync, readSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDb, type Db } from './db.ts';

export interface StoredVersion {
  id: string;
  version: number;
  /** The version's own share id: its public link is /s/<shareId>, and it reveals no other version. */
  shareId: string;
  /** Why no results were stored with the version (null when they were, or for versions saved before model 3). */
  resultsNote: string | null;
  name: string;
  createdAt: string;
  modelVersion: string;
  schemaVersion: string;
  scenario: unknown;
  /** Summary results computed when the version was saved (null for versions saved before model 2). */
  results: unknown;
  /** The stored JSON texts of the scenario and the results, served as they are (no parse, no re-serialise). */
  scenarioText: string;
  resultsText: string | null;
}

/** A version as the API's JSON, built from the stored texts. */
export function versionJson(v: StoredVersion): string {
  const head = { id: v.id, version: v.version, shareId: v.shareId, url: `/s/${v.shareId}`, name: v.name, createdAt: v.createdAt, modelVersion: v.modelVersion, schemaVersion: v.schemaVersion, resultsNote: v.resultsNote };
  return `${JSON.stringify(head).slice(0, -1)},"scenario":${v.scenarioText},"results":${v.resultsText ?? 'null'}}`;
}

export interface VersionMeta {
  modelVersion: string;
  schemaVersion: string;
  /** The summary results, as JSON text, or null when they could not be computed. */
  results: string | null;
  /** When results is null: why, in words a reader of the share page understands. */
  resultsNote?: string | null;
}

/** A version as listed to its author. */
export interface VersionListing { version: number; shareId: string; name: string; createdAt: string }

/** The store cannot be used just now (its file was deleted or replaced, or is damaged): a 503, never a 500. */
export class StoreUnavailableError extends Error {
  readonly code = 'CAPSIM_STORE_UNAVAILABLE';
}

export type Lookup<T> = { status: 'ok'; value: T } | { status: 'missing' } | { status: 'deleted' };
export type Authorised<T> = Lookup<T> | { status: 'forbidden' };

export interface ScenarioStore {
  create(scenario: { name: string }, meta: VersionMeta): { id: string; version: number; shareId: string; editToken: string };
  latest(id: string): Lookup<StoredVersion>;
  /** A version by number: for its author only (the routes check the edit token first). */
  version(id: string, version: number): Lookup<StoredVersion>;
  /** A version by its share id: what a share link reads. */
  shared(shareId: string): Lookup<StoredVersion>;
  versions(id: string): Lookup<VersionListing[]>;
  /** Every stored version (for export), oldest first. */
  all(): Iterable<StoredVersion & { deleted: boolean }>;
  update(id: string, token: string, scenario: { name: string }, meta: VersionMeta): Authorised<{ version: number; shareId: string }>;
  /** Whether the edit token matches (without writing anything). */
  check(id: string, token: string): Authorised<null>;
  remove(id: string, token: string): Authorised<null>;
  /** Whether the database can take a write now, with the reason when not (answers at once: no lock wait). */
  health(): { ok: true } | { ok: false; message: string };
  /** Remember a failed write (or, with `corrupt`, a damaged file), so health reports it until the cause goes. */
  noteWriteFailure(message: string, corrupt?: boolean): void;
  /** Store a baseline under its content key, once: storing the same key again changes nothing. Returns whether it was new. */
  putBaseline(key: string, body: string): boolean;
  /** A stored baseline's JSON text, or null. */
  baseline(key: string): string | null;
  /** Bytes of every stored baseline together. */
  baselineBytes(): number;
  /** Remove stored baselines that no version names and that were stored before `before`; what was removed. */
  pruneBaselines(before: Date): { removed: string[]; bytes: number };
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
/** 128 random bits for ids, 256 for edit tokens, URL-safe. */
export const newId = () => randomBytes(16).toString('base64url');
const newToken = () => randomBytes(32).toString('base64url');

interface Row { version: number; share_id: string; name: string; body: string; model_version: string; schema_version: string; created_at: string; results: string | null; results_note: string | null }

/** Free space on the database's disk below which health says degraded (a write may fail). */
export const MIN_FREE_BYTES = 32 * 1024 * 1024;
/** How long a health answer is reused (a probe is a real write; a load balancer may ask many times a second). */
const HEALTH_TTL_MS = 500;

type Identity = { dev: number; ino: number } | null;
const identityOf = (path: string | null): Identity => {
  if (!path) return null;
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? { dev: st.dev, ino: st.ino } : null;
};

const SQLITE_MAGIC = 'SQLite format 3\0';
/**
 * Why the file at `path` is no longer a whole SQLite database, or null: its header must say so, and the file
 * must hold at least the pages its header counts (a file truncated in place keeps its inode).
 */
export function damageOf(path: string): string | null {
  const head = Buffer.alloc(100);
  let size: number, read: number;
  const fd = openSync(path, 'r');
  try {
    size = statSync(path).size;
    read = readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || head.toString('latin1', 0, 16) !== SQLITE_MAGIC) return `the database file was truncated or overwritten (${size} bytes, no SQLite header)`;
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
  // The header's page count is valid only when its "valid for" number equals the change counter.
  const pages = head.readUInt32BE(92) === head.readUInt32BE(24) ? head.readUInt32BE(28) : 0;
  if (size < pages * pageSize) return `the database file was truncated (${size} bytes; its header counts ${pages} pages of ${pageSize})`;
  return null;
}

export class SqliteStore implements ScenarioStore {
  private q!: ReturnType<SqliteStore['prepare']>;
  /** The database file (null in memory), and which file it was when opened: a deleted or replaced file is noticed. */
  private readonly path: string | null;
  private identity: Identity;
  constructor(private db: Db, private readonly now: () => Date = () => new Date()) {
    this.path = db.memory ? null : db.name;
    this.identity = identityOf(this.path);
    this.q = this.prepare(db);
  }

  private prepare(db: Db) {
    // Another process's write lock is answered at once (503 with Retry-After, server/app.ts), never waited
    // for on the event loop.
    db.pragma('busy_timeout = 0');
    return {
      head: db.prepare<[string], { token_hash: string; deleted_at: string | null }>('SELECT token_hash, deleted_at FROM scenarios WHERE id = ?'),
      insertScenario: db.prepare('INSERT INTO scenarios (id, token_hash, created_at) VALUES (?, ?, ?)'),
      insertVersion: db.prepare('INSERT INTO versions (scenario_id, version, share_id, name, body, model_version, schema_version, created_at, results, results_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      maxVersion: db.prepare<[string], { v: number | null }>('SELECT MAX(version) AS v FROM versions WHERE scenario_id = ?'),
      latest: db.prepare<[string], Row>('SELECT * FROM versions WHERE scenario_id = ? ORDER BY version DESC LIMIT 1'),
      version: db.prepare<[string, number], Row>('SELECT * FROM versions WHERE scenario_id = ? AND version = ?'),
      list: db.prepare<[string], Row>('SELECT version, share_id, name, created_at FROM versions WHERE scenario_id = ? ORDER BY version'),
      every: db.prepare<[], Row & { scenario_id: string; deleted_at: string | null }>('SELECT v.*, s.deleted_at FROM versions v JOIN scenarios s ON s.id = v.scenario_id ORDER BY s.rowid, v.version'),
      shared: db.prepare<[string], Row & { scenario_id: string }>('SELECT * FROM versions WHERE share_id = ?'),
      remove: db.prepare('UPDATE scenarios SET deleted_at = ? WHERE id = ?'),
      // A withdrawn scenario keeps a tombstone (ids, dates) but not its content.
      erase: db.prepare("UPDATE versions SET body = '{}', name = '', results = NULL, results_note = NULL WHERE scenario_id = ?"),
      probe: db.prepare('INSERT OR REPLACE INTO health_probe (k, at) VALUES (1, ?)'),
      putBaseline: db.prepare('INSERT OR IGNORE INTO baselines (key, body, created_at, bytes) VALUES (?, ?, ?, ?)'),
      baseline: db.prepare<[string], { body: string }>('SELECT body FROM baselines WHERE key = ?'),
      baselineBytes: db.prepare<[], { n: number | null }>('SELECT SUM(bytes) AS n FROM baselines'),
      unreferenced: db.prepare<[string], { key: string; bytes: number }>("SELECT key, bytes FROM baselines b WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM versions v WHERE instr(v.body, '\"' || b.key || '\"') > 0)"),
      removeBaseline: db.prepare('DELETE FROM baselines WHERE key = ?'),
    };
  }

  private failure: { message: string; corrupt: boolean } | null = null;
  private lastHealth: { at: number; answer: { ok: true } | { ok: false; message: string } } | null = null;

  noteWriteFailure(message: string, corrupt = false): void {
    this.failure = { message, corrupt };
    this.lastHealth = null;
  }

  /**
   * A real write (one row of health_probe) that never waits for the lock: busy means another writer holds it,
   * which is alive, not broken. Overridable in tests to simulate a full disk.
   */
  protected probeWrite(): void {
    try {
      this.q.probe.run(this.now().toISOString());
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    }
  }

  /** Free bytes on the database's disk (Infinity in memory). Overridable in tests to simulate a full disk. */
  protected freeBytes(): number {
    if (!this.path) return Infinity;
    const fs = statfsSync(dirname(this.path));
    return fs.bavail * fs.bsize;
  }

  /** Open the file at the path again (after it was replaced, made writable or repaired), checked before use. */
  private reopen(): string | null {
    if (!this.path) return 'the in-memory database cannot be reopened';
    try {
      const fresh = openDb(this.path, { mustExist: true });
      const old = this.db;
      this.db = fresh;
      this.q = this.prepare(fresh);
      this.identity = identityOf(this.path);
      try { old.close(); } catch { /* the old file may be gone */ }
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  /** Whether the file at the path is still the one this store opened; reopens a replacement. Throws when unusable. */
  private guard(): void {
    if (!this.path) return;
    const now = identityOf(this.path);
    if (!now) throw new StoreUnavailableError(`the database file ${this.path} was deleted while the server ran: writes are refused so that none is lost; restore the file (from a backup) and the server resumes`);
    if (now.dev !== this.identity?.dev || now.ino !== this.identity?.ino) {
      const why = this.reopen();
      if (why) throw new StoreUnavailableError(`the database file ${this.path} was replaced and the new file cannot be used: ${why}`);
      this.failure = null;
    }
    const damage = damageOf(this.path);
    if (damage) throw new StoreUnavailableError(`${damage} while the server ran (${this.path}): writes are refused so that none is lost; restore it from a backup and the server resumes`);
  }

  health(): { ok: true } | { ok: false; message: string } {
    const t = this.now().getTime();
    if (this.lastHealth && t - this.lastHealth.at >= 0 && t - this.lastHealth.at < HEALTH_TTL_MS) return this.lastHealth.answer;
    const answer = this.diagnose();
    this.lastHealth = { at: t, answer };
    return answer;
  }

  private diagnose(): { ok: true } | { ok: false; message: string } {
    try {
      this.guard();
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
    if (this.failure?.corrupt) {
      // A damaged file can still take a small write: check it, and reopen it in case it was repaired.
      const why = this.reopen();
      if (why) return { ok: false, message: this.failure.message };
    }
    const free = this.freeBytes();
    if (free < MIN_FREE_BYTES) return { ok: false, message: `the disk holding the database is full (${Math.round(free / 1024 / 1024)} MB free; at least ${MIN_FREE_BYTES / 1024 / 1024} MB is needed): saves may fail` };
    try {
      this.probeWrite();
    } catch (e) {
      // Read-only or failing: try the file again (permissions fixed, disk freed) before saying so.
      const why = this.reopen();
      if (why !== null) return { ok: false, message: `the database cannot be written: ${(e as Error).message}` };
      try {
        this.probeWrite();
      } catch (e2) {
        return { ok: false, message: `the database cannot be written: ${(e2 as Error).message}` };
      }
    }
    this.failure = null;
    return { ok: true };
  }

  private state(id: string): 'ok' | 'missing' | 'deleted' {
    const h = this.q.head.get(id);
    return !h ? 'missing' : h.deleted_at ? 'deleted' : 'ok';
  }

  private authorise(id: string, token: string): 'ok' | 'missing' | 'deleted' | 'forbidden' {
    const h = this.q.head.get(id);
    if (!h) return 'missing';
    if (h.deleted_at) return 'deleted';
    return sameHash(h.token_hash, hash(token)) ? 'ok' : 'forbidden';
  }

  private row(id: string, r: Row): StoredVersion {
    const { body, results } = r;
    return {
      id, version: r.version, shareId: r.share_id, resultsNote: r.results_note, name: r.name, createdAt: r.created_at, modelVersion: r.model_version, schemaVersion: r.schema_version,
      scenarioText: body, resultsText: results,
      // Parsed only when asked for: the API serves the texts.
      get scenario() { return JSON.parse(body) as unknown; },
      get results() { return results ? (JSON.parse(results) as unknown) : null; },
    };
  }

  create(scenario: { name: string }, meta: VersionMeta) {
    this.guard();
    const id = newId();
    const shareId = newId();
    const editToken = newToken();
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.q.insertScenario.run(id, hash(editToken), at);
      this.q.insertVersion.run(id, 1, shareId, scenario.name, JSON.stringify(scenario), meta.modelVersion, meta.schemaVersion, at, meta.results, meta.resultsNote ?? null);
    })();
    this.failure = null;
    return { id, version: 1, shareId, editToken };
  }

  putBaseline(key: string, body: string): boolean {
    this.guard();
    const r = this.q.putBaseline.run(key, body, this.now().toISOString(), Buffer.byteLength(body));
    this.failure = null;
    return r.changes > 0;
  }

  baseline(key: string): string | null {
    return this.q.baseline.get(key)?.body ?? null;
  }

  baselineBytes(): number {
    return this.q.baselineBytes.get()!.n ?? 0;
  }

  pruneBaselines(before: Date): { removed: string[]; bytes: number } {
    this.guard();
    return this.db.transaction(() => {
      const gone = this.q.unreferenced.all(before.toISOString());
      for (const g of gone) this.q.removeBaseline.run(g.key);
      return { removed: gone.map((g) => g.key), bytes: gone.reduce((a, g) => a + g.bytes, 0) };
    }).immediate();
  }

  shared(shareId: string): Lookup<StoredVersion> {
    const r = this.q.shared.get(shareId);
    if (!r) return { status: 'missing' };
    const s = this.state(r.scenario_id);
    return s === 'ok' ? { status: 'ok', value: this.row(r.scenario_id, r) } : { status: s };
  }

  latest(id: string): Lookup<StoredVersion> {
    const s = this.state(id);
    if (s !== 'ok') return { status: s };
    return { status: 'ok', value: this.row(id, this.q.latest.get(id)!) };
  }

  version(id: string, version: number): Lookup<StoredVersion> {
    const s = this.state(id);
    if (s !== 'ok') return { status: s };
    const r = this.q.version.get(id, version);
    return r ? { status: 'ok', value: this.row(id, r) } : { status: 'missing' };
  }

  *all() {
    for (const r of this.q.every.iterate()) yield Object.assign(this.row(r.scenario_id, r), { deleted: r.deleted_at !== null });
  }

  versions(id: string) {
    const s = this.state(id);
    if (s !== 'ok') return { status: s };
    return { status: 'ok' as const, value: this.q.list.all(id).map((r) => ({ version: r.version, shareId: r.share_id, name: r.name, createdAt: r.created_at })) };
  }

  check(id: string, token: string): Authorised<null> {
    const a = this.authorise(id, token);
    return a === 'ok' ? { status: 'ok', value: null } : { status: a };
  }

  update(id: string, token: string, scenario: { name: string }, meta: VersionMeta): Authorised<{ version: number; shareId: string }> {
    this.guard();
    // One transaction: read the next number and insert it, so concurrent edits never share a version.
    return this.db.transaction((): Authorised<{ version: number; shareId: string }> => {
      const a = this.authorise(id, token);
      if (a !== 'ok') return { status: a };
      const version = (this.q.maxVersion.get(id)!.v ?? 0) + 1;
      const shareId = newId();
      this.q.insertVersion.run(id, version, shareId, scenario.name, JSON.stringify(scenario), meta.modelVersion, meta.schemaVersion, this.now().toISOString(), meta.results, meta.resultsNote ?? null);
      this.failure = null;
      return { status: 'ok', value: { version, shareId } };
    }).immediate();
  }

  /**
   * Withdraw: a tombstone stays (ids, dates), the content is overwritten (secure_delete zeroes the freed
   * space) and the WAL is checkpointed and truncated, so the words are no longer in any file or later backup.
   */
  remove(id: string, token: string): Authorised<null> {
    this.guard();
    const r = this.db.transaction((): Authorised<null> => {
      const a = this.authorise(id, token);
      if (a !== 'ok') return { status: a };
      this.q.remove.run(this.now().toISOString(), id);
      this.q.erase.run(id);
      return { status: 'ok', value: null };
    }).immediate();
    if (r.status === 'ok' && this.path) {
      // Best effort: a reader holding an old snapshot delays the truncation to a later withdrawal or restart.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return r;
  }
}
