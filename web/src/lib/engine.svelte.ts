/**
 * The only module that talks to the engine workers (comlink). A preview worker answers the deterministic
 * run at once; a pool of workers runs the Monte Carlo in blocks. Each update has a request id: a newer
 * update cancels the older one between blocks, and only the latest results are applied.
 */
import { wrap, type Remote } from 'comlink';
import { blocksOf, buildPlan, comparisonOf, mergeBlocks, resultOf, type BlockResult, type Comparison, type Scenario, type ScenarioResult } from '../../../engine/index.ts';
import type { EngineApi } from '../../../engine/worker.ts';
import { BASELINES } from '../../../scenarios/baselines.ts';

/** The most Monte Carlo runs the browser will do for one scenario (the command line does up to 100,000). */
export const BROWSER_RUNS = 10_000;

const spawn = () => wrap<EngineApi>(new Worker(new URL('../../../engine/worker.ts', import.meta.url), { type: 'module' }));

export class EngineClient {
  preview = $state.raw<ScenarioResult | null>(null);
  bands = $state.raw<ScenarioResult | null>(null);
  others = $state.raw<ScenarioResult[]>([]);
  comparisons = $state.raw<Comparison[]>([]);
  /** Share of the Monte Carlo done for the latest request (1 when its bands are shown). */
  progress = $state(0);
  previewMs = $state(0);
  bandsMs = $state(0);
  /** Incremented each time results for a request are complete (tests wait on it). */
  completed = $state(0);
  error = $state<string | null>(null);
  private readonly previewWorker: Remote<EngineApi>;
  private readonly pool: Remote<EngineApi>[];
  private request = 0;

  constructor(workers = Math.max(2, Math.min(4, (navigator.hardwareConcurrency || 2)))) {
    this.previewWorker = spawn();
    this.pool = Array.from({ length: workers }, spawn);
  }

  /** Recompute for scenarios (the first is the one shown; the others are compared with it). */
  async update(scenarios: Scenario[], runsOverride?: number): Promise<void> {
    const id = ++this.request;
    const first = scenarios[0]!;
    const baseline = BASELINES[first.baseline]!;
    this.error = null;
    this.progress = 0;
    try {
      const t0 = performance.now();
      const det = await this.previewWorker.deterministic(first, baseline, 'year');
      if (id !== this.request) return;
      this.preview = det;
      this.bands = null; // show the preview at once; the bands follow
      this.previewMs = performance.now() - t0;
      const runs = runsOverride ?? first.runs;
      if (runs > BROWSER_RUNS) throw new Error(`runs is ${runs.toLocaleString('en-GB')}; the browser runs at most ${BROWSER_RUNS.toLocaleString('en-GB')} (the preview above is the likely-values run; use the command line for more)`);
      const job = `w${id}`;
      await Promise.all(this.pool.map((w) => w.prepare(job, scenarios, baseline, 'year')));
      const blocks = blocksOf(runs);
      const results = new Array<BlockResult>(blocks.length);
      let next = 0, done = 0;
      const lane = async (w: Remote<EngineApi>) => {
        while (next < blocks.length && id === this.request) {
          const i = next++;
          results[i] = await w.runBlock(job, first.seed, blocks[i]!.firstRun, blocks[i]!.count, runs);
          if (id === this.request) this.progress = ++done / blocks.length;
        }
      };
      await Promise.all(this.pool.map(lane));
      this.pool.forEach((w) => void w.release(job));
      if (id !== this.request) return;
      const merged = mergeBlocks(results);
      const plans = scenarios.map((s) => buildPlan(s, baseline));
      this.bands = resultOf(first, plans[0]!, merged.partials[0]!, first.seed);
      this.others = scenarios.slice(1).map((s, k) => resultOf(s, plans[k + 1]!, merged.partials[k + 1]!, first.seed));
      this.comparisons = scenarios.slice(1).map((s, k) => comparisonOf(first, s, plans[k + 1]!, merged.diffs[k]!, first.seed));
      this.bandsMs = performance.now() - t0;
      this.completed++;
    } catch (e) {
      if (id === this.request) this.error = (e as Error).message;
    }
  }
}
