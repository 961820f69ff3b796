// Hardening, third round (issue 32): bounded saves and reads, baselines checked off the event loop, a content
// key that is the content, quotas, and a store that notices truncation. Each test fails on e1bcbf0. The wide
// baselines are SYNTHETIC (test/server/wide-baseline.ts).
import { mkdtempSync, readFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { baselineKey, canonicalJson, type Baseline } from '../../engine/index.ts';
import { MAX_JSON_DEPTH } from '../../engine/internal.ts';
import { createApp } from '../../server/app.ts';
import { inProcessSummariser, workerSummariser } from '../../server/summarise.ts';
import { inProcessValidator, type Validate } from '../../server/validate.ts';
import { MAX_STORED_LOCALITIES } from '../../node/summary.ts';
import { TimeoutError, WorkerLane } from '../../node/lane.ts';
import type { ValidateApi } from '../../node/validate-entry.ts';
import type { Remote } from 'comlink';
import { openDb } from '../../store/db.ts';
import { SqliteStore } from '../../store/store.ts';
import { wideBaseline } from './wide-baseline.ts';

const example = JSON.parse(readFileSync(new URL('../../scenarios/examples/do-nothing.json', import.meta.url), 'utf8'));
const post = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
const memoryStore = () => new SqliteStore(openDb(':memory:'));
const quick = (store: SqliteStore, extra: Partial<Parameters<typeof createApp>[0]> = {}) =>
  createApp({ store, rateLimit: { perMinute: 1e6, burst: 1e6 }, readLimit: { perMinute: 1e6, burst: 1e6 }, validate: inProcessValidator, summarise: inProcessSummariser(1), ...extra });

describe('bounded saves and reads', () => {
  it('stores results for at most 60 localities (the largest), with the total over all and the version saying so', async () => {
    const wide = wideBaseline(150);
    const store = memoryStore();
    const app = quick(store);
    const { key } = await (await app.request('/api/baselines', post(wide))).json();
    const saved = await app.request('/api/scenarios', post({ ...example, baseline: key, years: 2, runs: 3 }));
    expect(saved.status).toBe(201);
    const v = await (await app.request(`/api/shared/${(await saved.json()).shareId}`)).json();
    expect(v.results.localities).toHaveLength(MAX_STORED_LOCALITIES);
    expect(v.resultsNote).toMatch(/60 largest of its 150 localities/);
    const popOf = new Map(wide.practices.map((p) => [p.locality, p.list.reduce((a, n) => a + n, 0)]));
    const kept = new Set(v.results.localities.map((l: { id: string }) => l.id));
    // Every locality left out is no larger than the smallest kept.
    const keptPops = [...popOf].filter(([id]) => kept.has(id)).map(([, n]) => n);
    const leftPops = [...popOf].filter(([id]) => !kept.has(id)).map(([, n]) => n);
    expect(keptPops).toHaveLength(MAX_STORED_LOCALITIES);
    expect(Math.min(...keptPops)).toBeGreaterThanOrEqual(Math.max(...leftPops));
    expect(v.results.total.start.population).toBeCloseTo([...popOf.values()].reduce((a, n) => a + n, 0), 0);
  });

  it('stops a summary that outgrows its worker heap, stores the version without results, and says why', async () => {
    const wide = wideBaseline(3000);
    const summarise = workerSummariser({ heapMb: 48, timeoutMs: 120_000 });
    try {
      const store = memoryStore();
      const app = quick(store, { summarise });
      const { key } = await (await app.request('/api/baselines', post(wide))).json();
      const saved = await app.request('/api/scenarios', post({ ...example, baseline: key, runs: 2 }));
      expect(saved.status).toBe(201);
      const v = await (await app.request(`/api/shared/${(await saved.json()).shareId}`)).json();
      expect(v.results).toBeNull();
      expect(v.resultsNote).toMatch(/more memory than the server allows per save \(48 MB\)/);
      // The lane replaced its dead worker: a small save still gets results.
      const small = await app.request('/api/scenarios', post({ ...example, years: 1, runs: 2 }));
      expect((await (await app.request(`/api/shared/${(await small.json()).shareId}`)).json()).results.runs).toBe(2);
    } finally {
      await summarise.close();
    }
  }, 240_000);

  it('limits reads per client, in a bucket of their own; health is never limited', async () => {
    const app = quick(memoryStore(), { rateLimit: { perMinute: 1e6, burst: 1e6, trustProxy: 1 }, readLimit: { perMinute: 1, burst: 3, trustProxy: 1 } });
    const path = '/api/shared/AAAAAAAAAAAAAAAAAAAAAA';
    for (let i = 0; i < 3; i++) expect((await app.request(path, from('1.1.1.1'))).status).toBe(404);
    const limited = await app.request(path, from('1.1.1.1'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('rate_limited');
    expect((await app.request(path, from('2.2.2.2'))).status).toBe(404);
    expect((await app.request('/s/AAAAAAAAAAAAAAAAAAAAAA', from('1.1.1.1'))).status).toBe(429);
    for (let i = 0; i < 10; i++) expect((await app.request('/api/health', from('1.1.1.1'))).status).toBe(200);
    // Writes keep their own bucket.
    expect((await app.request('/api/scenarios', post(example, { 'x-forwarded-for': '1.1.1.1' }))).status).toBe(201);
  });
});

describe('baselines: checked off the event loop, keyed by their whole content, within quotas', () => {
  it('hands the body to the validator as text (never parsed on the event loop) and refuses deep nesting naming the place', async () => {
    const seen: unknown[] = [];
    const spy: Validate = Object.assign(inProcessValidator.bind(null), { baseline: async (text: string) => { seen.push(text); return inProcessValidator.baseline!(text); } });
    const app = quick(memoryStore(), { validate: spy });
    const deep = `{"schema":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const r = await app.request('/api/baselines', post(deep));
    expect(r.status).toBe(400);
    const e = (await r.json()).error;
    expect(e.code).toBe('invalid_json');
    expect(e.message).toContain(`nested more than ${MAX_JSON_DEPTH} levels deep at line 1, column ${10 + MAX_JSON_DEPTH}`);
    expect(typeof seen[0]).toBe('string');
    // A scenario body is bounded the same way.
    const s = await app.request('/api/scenarios', post(`{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`));
    expect(s.status).toBe(400);
    expect((await s.json()).error.message).toMatch(/nested more than 64 levels/);
  });

  it('keys a baseline by the full SHA-256 of its canonical content, and compares content on a key it holds', async () => {
    const b = wideBaseline(3);
    const store = memoryStore();
    const app = quick(store);
    const key = baselineKey(b);
    expect(key).toMatch(/^synthetic-wide@[0-9a-f]{64}$/);
    // A poisoned body planted under the honest key (as a 48-bit collision once could): the honest upload is refused, and the stored body kept.
    const poisoned = canonicalJson({ ...b, practices: b.practices.map((p) => ({ ...p, fte: { ...p.fte, gp: p.fte.gp / 2 } })) });
    store.putBaseline(key, poisoned);
    const r = await app.request('/api/baselines', post(b));
    expect(r.status).toBe(409);
    expect((await r.json()).error.message).toMatch(/a different baseline is already stored under synthetic-wide@[0-9a-f]{12}…; nothing was changed/);
    expect(store.baseline(key)).toBe(poisoned);
    // On a clean store the same body is stored once, canonical, and a second upload is a 200 that changes nothing.
    const clean = quick(memoryStore());
    expect((await clean.request('/api/baselines', post(b))).status).toBe(201);
    expect((await clean.request('/api/baselines', post({ ...b }))).status).toBe(200);
    const back = (await (await clean.request(`/api/baselines/${key}`)).json()) as Baseline;
    expect(baselineKey(back)).toBe(key);
  });

  it('keeps a quota per client and a cap for all, with clear 4xx answers that store nothing', async () => {
    const store = memoryStore();
    const one = wideBaseline(40, 'q-one'), two = wideBaseline(40, 'q-two'), three = wideBaseline(40, 'q-three');
    const size = canonicalJson(one).length;
    const app = quick(store, { rateLimit: { perMinute: 1e6, burst: 1e6, trustProxy: 1 }, baselineQuota: { perClientBytesPerHour: size * 1.5, maxTotalBytes: size * 2.5, trustProxy: 1 } });
    const as = (ip: string, b: Baseline) => app.request('/api/baselines', post(b, { 'x-forwarded-for': ip }));
    expect((await as('1.1.1.1', one)).status).toBe(201);
    const over = await as('1.1.1.1', two);
    expect(over.status).toBe(429);
    expect((await over.json()).error.code).toBe('baseline_quota');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // A second client has its own quota; the one already stored is re-sent free.
    expect((await as('2.2.2.2', two)).status).toBe(201);
    expect((await as('1.1.1.1', one)).status).toBe(200);
    const full = await as('3.3.3.3', three);
    expect(full.status).toBe(507);
    expect((await full.json()).error.message).toMatch(/stores at most .* MB of baselines/);
    expect(store.baselineBytes()).toBe(2 * size);
    expect(store.baseline(baselineKey(three))).toBeNull();
  });

  it('removes stored baselines no version names (older than asked), keeping those a scenario uses', async () => {
    let t = Date.parse('2026-01-01');
    const store = new SqliteStore(openDb(':memory:'), () => new Date(t));
    const app = quick(store);
    const used = wideBaseline(2, 'used'), unused = wideBaseline(2, 'unused');
    const usedKey = (await (await app.request('/api/baselines', post(used))).json()).key;
    const unusedKey = (await (await app.request('/api/baselines', post(unused))).json()).key;
    expect((await app.request('/api/scenarios', post({ ...example, baseline: usedKey, years: 1, runs: 1 }))).status).toBe(201);
    t += 3 * 86_400_000;
    const fresh = wideBaseline(2, 'fresh');
    await app.request('/api/baselines', post(fresh));
    const r = store.pruneBaselines(new Date(t - 86_400_000));
    expect(r.removed).toEqual([unusedKey]);
    expect(r.bytes).toBe(canonicalJson(unused).length);
    expect(store.baseline(usedKey)).not.toBeNull();
    expect(store.baseline(baselineKey(fresh))).not.toBeNull();
  });
});

describe('worker lanes', () => {
  it('try a job that overran once more on a fresh worker before refusing it', async () => {
    const lane = new WorkerLane<ValidateApi>('validate-entry.ts');
    try {
      let attempts = 0;
      // The first attempt stands for a loaded machine's stall; the second runs normally.
      const job = (api: Remote<ValidateApi>): Promise<{ ok: boolean }> => (++attempts === 1 ? new Promise<never>(() => {}) : api.validate(example) as Promise<{ ok: boolean }>);
      const ok = await lane.run(job, { timeoutMs: 3000, retries: 1 });
      expect(attempts).toBe(2);
      expect(ok.ok).toBe(true);
      attempts = 0;
      await expect(lane.run(job, { timeoutMs: 3000 })).rejects.toBeInstanceOf(TimeoutError);
      expect(attempts).toBe(1);
    } finally {
      await lane.close();
    }
  }, 60_000);
});

describe('the store notices what happens to its file', () => {
  it('refuses writes once the live file is truncated in place (same inode), and health says so', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'capsim-trunc-')), 'capsim.db');
    const store = new SqliteStore(openDb(file));
    const app = quick(store);
    expect((await app.request('/api/scenarios', post({ ...example, years: 1, runs: 1 }))).status).toBe(201);
    (store as unknown as { db: Database.Database }).db.pragma('wal_checkpoint(TRUNCATE)');
    truncateSync(file, 0);
    const r = await app.request('/api/scenarios', post({ ...example, years: 1, runs: 1 }));
    expect(r.status).toBe(503);
    expect((await r.json()).error.message).toMatch(/truncated or overwritten \(0 bytes/);
    const h = await app.request('/api/health');
    expect(h.status).toBe(503);
    expect((await h.json()).database).toMatch(/truncated/);
  });

  it('answers a write during another process\'s write lock with 503 and Retry-After, at once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'capsim-busy-')), 'capsim.db');
    const app = quick(new SqliteStore(openDb(file)));
    const other = new Database(file);
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      const r = await app.request('/api/scenarios', post({ ...example, years: 1, runs: 1 }));
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('2');
      expect((await r.json()).error.code).toBe('storage_busy');
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    expect((await app.request('/api/scenarios', post({ ...example, years: 1, runs: 1 }))).status).toBe(201);
  });

  it('reports a full disk in health before any write fails', async () => {
    const store = memoryStore();
    const nearlyFull = Object.assign(Object.create(store) as SqliteStore, { freeBytes: () => 5 * 1024 * 1024 });
    const h = await quick(nearlyFull).request('/api/health');
    expect(h.status).toBe(503);
    expect((await h.json()).database).toMatch(/disk holding the database is full \(5 MB free/);
  });
});
