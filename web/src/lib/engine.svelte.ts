/**
 * The only module that talks to the engine workers (comlink). A preview worker answers the deterministic
 * run at once; a pool of workers runs the Monte Carlo in blocks. Each update has a request id: a newer
 * update cancels the older one between blocks, and only the latest results are applied.
 */
import { proxy, wrap, type Remote } from 'comlink';
import { JobCancelled, jobBlocks, movingBlocks, runJob, type Comparison, type Outcome, type Scenario, type ScenarioResult, type SolveOptions } from '../../../engine/core.ts';
import type { EngineApi } from '../../../engine/worker.ts';
import { baselineOf } from './area-baselines.svelte.ts';

/** The most Monte Carlo runs the browser will do for one scenario (the command line does up to 100,000). */
export const BROWSER_RUNS = 10_000;
/**
 * Progressive bands: once the first EARLY_RUNS runs are in, their ranges are shown (labelled as such) while
 * the rest run, so a planner sees a range within a second of an edit. The final bands are those of all the
 * runs, the same as the command line's.
 */
export const EARLY_RUNS = 100;

const newWorker = () => new Worker(new URL('../../../engine/worker.ts', import.meta.url), { type: 'module' });
const spawn = () => wrap<EngineApi>(newWorker());

/**
 * One set of workers for the whole page (workspace, Compare, board view): a preview worker, and a pool for
 * the Monte Carlo started once the preview worker has loaded, so the worker script crosses the network
 * once and later views start without waiting for workers.
 */
const POOL_SIZE = Math.max(2, Math.min(4, (globalThis.navigator?.hardwareConcurrency || 2)));
let shared: { preview: Remote<EngineApi>; pool: Promise<Remote<EngineApi>[]> } | null = null;
function workers() {
  if (!shared) {
    const preview = spawn();
    shared = { preview, pool: preview.ready().then(() => Array.from({ length: POOL_SIZE }, spawn)) };
  }
  return shared;
}

/**
 * Long analyses (goal-seek, the waterfall and tornado) run in a worker of their own, so the results keep
 * updating meanwhile; cancelling terminates it (a synchronous search cannot be interrupted otherwise).
 */
export class AnalysisWorker {
  private worker: Worker | null = null;
  private api: Remote<EngineApi> | null = null;

  private start(): Remote<EngineApi> {
    if (!this.api) {
      this.worker = newWorker();
      this.api = wrap<EngineApi>(this.worker);
    }
    return this.api;
  }

  explain(scenario: Scenario, outcome: Outcome) {
    return this.start().explain(scenario, baselineOf(scenario.baseline)!, outcome);
  }

  sensitivity(scenario: Scenario, outcome: Outcome, opts: { top?: number; samples?: number }) {
    return this.start().sensitivity(scenario, baselineOf(scenario.baseline)!, outcome, opts);
  }

  solve(scenario: Scenario, opts: Omit<SolveOptions, 'isCancelled' | 'onProgress'>, onProgress: (n: number) => void) {
    return this.start().solve(scenario, baselineOf(scenario.baseline)!, opts, proxy(onProgress));
  }

  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
  }
}

export class EngineClient {
  preview = $state.raw<ScenarioResult | null>(null);
  bands = $state.raw<ScenarioResult | null>(null);
  others = $state.raw<ScenarioResult[]>([]);
  comparisons = $state.raw<Comparison[]>([]);
  /**
   * When the bands shown are the early ones (the first EARLY_RUNS runs): how many runs they hold and how
   * many are coming; null when the bands are complete or not yet in.
   */
  early = $state<{ runs: number; of: number } | null>(null);
  /** Share of the Monte Carlo done for the latest request (1 when its bands are shown). */
  progress = $state(0);
  previewMs = $state(0);
  bandsMs = $state(0);
  /** Incremented each time results for a request are complete (tests wait on it). */
  completed = $state(0);
  error = $state<string | null>(null);
  /** Why the latest request's Monte Carlo ranges will not come (more runs than the browser runs), else null. */
  refused = $state<string | null>(null);
  private readonly previewWorker: Remote<EngineApi>;
  private readonly poolReady: Promise<Remote<EngineApi>[]>;
  private request = 0;

