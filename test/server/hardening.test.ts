// Hardening, second round (issue 20): each test failed on a255f4d and passes now. Scenarios are the repository's
// examples; formula-heavy variants are synthetic.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../engine/index.ts';
import { formulaHeavy } from './fixtures.ts';
import { createApp } from '../../server/app.ts';
import { inProcessSummariser, workerSummariser } from '../../server/summarise.ts';
import { inProcessValidator, workerValidator, type Validate } from '../../server/validate.ts';
import { DbPathError, MIGRATIONS, openDb } from '../../store/db.ts';
import { SqliteStore, type ScenarioStore } from '../../store/store.ts';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../scenarios/examples/${name}.json`, import.meta.url), 'utf8'));
const example = read('strategy');
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const put = (body: unknown, token: string) => ({ ...json(body, { authorization: `Bearer ${token}` }), method: 'PUT' });
const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const quick = (store: ScenarioStore, extra: Partial<Parameters<typeof createApp>[0]> = {}) =>
  createApp({ store, rateLimit: { perMinute: 1e6, burst: 1e6 }, validate: inProcessValidator, summarise: inProcessSummariser(5), ...extra });

describe('1. a share link reveals only its own version', () => {
  it('gives each version its own share id; reading by number, the latest or the list needs the edit token', async () => {
    const app = quick(new SqliteStore(openDb(':memory:')));
    const a = await (await app.request('/api/scenarios', json(example))).json();
    const b = await (await app.request(`/api/scenarios/${a.id}`, put({ ...example, name: 'Draft 2, not for the board' }, a.editToken))).json();
    expect(b.shareId).not.toBe(a.shareId);
    expect(b.url).toBe(`/s/${b.shareId}`);
    // The holder of version 1's link cannot count up to version 2.
    for (const path of [`/api/scenarios/${a.id}/versions/2`, `/api/scenarios/${a.id}/versions/1`, `/api/scenarios/${a.id}`, `/api/scenarios/${a.id}/versions`]) {
      expect((await app.request(path)).status, path).toBe(401);
    }
    const v1 = await (await app.request(`/api/shared/${a.shareId}`)).text();
    expect(v1).not.toContain('Draft 2');
    expect(v1).not.toContain(b.shareId);
    expect((await (await app.request(`/api/scenarios/${a.id}/versions/2`, auth(a.editToken))).json()).scenario.name).toBe('Draft 2, not for the board');
    // The old form of link no longer shows anything, and says why.
    const old = await app.request(`/s/${a.id}/2`);
    expect(old.status).toBe(404);
    expect(await old.text()).toMatch(/no longer served/);
    expect(await (await app.request(b.url)).text()).toContain('Draft 2, not for the board');
  });

  it('gives versions stored before share ids one each when the database is migrated', () => {
    const db = new Database(':memory:');
    db.exec(MIGRATIONS[0]!);
    db.exec(MIGRATIONS[1]!);
    db.pragma('user_version = 2');
    db.prepare("INSERT INTO scenarios VALUES ('AAAAAAAAAAAAAAAAAAAAAA', 'h', '2026-01-01', NULL)").run();
    for (const v of [1, 2]) db.prepare("INSERT INTO versions (scenario_id, version, name, body, model_version, schema_version, created_at) VALUES ('AAAAAAAAAAAAAAAAAAAAAA', ?, 'n', '{}', 'm', 's', 'd')").run(v);
    const store = new SqliteStore(openDbOn(db));
    const ids = (db.prepare('SELECT share_id FROM versions ORDER BY version').all() as { share_id: string }[]).map((r) => r.share_id);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const got = store.shared(ids[1]!);
    expect(got.status === 'ok' && got.value.version).toBe(2);
  });
});

/** Run the real migrations on an already-open database (the migration test's old schema). */
function openDbOn(db: Database.Database) {
  for (let v = db.pragma('user_version', { simple: true }) as number; v < MIGRATIONS.length; v++) {
    db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${v + 1}`);
  }
  return db;
}

