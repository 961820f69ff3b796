// Fuzz: random JSON and random mutations of the examples at loadScenario, the API and the CLI. No throw,
// no 500, no stack trace, nothing stored on failure, every error names a path, no case hangs (30 s: the
// speed itself is measured by npm run bench). Formula-heavy valid scenarios (synthetic) go to a real server
// while /api/health is timed.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Io } from '../cli/io.ts';
import { runCli } from '../cli/program.ts';
import { loadScenario, runDeterministic } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.ts';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/store.ts';
import { inProcessSummariser, workerSummariser } from '../server/summarise.ts';
import { inProcessValidator, workerValidator } from '../server/validate.ts';
import { formulaHeavy } from './server/fixtures.ts';

const dir = new URL('../scenarios/examples/', import.meta.url);
const examples = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as unknown);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** Replace the value at a random path of `doc` (chosen by `pick`) with `value`. */
function mutate(doc: unknown, pick: number[], value: unknown): unknown {
  const copy = structuredClone(doc) as Json;
  let node: Json = copy;
  for (const n of pick) {
    if (node === null || typeof node !== 'object') break;
    const keys = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    if (keys.length === 0) break;
    const k = keys[n % keys.length]!;
    const child: Json = (node as Record<string | number, Json>)[k]!;
    if (child === null || typeof child !== 'object' || n % 3 === 0) {
      (node as Record<string | number, unknown>)[k] = value;
      return copy;
    }
    node = child;
  }
  return copy;
}
const WEIRD = fc.oneof(fc.jsonValue(), fc.constantFrom('__proto__', 'constructor', 'toString', '', '1e999', 'NaN', '0.5 + year', 'sqrt(-1)', -1, 1e308, 0, 2 ** 53));
const mutation = fc.tuple(fc.constantFrom(...examples), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), WEIRD).map(([d, p, v]) => mutate(d, p, v));
const input = fc.oneof(fc.jsonValue(), mutation);
/** A hang catcher, not a speed test. */
const noHang = <T>(f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  expect(performance.now() - t0).toBeLessThan(30_000);
  return r;
};