  constructor() {
    const w = workers();
    this.previewWorker = w.preview;
    this.poolReady = w.pool;
  }

  private pending: { id: number; scenarios: Scenario[]; runsOverride?: number } | null = null;
  private previewing = false;

  /**
   * Recompute for scenarios (the first is the one shown; the others are compared with it). Changes that
   * arrive while a preview is computing are coalesced: only the latest is previewed next (a slider drag
   * never queues work).
   */
  async update(scenarios: Scenario[], runsOverride?: number): Promise<void> {
    const id = ++this.request;
    this.pending = { id, scenarios, runsOverride };
    this.error = null;
    this.refused = null;
    this.progress = 0;
    if (this.previewing) return;
    while (this.pending) {
      const job = this.pending;
      this.pending = null;
      const first = job.scenarios[0]!;
      const t0 = performance.now();
      let det: ScenarioResult;
      this.previewing = true;
      try {
        det = await this.previewWorker.deterministic(first, baselineOf(first.baseline)!, 'year');
      } catch (e) {
        if (job.id === this.request) this.error = (e as Error).message;
        continue;
      } finally {
        this.previewing = false;
      }
      if (job.id !== this.request) continue;
      this.preview = det;
      this.bands = null; // show the preview at once; the bands follow
      this.early = null;
      this.previewMs = performance.now() - t0;
      await this.monteCarlo(job.id, job.scenarios, job.runsOverride, t0);
    }
  }

  private async monteCarlo(id: number, scenarios: Scenario[], runsOverride: number | undefined, t0: number): Promise<void> {
    const first = scenarios[0]!;
    const baseline = baselineOf(first.baseline)!;
    try {
      const runs = runsOverride ?? first.runs;
      if (runs > BROWSER_RUNS) {
        // Refused, not failed: the preview stands as the result, labelled, and nothing is "updating".
        this.refused = `${runs.toLocaleString('en-GB')} runs asked for; the browser runs at most ${BROWSER_RUNS.toLocaleString('en-GB')}: use the command line for more`;
        this.progress = 1;
        this.completed++;
        return;
      }
      const pool = await this.poolReady;
      const total = jobBlocks(runs).length;
      let done = 0;
      // The engine's one job runner (engine/job.ts): blocks over the pool, the first EARLY_RUNS runs summarised
      // by the preview worker (idle meanwhile), the whole job summarised in a pool worker (never this page's thread).
      const summary = await runJob(pool.map(movingBlocks), {
        scenarios, baseline, runs, seed: first.seed, resolution: 'year',
        isCancelled: () => id !== this.request,
        // The summary is the last step: progress reaches 1 only when the bands are in.
        onBlock: () => { if (id === this.request) this.progress = ++done / (total + 1); },
        early: {
          runs: EARLY_RUNS, worker: this.previewWorker,
          onResult: (s, earlyRuns) => {
            // Only while the final bands are not in, for this request.
            if (id !== this.request || this.progress === 1) return;
            this.bands = s.results[0]!;
            this.others = s.results.slice(1);
            this.comparisons = s.comparisons;
            this.early = { runs: earlyRuns, of: runs };
          },
        },
      });
      if (id !== this.request) return;
      this.bands = summary.results[0]!;
      this.others = summary.results.slice(1);
      this.comparisons = summary.comparisons;
      this.early = null;
      this.bandsMs = performance.now() - t0;
      this.progress = 1;
      this.completed++;
    } catch (e) {
      if (e instanceof JobCancelled) return;
      if (id === this.request) {
        this.error = (e as Error).message;
        this.progress = 1;
      }
    }
  }
}
