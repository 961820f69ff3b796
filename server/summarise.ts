/**
 * The summary results stored with each saved version (what a board is shown): the scenario's own runs and
 * seed, the numbers the planner saw in the workspace, computed when the version is saved, in worker threads
 * so no request waits on the event loop.
 *
 * Each save's work is bounded: at most SAVED_RUNS runs, and at most SAVED_WORK practice-months of runs
 * (runs x months x practices); a scenario beyond it is summarised on fewer runs, and its version says so.
 * Small saves have a lane of their own, so a heavy save never holds them up.
 */
import type { Remote } from 'comlink';
import { canonicalJson, type Baseline, type Scenario } from '../engine/index.ts';
import { TimeoutError, WorkerExitError, WorkerLane } from '../node/lane.ts';
import { MAX_STORED_LOCALITIES, storedSummary } from '../node/summary.ts';
import type { SummaryApi } from '../node/summary-entry.ts';
import { BASELINES } from '../scenarios/baselines.ts';

export const SAVED_RUNS = 10_000;
/** Practice-months of runs a save may cost: Thurrock's 33 practices over 10 years on 5,050 runs; mid and south Essex over 20 years on 443. */
export const SAVED_WORK = 20_000_000;
/** Saves up to this work go in the small lane: Thurrock over 10 years on up to 1,262 runs. */
export const SMALL_WORK = 5_000_000;
/** Heap of each summary worker (MB): a save that needs more is stopped, and its version says so. */
export const SUMMARY_HEAP_MB = 1024;

export interface Summary {
  /** The stored results: compacted JSON text, at most MAX_STORED_LOCALITIES localities (node/summary.ts). */
  text: string;
  /** Said with the version when the summary used fewer runs or localities than the scenario has. */
  note: string | null;
}
/** `b`: the scenario's baseline when it is a stored one (by default the built-in one it names). */
export type Summarise = (s: Scenario, b?: Baseline) => Promise<Summary>;

/** The work of one run of a scenario, in practice-months. */
const workPerRun = (s: Scenario, b: Baseline) => s.years * 12 * b.practices.length;

/** How many runs a save summarises, and what the version says when that is fewer than the scenario's own. */
export function savedRuns(s: Scenario, b: Baseline, maxRuns = SAVED_RUNS, maxWork = SAVED_WORK): { runs: number; work: number; note: string | null } {
  const byWork = Math.max(1, Math.floor(maxWork / workPerRun(s, b)));
  const runs = Math.min(s.runs, maxRuns, byWork);
  const note = runs < s.runs
    ? `summarised on ${runs.toLocaleString('en-GB')} of the scenario's ${s.runs.toLocaleString('en-GB')} runs (the server's limit for a ${s.years}-year scenario on ${b.practices.length} practices); its ranges are a little less precise`
    : null;
  return { runs, work: runs * workPerRun(s, b), note };
}

const notes = (...n: (string | null)[]) => n.filter(Boolean).join('; ') || null;

/** In this thread: for tests and small scenarios only (it blocks the event loop while it runs). */
export const inProcessSummariser = (maxRuns = SAVED_RUNS, maxWork = SAVED_WORK, maxLocalities = MAX_STORED_LOCALITIES): Summarise => async (s, given) => {
  const b = given ?? BASELINES[s.baseline]!;
  const { runs, note } = savedRuns(s, b, maxRuns, maxWork);
  const r = await storedSummary(s, b, runs, maxLocalities);
  return { text: r.text, note: notes(note, r.note) };
};

/**
 * In two worker threads: a lane for small saves and one for the rest, each one job at a time (shortest
 * first) with a time limit per job and a bounded heap. The result is bounded and compacted in the worker,
 * so only its stored text crosses to the server's thread.
 */
export function workerSummariser({ maxRuns = SAVED_RUNS, maxWork = SAVED_WORK, smallWork = SMALL_WORK, timeoutMs = 60_000, heapMb = SUMMARY_HEAP_MB, maxLocalities = MAX_STORED_LOCALITIES } = {}): Summarise & { warm(): Promise<void>; close(): Promise<void> } {
  const limits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 96 };
  const small = new WorkerLane<SummaryApi>('summary-entry.ts', limits);
  const large = new WorkerLane<SummaryApi>('summary-entry.ts', limits);
  const run: Summarise = async (s, given) => {
    const b = given ?? BASELINES[s.baseline]!;
    const { runs, work, note } = savedRuns(s, b, maxRuns, maxWork);
    const lane = work <= smallWork ? small : large;
    const r = await lane.run((api: Remote<SummaryApi>) => api.storedSummary(s, b, runs, maxLocalities), { timeoutMs, cost: work, retries: 1 });
    return { text: r.text, note: notes(note, r.note) };
  };
  return Object.assign(run, {
    warm: async () => { await Promise.all([small.warm(), large.warm()]); },
    close: async () => { await Promise.all([small.close(), large.close()]); },
  });
}

/** Why a version has no stored results, in the share page's words. */
export function failureNote(e: unknown): string {
  if (e instanceof TimeoutError) return `its summary was stopped after ${e.ms >= 1000 ? `${Math.round(e.ms / 1000)} s` : `${e.ms} ms`}, the server's limit per save`;
  if (e instanceof WorkerExitError) return e.why === 'out of memory' ? `its summary needed more memory than the server allows per save (${e.heapMb ?? SUMMARY_HEAP_MB} MB)` : `its summary stopped: ${e.message}`;
  return `its summary failed: ${(e as Error).message}`;
}

/**
 * Saves that change only words (name, description, rationale, labels) reuse the numbers of the same
 * model inputs: the last 100 summaries are kept by the scenario's inputs.
 */
export function cachedSummariser(inner: Summarise, size = 100): Summarise {
  const cache = new Map<string, Promise<Summary>>();
  return async (s, b) => {
    const key = canonicalJson({ ...s, name: '', description: '', rationale: {}, interventions: s.interventions.map((iv) => ({ ...iv, label: '', rationale: '' })) });
    let p = cache.get(key);
    if (!p) {
      p = inner(s, b);
      cache.set(key, p);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      p.catch(() => cache.delete(key));
    }
    return p;
  };
}
