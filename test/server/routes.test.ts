// Route tests with app.request(): no port. Every bad request leaves what is stored unchanged.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDb } from '../../store/db.ts';
import { SqliteStore } from '../../store/store.ts';
import { inProcessSummariser } from '../../server/summarise.ts';
import { inProcessValidator } from '../../server/validate.ts';
import { MODEL_VERSION, SCENARIO_SCHEMA_ID } from '../../engine/index.ts';

const example = JSON.parse(readFileSync(new URL('../../scenarios/examples/strategy.json', import.meta.url), 'utf8'));
let app: ReturnType<typeof createApp>;
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const put = (body: unknown, token?: string) => ({ ...json(body, token ? { authorization: `Bearer ${token}` } : {}), method: 'PUT' });

beforeEach(() => {
  app = createApp({ store: new SqliteStore(openDb(':memory:')), rateLimit: { perMinute: 6000, burst: 1000 }, validate: inProcessValidator, summarise: inProcessSummariser(20) });
});

async function create() {
  const r = await app.request('/api/scenarios', json(example));
  expect(r.status).toBe(201);
  return (await r.json()) as { id: string; version: number; shareId: string; editToken: string; url: string };
}

describe('scenario life cycle', () => {
  it('creates with a random URL-safe id of 128 bits and a one-time edit token', async () => {
    const a = await create();
    const b = await create();
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.version).toBe(1);
    expect(a.url).toBe(`/s/${a.shareId}`);
    expect(a.shareId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.shareId).not.toBe(a.id);
    expect(a.editToken.length).toBeGreaterThanOrEqual(43);
    const got = await (await app.request(`/api/scenarios/${a.id}`, auth(a.editToken))).json();
    expect(got.scenario.name).toBe(example.name);
    expect(JSON.stringify(got)).not.toContain(a.editToken);
    expect(got.modelVersion).toBe(MODEL_VERSION);
    expect(got.schemaVersion).toBe(SCENARIO_SCHEMA_ID);
    // The version keeps the summary results computed when it was saved.
    expect(got.results.model).toBe(MODEL_VERSION);
    expect(got.results.runs).toBe(20);
    expect(got.results.total.metrics.accessFailure).toHaveLength(10);
  });

  it('adds versions on PUT, keeps old versions immutable, lists them', async () => {
    const a = await create();
    const r = await app.request(`/api/scenarios/${a.id}`, put({ ...example, name: 'Second' }, a.editToken));
    expect(r.status).toBe(201);
    expect((await r.json()).version).toBe(2);
    expect((await (await app.request(`/api/scenarios/${a.id}/versions/1`, auth(a.editToken))).json()).scenario.name).toBe(example.name);
    expect((await (await app.request(`/api/shared/${a.shareId}`)).json()).scenario.name).toBe(example.name);
    expect((await (await app.request(`/api/scenarios/${a.id}`, auth(a.editToken))).json()).scenario.name).toBe('Second');
    const list = await (await app.request(`/api/scenarios/${a.id}/versions`, auth(a.editToken))).json();
    expect(list.versions.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([[1, example.name], [2, 'Second']]);
    expect(list.versions[0].url).toBe(a.url);
    expect(list.versions[1].url).toBe(`/s/${list.versions[1].shareId}`);
  });

  it('refuses edits without a token (401) or with a wrong one (403) and changes nothing', async () => {
    const a = await create();
    expect((await app.request(`/api/scenarios/${a.id}`, put({ ...example, name: 'Hacked' }))).status).toBe(401);
    const wrong = await app.request(`/api/scenarios/${a.id}`, put({ ...example, name: 'Hacked' }, 'x'.repeat(43)));
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe('forbidden');
    expect((await app.request(`/api/scenarios/${a.id}`, { method: 'DELETE', headers: { authorization: 'Bearer nope' } })).status).toBe(403);
    const list = await (await app.request(`/api/scenarios/${a.id}/versions`, auth(a.editToken))).json();
    expect(list.versions).toHaveLength(1);
  });

  it('deletes with the token: the API answers 410 and the share link says so plainly', async () => {
    const a = await create();
    expect((await app.request(`/api/scenarios/${a.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${a.editToken}` } })).status).toBe(204);
    const r = await app.request(`/api/shared/${a.shareId}`);
    expect(r.status).toBe(410);
    expect((await r.json()).error.code).toBe('gone');
    const page = await app.request(a.url);
    expect(page.status).toBe(410);
    expect(await page.text()).toMatch(/withdrawn/);
  });

  it('serves the share link of a version as a read-only presentation with escaped text', async () => {
    const r = await app.request('/api/scenarios', json({ ...example, name: '<script>alert(1)</script> Plan' }));
    const a = await r.json();
    const page = await app.request(a.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; Plan');
    expect(html).toMatch(/GP FTE gap/);
    expect(html).toMatch(/seed 20150401/);
  });

  it('has a health check and no endpoint that lists scenarios', async () => {
    expect(await (await app.request('/api/health')).json()).toEqual({ status: 'ok' });
    const r = await app.request('/api/scenarios');
    expect(r.status).toBe(404);
  });
});

