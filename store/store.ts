/** Scenario storage behind a small interface: versions are immutable; edits append a new version. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.ts';

export interface StoredVersion {
  id: string;
  version: number;
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
  const head = { id: v.id, version: v.version, name: v.name, createdAt: v.createdAt, modelVersion: v.modelVersion, schemaVersion: v.schemaVersion };
  return `${JSON.stringify(head).slice(0, -1)},"scenario":${v.scenarioText},"results":${v.resultsText ?? 'null'}}`;
}

export interface VersionMeta {
  modelVersion: string;
  schemaVersion: string;
  /** The summary results, as JSON text, or null when they could not be computed. */
  results: string | null;
}

export type Lookup<T> = { status: 'ok'; value: T } | { status: 'missing' } | { status: 'deleted' };
export type Authorised<T> = Lookup<T> | { status: 'forbidden' };

export interface ScenarioStore {
  create(scenario: { name: string }, meta: VersionMeta): { id: string; version: number; editToken: string };
  latest(id: string): Lookup<StoredVersion>;
  version(id: string, version: number): Lookup<StoredVersion>;
  versions(id: string): Lookup<{ version: number; name: string; createdAt: string }[]>;
  /** Every stored version (for export), oldest first. */
  all(): Iterable<StoredVersion & { deleted: boolean }>;
  update(id: string, token: string, scenario: { name: string }, meta: VersionMeta): Authorised<{ version: number }>;
  /** Whether the edit token matches (without writing anything). */
  check(id: string, token: string): Authorised<null>;
  remove(id: string, token: string): Authorised<null>;
  /** Whether the database can take a write now, with the reason when not. */
  health(): { ok: true } | { ok: false; message: string };
  /** Remember a failed write, so health reports it until a write succeeds. */
  noteWriteFailure(message: string): void;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
/** 128 random bits for ids, 256 for edit tokens, URL-safe. */
export const newId = () => randomBytes(16).toString('base64url');
const newToken = () => randomBytes(32).toString('base64url');

interface Row { version: number; name: string; body: string; model_version: string; schema_version: string; created_at: string; results: string | null }

export class SqliteStore implements ScenarioStore {
  private readonly q;
  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {
    this.q = {
      head: db.prepare<[string], { token_hash: string; deleted_at: string | null }>('SELECT token_hash, deleted_at FROM scenarios WHERE id = ?'),
      insertScenario: db.prepare('INSERT INTO scenarios (id, token_hash, created_at) VALUES (?, ?, ?)'),
      insertVersion: db.prepare('INSERT INTO versions (scenario_id, version, name, body, model_version, schema_version, created_at, results) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      maxVersion: db.prepare<[string], { v: number | null }>('SELECT MAX(version) AS v FROM versions WHERE scenario_id = ?'),
      latest: db.prepare<[string], Row>('SELECT * FROM versions WHERE scenario_id = ? ORDER BY version DESC LIMIT 1'),
      version: db.prepare<[string, number], Row>('SELECT * FROM versions WHERE scenario_id = ? AND version = ?'),
      list: db.prepare<[string], Row>('SELECT version, name, created_at FROM versions WHERE scenario_id = ? ORDER BY version'),
      every: db.prepare<[], Row & { scenario_id: string; deleted_at: string | null }>('SELECT v.*, s.deleted_at FROM versions v JOIN scenarios s ON s.id = v.scenario_id ORDER BY s.rowid, v.version'),
      remove: db.prepare('UPDATE scenarios SET deleted_at = ? WHERE id = ?'),
      // A withdrawn scenario keeps a tombstone (ids, dates) but not its content.
      erase: db.prepare("UPDATE versions SET body = '{}', name = '', results = NULL WHERE scenario_id = ?"),
    };
  }

  private writeFailure: string | null = null;

  noteWriteFailure(message: string): void {
    this.writeFailure = message;
  }

  health(): { ok: true } | { ok: false; message: string } {
    try {
      // Taking the write lock fails at once on a read-only or vanished database.
      this.db.prepare('BEGIN IMMEDIATE').run();
      this.db.prepare('ROLLBACK').run();
    } catch (e) {
      return { ok: false, message: `the database cannot be written: ${(e as Error).message}` };
    }
    return this.writeFailure ? { ok: false, message: this.writeFailure } : { ok: true };
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
      id, version: r.version, name: r.name, createdAt: r.created_at, modelVersion: r.model_version, schemaVersion: r.schema_version,
      scenarioText: body, resultsText: results,
      // Parsed only when asked for: the API serves the texts.
      get scenario() { return JSON.parse(body) as unknown; },
      get results() { return results ? (JSON.parse(results) as unknown) : null; },
    };
  }

  create(scenario: { name: string }, meta: VersionMeta) {
    const id = newId();
    const editToken = newToken();
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.q.insertScenario.run(id, hash(editToken), at);
      this.q.insertVersion.run(id, 1, scenario.name, JSON.stringify(scenario), meta.modelVersion, meta.schemaVersion, at, meta.results);
    })();
    this.writeFailure = null;
    return { id, version: 1, editToken };
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
    return { status: 'ok' as const, value: this.q.list.all(id).map((r) => ({ version: r.version, name: r.name, createdAt: r.created_at })) };
  }

  check(id: string, token: string): Authorised<null> {
    const a = this.authorise(id, token);
    return a === 'ok' ? { status: 'ok', value: null } : { status: a };
  }

  update(id: string, token: string, scenario: { name: string }, meta: VersionMeta): Authorised<{ version: number }> {
    // One transaction: read the next number and insert it, so concurrent edits never share a version.
    return this.db.transaction((): Authorised<{ version: number }> => {
      const a = this.authorise(id, token);
      if (a !== 'ok') return { status: a };
      const version = (this.q.maxVersion.get(id)!.v ?? 0) + 1;
      this.q.insertVersion.run(id, version, scenario.name, JSON.stringify(scenario), meta.modelVersion, meta.schemaVersion, this.now().toISOString(), meta.results);
      this.writeFailure = null;
      return { status: 'ok', value: { version } };
    }).immediate();
  }

  remove(id: string, token: string): Authorised<null> {
    return this.db.transaction((): Authorised<null> => {
      const a = this.authorise(id, token);
      if (a !== 'ok') return { status: a };
      this.q.remove.run(this.now().toISOString(), id);
      this.q.erase.run(id);
      return { status: 'ok', value: null };
    }).immediate();
  }
}