describe('2. no request stalls the event loop with formulas', () => {
  it('checks the token and the id before reading the body: a bogus PUT is never validated', async () => {
    let validated = 0;
    const counting: Validate = async (input) => { validated++; return inProcessValidator(input); };
    const store = new SqliteStore(openDb(':memory:'));
    const app = quick(store, { validate: counting });
    const a = await (await app.request('/api/scenarios', json(example))).json();
    expect(validated).toBe(1);
    const heavy = formulaHeavy(8, 800);
    expect((await app.request('/api/scenarios/AAAAAAAAAAAAAAAAAAAAAA', put(heavy, 'x'.repeat(43)))).status).toBe(404);
    expect((await app.request(`/api/scenarios/${a.id}`, put(heavy, 'x'.repeat(43)))).status).toBe(403);
    expect((await app.request('/api/scenarios/not-an-id', put(heavy, 'x'.repeat(43)))).status).toBe(404);
    expect(validated).toBe(1);
  });

  it('bounds formula work (characters x months) with a 400 naming a formula, before evaluating any', async () => {
    const app = quick(new SqliteStore(openDb(':memory:')));
    // The probe's case: 83 formulas of about 900 characters over 20 years, 17.9 million character-months.
    const heavy = formulaHeavy(83, 900);
    const r = await app.request('/api/scenarios', json(heavy));
    expect(r.status).toBe(400);
    const e = (await r.json()).error;
    expect(e.code).toBe('invalid_scenario');
    expect(e.path).toMatch(/^parameters\./);
    expect(e.message).toContain(`above the limit of ${LIMITS.formulaWork.toLocaleString('en-GB')}`);
    // Under the bound, a formula-heavy scenario is valid and stored.
    expect((await app.request('/api/scenarios', json(formulaHeavy(8, 800)))).status).toBe(201);
  });

  it('validates in a worker thread with a time limit: an overrun is a clear 400 and the lane recovers', async () => {
    const slow = workerValidator(1);
    const fast = workerValidator(20_000);
    try {
      const app = quick(new SqliteStore(openDb(':memory:')), { validate: slow });
      const r = await app.request('/api/scenarios', json(formulaHeavy(8, 800)));
      expect(r.status).toBe(400);
      expect((await r.json()).error.code).toBe('scenario_too_costly');
      const ok = quick(new SqliteStore(openDb(':memory:')), { validate: fast });
      const created = await ok.request('/api/scenarios', json(formulaHeavy(8, 800)));
      expect(created.status).toBe(201);
      const bad = await ok.request('/api/scenarios', json({ ...example, years: 99 }));
      expect((await bad.json()).error.path).toBe('years');
    } finally {
      await slow.close();
      await fast.close();
    }
  });

  it('shows a stored version without validating it again', async () => {
    const store = new SqliteStore(openDb(':memory:'));
    const app = quick(store);
    const a = await (await app.request('/api/scenarios', json(example))).json();
    // A version this model would now refuse (a baseline it no longer has) is still shown as it was stored.
    const db = (store as unknown as { db: Database.Database }).db;
    const body = JSON.parse((db.prepare('SELECT body FROM versions WHERE share_id = ?').get(a.shareId) as { body: string }).body);
    db.prepare('UPDATE versions SET body = ? WHERE share_id = ?').run(JSON.stringify({ ...body, baseline: 'retired-area' }), a.shareId);
    const page = await app.request(a.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('baseline retired-area');
  });
});

describe('3. a heavy save never holds up small ones', () => {
  it('bounds the work per save, says so with the version, and serves small saves in their own lane', async () => {
    const mse = read('mse-do-nothing');
    // Bounds scaled down so that the test is quick; the server's are SAVED_WORK and SMALL_WORK.
    const summarise = workerSummariser({ maxWork: 4_000_000, smallWork: 500_000, timeoutMs: 120_000 });
    try {
      const app = quick(new SqliteStore(openDb(':memory:')), { summarise });
      const order: string[] = [];
      const heavy = Promise.resolve(app.request('/api/scenarios', json({ ...mse, years: 20, runs: 10_000 }))).then(async (r) => { order.push('heavy'); return r.json(); });
      const small = Promise.resolve(app.request('/api/scenarios', json({ ...example, years: 1, runs: 20 }))).then(async (r) => { order.push('small'); return r.json(); });
      const [h, s] = await Promise.all([heavy, small]);
      expect(order).toEqual(['small', 'heavy']);
      const runs = Math.floor(4_000_000 / (240 * 188));
      expect(runs).toBe(88);
      const got = await (await app.request(`/api/shared/${h.shareId}`)).json();
      expect(got.results.runs).toBe(runs);
      expect(got.resultsNote).toContain(`summarised on ${runs} of the scenario's 10,000 runs`);
      expect((await (await app.request(`/api/shared/${s.shareId}`)).json()).resultsNote).toBeNull();
      expect(await (await app.request(h.url)).text()).toContain(`${runs} Monte Carlo runs (summarised on ${runs} of`);
    } finally {
      await summarise.close();
    }
  });

  it('says truthfully why a version has no stored results', async () => {
    const summarise = workerSummariser({ timeoutMs: 1 });
    try {
      const app = quick(new SqliteStore(openDb(':memory:')), { summarise });
      const a = await (await app.request('/api/scenarios', json(example))).json();
      const got = await (await app.request(`/api/shared/${a.shareId}`)).json();
      expect(got.results).toBeNull();
      expect(got.resultsNote).toBe('its summary was stopped after 1 ms, the server\'s limit per save');
      const page = await (await app.request(a.url)).text();
      expect(page).toContain('No results were stored with this version: its summary was stopped after 1 ms');
      expect(page).not.toContain('before model 2');
    } finally {
      await summarise.close();
    }
  });
});

describe('5. withdrawn content leaves the disk', () => {
  it('overwrites a deleted scenario\'s words in the database file, its WAL and a later backup', async () => {
    const dir = tmp('capsim-secure-');
    const file = join(dir, 'capsim.db');
    const db = openDb(file);
    const app = quick(new SqliteStore(db));
    const marker = 'Zebra-withdrawn-7f3a';
    const a = await (await app.request('/api/scenarios', json({ ...example, name: `${marker} name`, description: `${marker} description` }))).json();
    await app.request('/api/scenarios', json({ ...example, name: 'Kept' }));
    const bytes = () => [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
    expect(bytes()).toContain(marker);
    expect((await app.request(`/api/scenarios/${a.id}`, { method: 'DELETE', ...auth(a.editToken) })).status).toBe(204);
    expect(bytes()).not.toContain(marker);
    await db.backup(join(dir, 'backup.db'));
    expect(readFileSync(join(dir, 'backup.db')).toString('latin1')).not.toContain(marker);
    expect(readFileSync(join(dir, 'backup.db')).toString('latin1')).toContain('Kept');
    db.close();
  });
});

describe('6. the rate limiter behind a proxy', () => {
  it('keys on the entry the trusted proxy appended, not on what the client wrote', async () => {
    const app = createApp({ store: new SqliteStore(openDb(':memory:')), rateLimit: { perMinute: 1, burst: 3, trustProxy: 1 }, validate: inProcessValidator, summarise: inProcessSummariser(2) });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await app.request('/api/scenarios', json(example, { 'x-forwarded-for': `10.9.${i}.1, 203.0.113.7` }))).status);
    expect(codes).toEqual([201, 201, 201, 429, 429, 429]);
  });

  it('forgets the client seen longest ago when full, never everyone\'s limits', async () => {
    const app = createApp({ store: new SqliteStore(openDb(':memory:')), rateLimit: { perMinute: 1, burst: 1, trustProxy: 1, maxClients: 2 }, validate: inProcessValidator, summarise: inProcessSummariser(2) });
    const from = async (ip: string) => (await app.request('/api/scenarios', json(example, { 'x-forwarded-for': ip }))).status;
    expect([await from('a'), await from('a'), await from('b'), await from('b')]).toEqual([201, 429, 201, 429]);
    // A third client makes room by forgetting a (seen longest ago); b stays limited.
    expect(await from('c')).toBe(201);
    expect(await from('b')).toBe(429);
  });
});

