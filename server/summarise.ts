/**
 * The summary results stored with each saved version (what a board is shown): the scenario's own runs and
 * seed (at most SAVED_RUNS), the numbers the planner saw in the workspace, computed when the version is
 * saved, in a worker thread so no request waits on the event loop.
 */
import { canonicalJson, runScenario, type Scenario, type ScenarioResult } from '../engine/index.ts';
import { PoolRunner } from '../node/pool.ts';
import { BASELINES } from '../scenarios/baselines.ts';

export const SAVED_RUNS = 10_000;
export type Summarise = (s: Scenario) => Promise<ScenarioResult>;

/** In this thread: for tests and small scenarios only (it blocks the event loop while it runs). */
export const inProcessSummariser = (runs = SAVED_RUNS): Summarise => async (s) => runScenario(s, BASELINES[s.baseline]!, { runs: Math.min(runs, s.runs) });

/** In one worker thread, one job at a time, with a time limit per job. */
export function workerSummariser(runs = SAVED_RUNS, timeoutMs = 60_000): Summarise & { close(): Promise<void> } {
  let runner: PoolRunner | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const run: Summarise = (s) => {
    const job = queue.then(async () => {
      runner ??= new PoolRunner(1);
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), timeoutMs);
      try {
        const work = runner.runWhole(0, [s], BASELINES[s.baseline]!, { runs: Math.min(runs, s.runs), seed: s.seed, signal: ac.signal });
        const timeout = new Promise<never>((_, reject) => ac.signal.addEventListener('abort', () => reject(new Error(`summary took over ${timeoutMs} ms`))));
        const r = await Promise.race([work, timeout]);
        return r.results[0]!;
      } catch (e) {
        // A stuck worker is replaced rather than reused.
        await runner?.close();
        runner = null;
        throw e;
      } finally {
        clearTimeout(timer);
      }
    });
    queue = job.catch(() => undefined);
    return job;
  };
  return Object.assign(run, { close: async () => { await runner?.close(); runner = null; } });
}

/**
 * Saves that change only words (name, description, rationale, labels) reuse the numbers of the same
 * model inputs: the last 100 summaries are kept by the scenario's inputs.
 */
export function cachedSummariser(inner: Summarise, size = 100): Summarise {
  const cache = new Map<string, Promise<ScenarioResult>>();
  return async (s) => {
    const key = canonicalJson({ ...s, name: '', description: '', rationale: {}, interventions: s.interventions.map((iv) => ({ ...iv, label: '', rationale: '' })) });
    let p = cache.get(key);
    if (!p) {
      p = inner(s);
      cache.set(key, p);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      p.catch(() => cache.delete(key));
    }
    return p;
  };
}

const compacted = new WeakMap<ScenarioResult, string>();

/**
 * Results rounded to 6 significant digits, without the scenario's name (the version has it): what is stored
 * and served. Saves that reuse a cached summary reuse its text too.
 */
export function compactResults(r: ScenarioResult): string {
  let text = compacted.get(r);
  if (text === undefined) {
    text = JSON.stringify(r, (k, v: unknown) => (k === 'scenario' && v === r.scenario ? undefined : typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v));
    compacted.set(r, text);
  }
  return text;
}
