// Issue 22: a shared scenario on an imported baseline stores that baseline once, by content. The baseline is
// built from the SYNTHETIC files of test/fixtures/nhs.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baselineKey, type Baseline } from '../../engine/index.ts';
import { createApp } from '../../server/app.ts';
import { inProcessSummariser } from '../../server/summarise.ts';
import { inProcessValidator } from '../../server/validate.ts';
import { openDb } from '../../store/db.ts';
import { SqliteStore } from '../../store/store.ts';
import { fixtureBaseline } from '../nhs/fixture-baseline.ts';

let baseline: Baseline;
let store: SqliteStore;
let app: ReturnType<typeof createApp>;
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const count = () => (store as unknown as { db: { prepare(s: string): { get(): { n: number } } } }).db.prepare('SELECT COUNT(*) AS n FROM baselines').get().n;

beforeAll(async () => {
  baseline = await fixtureBaseline();
});
beforeEach(() => {
  store = new SqliteStore(openDb(':memory:'));
  app = createApp({ store, rateLimit: { perMinute: 6000, burst: 1000 }, validate: inProcessValidator, summarise: inProcessSummariser(20) });
});

describe('/api/baselines', () => {
  it('stores a baseline once under its content key and serves it back exactly, cacheable for ever', async () => {
    const key = baselineKey(baseline);
    const a = await app.request('/api/baselines', json(baseline));
    expect(a.status).toBe(201);
    expect(await a.json()).toEqual({ key, url: `/api/baselines/${encodeURIComponent(key)}` });
    const b = await app.request('/api/baselines', json(baseline));
    expect(b.status).toBe(200);
    expect(count()).toBe(1);
    const got = await app.request(`/api/baselines/${encodeURIComponent(key)}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('cache-control')).toMatch(/immutable/);
    const back = (await got.json()) as Baseline;
    expect(baselineKey(back)).toBe(key);
    expect((await app.request('/api/baselines/nope@0123456789ab')).status).toBe(404);
  });

  it('refuses a bad baseline with the field and the reason, and stores nothing', async () => {
    const bad = { ...baseline, practices: [{ ...baseline.practices[0]!, list: [1, 2, 3] }] };
    const r = await app.request('/api/baselines', json(bad));
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; path: string; message: string } };
    expect(body.error.code).toBe('invalid_baseline');
    expect(body.error.path).toBe('practices[0].list');
    expect((await app.request('/api/baselines', json('{"schema":'))).status).toBe(400);
    expect((await app.request('/api/baselines', json({ ...baseline, id: 'thurrock' }))).status).toBe(400);
    expect(count()).toBe(0);
  });

  it('takes baselines bigger than a scenario body may be', async () => {
    const big = { ...baseline, notes: ['x'.repeat(400_000)] };
    expect((await app.request('/api/baselines', json(big))).status).toBe(201);
    expect((await app.request('/api/scenarios', json({ name: 'x'.repeat(300_000), baseline: 'thurrock' }))).status).toBe(413);
  });
});

describe('a scenario on a stored baseline', () => {
  it('is refused until its baseline is stored, then saved, summarised and shared with the baseline it ran on', async () => {
    const key = baselineKey(baseline);
    const scenario = { name: 'Doing nothing in A0A', baseline: key, years: 2, runs: 20 };
    const refused = await app.request('/api/scenarios', json(scenario));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unknown_baseline');
    await app.request('/api/baselines', json(baseline));
    const ok = await app.request('/api/scenarios', json(scenario));
    expect(ok.status).toBe(201);
    const { shareId } = (await ok.json()) as { shareId: string };
    const shared = (await (await app.request(`/api/shared/${shareId}`)).json()) as { scenario: { baseline: string; start: string }; results: { localities: { id: string }[] } | null };
    expect(shared.scenario.baseline).toBe(key);
    expect(shared.scenario.start).toBe('2026-04');
    expect(shared.results!.localities.map((l) => l.id).sort()).toEqual(baseline.localities.map((l) => l.id).sort());
  });
});