describe('fuzz', () => {
  it('loadScenario never throws; errors name paths; what loads runs to finite numbers', () => {
    fc.assert(fc.property(input, (doc) => {
      const r = noHang(() => loadScenario(doc, BASELINES));
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) expect(e.path.length).toBeGreaterThan(0);
        return;
      }
      const res = noHang(() => runDeterministic({ ...r.value, years: Math.min(r.value.years, 3) }, BASELINES[r.value.baseline]!));
      for (const s of res.total.metrics.gpFteGap) expect(Number.isFinite(s.mean)).toBe(true);
    }), { numRuns: 300 });
  });

  it('the API answers every body with a JSON 201 or 4xx and stores nothing on failure', async () => {
    const store = new SqliteStore(openDb(':memory:'));
    const app = createApp({ store, rateLimit: { perMinute: 1e6, burst: 1e6 }, validate: inProcessValidator, summarise: inProcessSummariser(2) });
    const count = () => [...store.all()].length;
    await fc.assert(fc.asyncProperty(input, async (doc) => {
      const before = count();
      const t0 = performance.now();
      const r = await app.request('/api/scenarios', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
      expect(performance.now() - t0).toBeLessThan(30_000);
      expect([201, 400, 413]).toContain(r.status);
      const body = await r.json();
      if (r.status === 201) expect(count()).toBe(before + 1);
      else {
        expect(count()).toBe(before);
        expect(typeof body.error.message).toBe('string');
        if (r.status === 400 && body.error.code === 'invalid_scenario') expect(body.error.path.length).toBeGreaterThan(0);
      }
    }), { numRuns: 150 });
  });

  it('POST /api/baselines answers every body (mutated baselines, random JSON, deep nesting) with a JSON 201, 200 or 4xx and stores nothing on failure', async () => {
    const store = new SqliteStore(openDb(':memory:'));
    const app = createApp({ store, rateLimit: { perMinute: 1e6, burst: 1e6 }, baselineQuota: { perClientBytesPerHour: 1e12, maxTotalBytes: 1e12 }, validate: inProcessValidator, summarise: inProcessSummariser(2) });
    // A small SYNTHETIC baseline (one Thurrock practice per locality) keeps each case quick.
    const small = { ...BASELINES.thurrock!, id: 'fuzz', practices: BASELINES.thurrock!.localities.map((l, i) => ({ ...BASELINES.thurrock!.practices.find((p) => p.locality === l.id)!, code: `Z${i}` })) };
    const count = () => (store as unknown as { db: { prepare(q: string): { get(): { n: number } } } }).db.prepare('SELECT COUNT(*) AS n FROM baselines').get().n;
    const deep = fc.integer({ min: 60, max: 5000 }).map((n) => `{"id":${'['.repeat(n)}${']'.repeat(n)}}`);
    const body = fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), WEIRD).map(([p, v]) => JSON.stringify(mutate(small, p, v))), deep, fc.constant(JSON.stringify(small)));
    await fc.assert(fc.asyncProperty(body, async (text) => {
      const before = count();
      const r = await app.request('/api/baselines', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      expect([200, 201, 400, 413]).toContain(r.status);
      const answer = await r.json();
      if (r.status === 201) expect(count()).toBe(before + 1);
      else expect(count()).toBe(before);
      if (r.status >= 400) {
        expect(typeof answer.error.message).toBe('string');
        expect(answer.error.message).not.toMatch(/\n\s+at /);
        if (answer.error.code === 'invalid_baseline') expect(answer.error.path.length).toBeGreaterThan(0);
      } else expect(answer.key).toMatch(/@[0-9a-f]{64}$/);
    }), { numRuns: 150 });
  });

  it('the CLI validates every file with exit 0 or 2, naming the path, never a stack trace', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'capsim-fuzz-'));
    await fc.assert(fc.asyncProperty(input, async (doc) => {
      const file = join(tmp, 'case.json');
      writeFileSync(file, JSON.stringify(doc));
      let out = '', err = '';
      const io: Io = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), stderrIsTTY: false };
      const t0 = performance.now();
      const code = await runCli(['validate', file], io);
      expect(performance.now() - t0).toBeLessThan(30_000);
      expect([0, 2]).toContain(code);
      expect(err).not.toMatch(/\n\s+at /);
      if (code === 2) expect(err).toMatch(new RegExp(`${file}: \\S+: `));
      else expect(out).toContain(': ok');
    }), { numRuns: 150 });
  });

  it('formula-heavy valid scenarios at a real server: all stored, and /api/health answers at once throughout', async () => {
    const validate = workerValidator(20_000);
    const summarise = workerSummariser({ maxRuns: 5, timeoutMs: 60_000 });
    const store = new SqliteStore(openDb(':memory:'));
    const app = createApp({ store, rateLimit: { perMinute: 1e6, burst: 1e6 }, validate, summarise });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)); });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const times: number[] = [];
    let posting = true;
    const poll = (async () => {
      while (posting) {
        const t0 = performance.now();
        const r = await fetch(`${base}/api/health`);
        times.push(performance.now() - t0);
        expect(r.status).toBe(200);
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 100, max: 1000 }), fc.integer({ min: 1, max: 20 }), async (count, chars, years) => {
        const r = await fetch(`${base}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(formulaHeavy(count, chars, years)) });
        expect(r.status).toBe(201);
      }), { numRuns: 12 });
    } finally {
      posting = false;
      await poll;
      server.close();
      await validate.close();
      await summarise.close();
    }
    times.sort((a, b) => a - b);
    expect(times.length).toBeGreaterThan(12);
    // A hang catcher only: nothing blocked the loop for the second or more that validating on it took (the
    // 100 ms target at the 95th percentile is measured by npm run bench:server, not asserted on a shared machine).
    expect(times.at(-1)!).toBeLessThan(1000);
  }, 120_000);
});