describe('7-8. health answers at once and notices a database that went away', () => {
  it('answers without waiting for the write lock another process holds', async () => {
    const file = join(tmp('capsim-lock-'), 'capsim.db');
    const app = quick(new SqliteStore(openDb(file)));
    const other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      const t0 = performance.now();
      const h = await app.request('/api/health');
      // A hang catcher (the busy timeout is 5 s; the 100 ms target is measured by npm run bench:server).
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(h.status).toBe(200);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
  });

  it('refuses writes with a 503 once the file is deleted, and resumes when it is restored', async () => {
    const dir = tmp('capsim-gone-');
    const file = join(dir, 'capsim.db');
    let t = 0;
    const store = new SqliteStore(openDb(file), () => new Date(t));
    const app = quick(store);
    expect((await app.request('/api/scenarios', json(example))).status).toBe(201);
    const backup = join(dir, 'backup.db');
    await (store as unknown as { db: Database.Database }).db.backup(backup);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    const r = await app.request('/api/scenarios', json(example));
    expect(r.status).toBe(503);
    const refused = (await r.json()).error.message as string;
    expect(refused).toMatch(/was deleted while the server ran/);
    expect(refused).not.toContain(dir);
    t += 1000;
    const h = await app.request('/api/health');
    expect(h.status).toBe(503);
    const said = (await h.json()).database as string;
    expect(said).toMatch(/deleted/);
    // Issue 32: no file path reaches an anonymous client (the operator's log has it).
    expect(said).not.toContain(dir);
    expect(said).toContain('(path withheld)');
    copyFileSync(backup, file);
    t += 1000;
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await app.request('/api/scenarios', json(example))).status).toBe(201);
    expect([...new SqliteStore(openDb(file)).all()]).toHaveLength(2);
  });

  it('maps a damaged database to a 503 and health says so', async () => {
    const store = new SqliteStore(openDb(':memory:'));
    const damaged = Object.assign(Object.create(store) as SqliteStore, {
      shared: () => { throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }); },
    });
    const app = quick(damaged);
    const r = await app.request('/api/shared/AAAAAAAAAAAAAAAAAAAAAA');
    expect(r.status).toBe(503);
    expect((await r.json()).error.code).toBe('storage_damaged');
    const h = await app.request('/api/health');
    expect(h.status).toBe(503);
    expect((await h.json()).database).toMatch(/damaged/);
  });

  it('refuses at start a truncated, a foreign or a newer database, naming the cause and changing nothing', () => {
    const dir = tmp('capsim-bad-');
    const good = join(dir, 'good.db');
    const db = openDb(good);
    const store = new SqliteStore(db);
    for (let i = 0; i < 40; i++) store.create({ name: `s${i}`, description: 'x'.repeat(2000) } as { name: string }, { modelVersion: 'm', schemaVersion: 's', results: null });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const truncated = join(dir, 'truncated.db');
    copyFileSync(good, truncated);
    truncateSync(truncated, 4096 * 6);
    expect(() => openDb(truncated)).toThrow(DbPathError);
    expect(() => openDb(truncated)).toThrow(/damaged|not a capsim database/);
    const foreign = join(dir, 'foreign.db');
    writeFileSync(foreign, 'this is not a database, just some text that is long enough to look like a header........');
    expect(() => openDb(foreign)).toThrow(/not a capsim database/);
    const newer = join(dir, 'newer.db');
    copyFileSync(good, newer);
    const raw = new Database(newer);
    raw.pragma('user_version = 99');
    raw.close();
    const before = readFileSync(newer);
    expect(() => openDb(newer)).toThrow(/written by a newer capsim \(schema 99/);
    expect(readFileSync(newer).equals(before)).toBe(true);
  });

  it('says at once, before any write, that a database it cannot write is degraded', async () => {
    const file = join(tmp('capsim-ro-'), 'capsim.db');
    openDb(file).close();
    // Opened read-only (as a file without write permission opens); the write probe finds it on the first check.
    const ro = new SqliteStore(new Database(file, { readonly: true }));
    const readOnly = Object.assign(Object.create(ro) as SqliteStore, { reopen: () => 'the file is still read-only' });
    const h = await quick(readOnly).request('/api/health');
    expect(h.status).toBe(503);
    expect((await h.json()).database).toMatch(/cannot be written.*readonly/);
  });
});