describe('bad input and abuse', () => {
  it('400 with the JSON path for an invalid scenario', async () => {
    const r = await app.request('/api/scenarios', json({ ...example, interventions: [{ type: 'hireAhp', role: 'pharmacist', ftePerYear: -3, maxFte: 2 }] }));
    expect(r.status).toBe(400);
    const e = (await r.json()).error;
    expect(e.code).toBe('invalid_scenario');
    expect(e.path).toBe('interventions[0].ftePerYear');
  });

  it('400 for malformed JSON, 415 for the wrong content type, 413 for a body over 256 KB', async () => {
    expect((await app.request('/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' })).status).toBe(400);
    const r415 = await app.request('/api/scenarios', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(example) });
    expect(r415.status).toBe(415);
    expect((await r415.json()).error.code).toBe('unsupported_media_type');
    const big = { ...example, description: 'x'.repeat(300 * 1024) };
    const r413 = await app.request('/api/scenarios', json(big));
    expect(r413.status).toBe(413);
    expect((await r413.json()).error.code).toBe('payload_too_large');
  });

  it('a bad PUT leaves the stored scenario unchanged', async () => {
    const a = await create();
    const r = await app.request(`/api/scenarios/${a.id}`, put({ ...example, years: 99 }, a.editToken));
    expect(r.status).toBe(400);
    expect((await r.json()).error.path).toBe('years');
    const list = await (await app.request(`/api/scenarios/${a.id}/versions`, auth(a.editToken))).json();
    expect(list.versions).toHaveLength(1);
  });

  it('404 JSON for unknown routes, scenarios and versions', async () => {
    for (const path of ['/api/nothing', '/api/scenarios/AAAAAAAAAAAAAAAAAAAAAA', '/api/scenarios/AAAAAAAAAAAAAAAAAAAAAA/versions/1']) {
      const r = await app.request(path, auth('x'.repeat(43)));
      expect(r.status).toBe(404);
      expect((await r.json()).error.code).toBe('not_found');
    }
    const a = await create();
    expect((await app.request(`/api/scenarios/${a.id}/versions/7`, auth(a.editToken))).status).toBe(404);
    expect((await app.request('/api/shared/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('429 after too many writes from one client', async () => {
    const limited = createApp({ store: new SqliteStore(openDb(':memory:')), rateLimit: { perMinute: 60, burst: 3 }, validate: inProcessValidator, summarise: inProcessSummariser(20) });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await limited.request('/api/scenarios', json(example))).status);
    expect(codes).toEqual([201, 201, 201, 429, 429]);
    expect((await limited.request('/api/health')).status).toBe(200);
  });

  it('sends security headers', async () => {
    const r = await app.request('/api/health');
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(/script-src [^;]*unsafe-inline/.test(csp)).toBe(false);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('model versions and shared results', () => {
  it('migrates a version-1 scenario on save and names what it dropped', async () => {
    const v1 = { ...example, schema: 'capsim/scenario@1', parameters: { 'ae.spill': 0.1, 'workforce.workingDaysPerFte': 220 } };
    const r = await app.request('/api/scenarios', json(v1));
    expect(r.status).toBe(201);
    const body = await r.json();
    expect(body.warnings.map((w: { path: string }) => w.path).slice(0, 3)).toEqual(['schema', 'parameters.ae.spill', 'parameters.workforce.workingDaysPerFte']);
    const got = await (await app.request(`/api/scenarios/${body.id}`, auth(body.editToken))).json();
    expect(got.scenario.parameters).toEqual({ 'workforce.workingDays': 220 });
  });

  it('shows the stored results on the share page, labelled, with a way to recompute', async () => {
    const a = await create();
    const got = await (await app.request(`/api/scenarios/${a.id}`, auth(a.editToken))).json();
    const gap = got.results.total.metrics.gpFteGap.at(-1).p50 as number;
    const page = await (await app.request(a.url)).text();
    expect(page).toContain(`GP FTE gap: ${gap.toFixed(0)} `);
    expect(page).toContain(`Saved ${got.createdAt} under ${MODEL_VERSION}`);
    expect(page).toContain('Recompute with the current model');
  });

  it('shows a version saved before model 2 without results, and offers to recompute', async () => {
    const db = openDb(':memory:');
    const store = new SqliteStore(db);
    const old = createApp({ store, validate: inProcessValidator, summarise: async () => { throw new Error('no summary'); } });
    const a = await (await old.request('/api/scenarios', json(example))).json();
    const page = await (await old.request(a.url)).text();
    expect(page).toContain('No results were stored with this version');
    expect(page).toContain('Recompute with the current model');
  });
});

describe('hardening: share semantics, caching, withdrawal, small items', () => {
  it('shows a share link its own version only: the latest version and the list need the edit token', async () => {
    const a = await create();
    await app.request(`/api/scenarios/${a.id}`, put({ ...example, name: 'Draft, not yet for the board' }, a.editToken));
    expect((await app.request(`/api/scenarios/${a.id}`)).status).toBe(401);
    expect((await app.request(`/api/scenarios/${a.id}/versions`)).status).toBe(401);
    expect((await app.request(`/api/scenarios/${a.id}`, auth('y'.repeat(43)))).status).toBe(403);
    const v1 = await app.request(`/api/shared/${a.shareId}`);
    expect((await v1.json()).scenario.name).toBe(example.name);
    expect((await (await app.request(`/api/scenarios/${a.id}`, auth(a.editToken))).json()).scenario.name).toBe('Draft, not yet for the board');
  });

  it('caches versions briefly with revalidation, so a withdrawal reaches viewers, and keeps only a tombstone', async () => {
    const db = openDb(':memory:');
    const local = createApp({ store: new SqliteStore(db), validate: inProcessValidator, summarise: inProcessSummariser(5) });
    const a = await (await local.request('/api/scenarios', json(example))).json();
    const r = await local.request(`/api/shared/${a.shareId}`);
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect((await local.request(a.url)).headers.get('cache-control')).toBe('no-cache');
    expect((await local.request(`/api/scenarios/${a.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${a.editToken}` } })).status).toBe(204);
    const row = db.prepare('SELECT body, name, results FROM versions WHERE scenario_id = ?').get(a.id) as { body: string; name: string; results: string | null };
    expect(row).toEqual({ body: '{}', name: '', results: null });
  });

  it('reads only plainly written version numbers', async () => {
    const a = await create();
    for (const v of ['%201', '1e0', '0x1', '01', '1.0', '-1']) expect((await app.request(`/api/scenarios/${a.id}/versions/${v}`, auth(a.editToken))).status, v).toBe(404);
    expect((await app.request(`/s/${a.id}/1e0`)).status).toBe(404);
  });

  it('treats only application/json as JSON', async () => {
    const r = await app.request('/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json-patch+json' }, body: JSON.stringify(example) });
    expect(r.status).toBe(415);
    expect((await app.request('/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(example) })).status).toBe(201);
  });

  it('keys the write limit on X-Forwarded-For only when told to trust the proxy', async () => {
    const make = (trustProxy: number) => createApp({ store: new SqliteStore(openDb(':memory:')), rateLimit: { perMinute: 60, burst: 1, trustProxy }, validate: inProcessValidator, summarise: inProcessSummariser(5) });
    const from = (ip: string) => json(example, { 'x-forwarded-for': `${ip}, 10.0.0.1` });
    // Behind two proxies the client is the second entry from the right.
    const trusted = make(2);
    expect((await trusted.request('/api/scenarios', from('1.1.1.1'))).status).toBe(201);
    expect((await trusted.request('/api/scenarios', from('2.2.2.2'))).status).toBe(201);
    expect((await trusted.request('/api/scenarios', from('1.1.1.1'))).status).toBe(429);
    const plain = make(0);
    expect((await plain.request('/api/scenarios', from('1.1.1.1'))).status).toBe(201);
    expect((await plain.request('/api/scenarios', from('2.2.2.2'))).status).toBe(429);
  });

  it('answers 507 when the disk is full; health probes with a real write and recovers when the disk is freed', async () => {
    let t = 0;
    const store = new SqliteStore(openDb(':memory:'), () => new Date(t));
    const diskFull = () => { throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }); };
    const full = Object.assign(Object.create(store) as SqliteStore, { create: diskFull, probeWrite: diskFull });
    const local = createApp({ store: full, validate: inProcessValidator, summarise: inProcessSummariser(5) });
    const r = await local.request('/api/scenarios', json(example));
    expect(r.status).toBe(507);
    expect((await r.json()).error.code).toBe('insufficient_storage');
    const h = await local.request('/api/health');
    expect(h.status).toBe(503);
    expect((await h.json()).database).toMatch(/disk is full/);
    // The disk is freed: the next probe (after the half-second the answer is reused) writes, with no save needed.
    Object.assign(full, { probeWrite: SqliteStore.prototype['probeWrite' as keyof SqliteStore] });
    expect((await local.request('/api/health')).status).toBe(503);
    t += 600;
    expect((await local.request('/api/health')).status).toBe(200);
  });

  it('refuses a database path that is empty or a folder, naming it, and says when it creates one', () => {
    expect(() => openDb('')).toThrow(/CAPSIM_DB is empty/);
    const dir = mkdtempSync(join(tmpdir(), 'capsim-dbdir-'));
    expect(() => openDb(dir)).toThrow(new RegExp(`${dir} is a folder`));
    const created: string[] = [];
    openDb(join(dir, 'new.db'), { onCreate: (p) => created.push(p) }).close();
    openDb(join(dir, 'new.db'), { onCreate: (p) => created.push(p) }).close();
    expect(created).toEqual([join(dir, 'new.db')]);
  });

  it('answers unknown non-API paths with 404, not the app page', async () => {
    const web = mkdtempSync(join(tmpdir(), 'capsim-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>capsim</title>');
    const local = createApp({ store: new SqliteStore(openDb(':memory:')), webRoot: web, validate: inProcessValidator, summarise: inProcessSummariser(5) });
    for (const p of ['/', '/compare', '/methodology']) expect((await local.request(p, { headers: { accept: 'text/html' } })).status, p).toBe(200);
    expect((await local.request('/no-such-page', { headers: { accept: 'text/html' } })).status).toBe(404);
  });
});
