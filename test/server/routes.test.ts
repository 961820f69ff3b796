// Route tests with app.request(): no port. Every bad request leaves what is stored unchanged.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDb } from '../../server/db.ts';
import { SqliteStore } from '../../server/store.ts';
import { inProcessSummariser } from '../../server/summarise.ts';
import { MODEL_VERSION, SCENARIO_SCHEMA_ID } from '../../engine/index.ts';

const example = JSON.parse(readFileSync(new URL('../../scenarios/examples/strategy.json', import.meta.url), 'utf8'));
let app: ReturnType<typeof createApp>;
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const put = (body: unknown, token?: string) => ({ ...json(body, token ? { authorization: `Bearer ${token}` } : {}), method: 'PUT' });

beforeEach(() => {
  app = createApp({ store: new SqliteStore(openDb(':memory:')), rateLimit: { perMinute: 6000, burst: 1000 }, summarise: inProcessSummariser(20) });
});

async function create() {
  const r = await app.request('/api/scenarios', json(example));
  expect(r.status).toBe(201);
  return (await r.json()) as { id: string; version: number; editToken: string; url: string };
}

describe('scenario life cycle', () => {
  it('creates with a random URL-safe id of 128 bits and a one-time edit token', async () => {
    const a = await create();
    const b = await create();
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.version).toBe(1);
    expect(a.url).toBe(`/s/${a.id}/1`);
    expect(a.editToken.length).toBeGreaterThanOrEqual(43);
    const got = await (await app.request(`/api/scenarios/${a.id}`)).json();
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
    expect((await (await app.request(`/api/scenarios/${a.id}/versions/1`)).json()).scenario.name).toBe(example.name);
    expect((await (await app.request(`/api/scenarios/${a.id}`)).json()).scenario.name).toBe('Second');
    const list = await (await app.request(`/api/scenarios/${a.id}/versions`)).json();
    expect(list.versions.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([[1, example.name], [2, 'Second']]);
  });

  it('refuses edits without a token (401) or with a wrong one (403) and changes nothing', async () => {
    const a = await create();
    expect((await app.request(`/api/scenarios/${a.id}`, put({ ...example, name: 'Hacked' }))).status).toBe(401);
    const wrong = await app.request(`/api/scenarios/${a.id}`, put({ ...example, name: 'Hacked' }, 'x'.repeat(43)));
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe('forbidden');
    expect((await app.request(`/api/scenarios/${a.id}`, { method: 'DELETE', headers: { authorization: 'Bearer nope' } })).status).toBe(403);
    const list = await (await app.request(`/api/scenarios/${a.id}/versions`)).json();
    expect(list.versions).toHaveLength(1);
  });

  it('deletes with the token: the API answers 410 and the share link says so plainly', async () => {
    const a = await create();
    expect((await app.request(`/api/scenarios/${a.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${a.editToken}` } })).status).toBe(204);
    const r = await app.request(`/api/scenarios/${a.id}/versions/1`);
    expect(r.status).toBe(410);
    expect((await r.json()).error.code).toBe('gone');
    const page = await app.request(`/s/${a.id}/1`);
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
    const list = await (await app.request(`/api/scenarios/${a.id}/versions`)).json();
    expect(list.versions).toHaveLength(1);
  });

  it('404 JSON for unknown routes, scenarios and versions', async () => {
    for (const path of ['/api/nothing', '/api/scenarios/AAAAAAAAAAAAAAAAAAAAAA', '/api/scenarios/AAAAAAAAAAAAAAAAAAAAAA/versions/1']) {
      const r = await app.request(path);
      expect(r.status).toBe(404);
      expect((await r.json()).error.code).toBe('not_found');
    }
    const a = await create();
    expect((await app.request(`/api/scenarios/${a.id}/versions/7`)).status).toBe(404);
  });

  it('429 after too many writes from one client', async () => {
    const limited = createApp({ store: new SqliteStore(openDb(':memory:')), rateLimit: { perMinute: 60, burst: 3 }, summarise: inProcessSummariser(20) });
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
    expect(body.warnings.map((w: { path: string }) => w.path)).toEqual(['schema', 'parameters.ae.spill', 'parameters.workforce.workingDaysPerFte']);
    const got = await (await app.request(`/api/scenarios/${body.id}`)).json();
    expect(got.scenario.parameters).toEqual({ 'workforce.workingDays': 220 });
  });

  it('shows the stored results on the share page, labelled, with a way to recompute', async () => {
    const a = await create();
    const got = await (await app.request(`/api/scenarios/${a.id}`)).json();
    const gap = got.results.total.metrics.gpFteGap.at(-1).p50 as number;
    const page = await (await app.request(a.url)).text();
    expect(page).toContain(`GP FTE gap: ${gap.toFixed(0)} `);
    expect(page).toContain(`Saved ${got.createdAt} under ${MODEL_VERSION}`);
    expect(page).toContain('Recompute with the current model');
  });

  it('shows a version saved before model 2 without results, and offers to recompute', async () => {
    const db = openDb(':memory:');
    const store = new SqliteStore(db);
    const old = createApp({ store, summarise: async () => { throw new Error('no summary'); } });
    const a = await (await old.request('/api/scenarios', json(example))).json();
    const page = await (await old.request(a.url)).text();
    expect(page).toContain('No results were stored with this version');
    expect(page).toContain('Recompute with the current model');
  });
});
