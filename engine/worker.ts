/**
 * The engine behind comlink: the same object runs in a browser Web Worker (exposed here) and in Node
 * worker threads (node/worker-entry.ts, bundled by node/bundle.ts, exposes it through comlink's Node adapter). Plans are prepared once
 * per job and then run block by block. A block's results are copied back, never transferred: transferring
 * detaches their buffers, and the first detached buffer in a thread makes V8 (Node 20's) deoptimise every
 * function that reads typed arrays and recompile it with a detach check on each access, which made the
 * kernel about a quarter slower in the worker (1,000 runs of a 174-practice ICB: 13.5 s against 10.9 s;
 * npm run bench:worker). The copy is a few milliseconds a block.
 */
import { expose } from 'comlink';
import { enableFormulas } from './formula-math.ts';
import type { Resolution } from './plan.ts';
import { inThread, type JobSummary } from './job.ts';
import { attribution, sensitivity, tornado, type Outcome, type Sensitivity, type TornadoBar, type Waterfall } from './analysis.ts';
import { solve, type Solution, type SolveOptions } from './solve.ts';
import { runDeterministic, type BlockResult } from './run.ts';
import type { Scenario } from './schema.ts';
import type { Baseline, ScenarioResult } from './types.ts';

// Workers run scenarios with formulas: enabled before any is loaded or planned.
enableFormulas();

/** The job runner's in-thread worker (engine/job.ts): one implementation of prepare, blocks and summaries. */
const local = inThread({ yieldEvery: 0 });

export const engineApi = {
  /** Answers once the worker has loaded (its script is then in the HTTP cache for the next workers). */
  ready(): boolean {
    return true;
  },
  /** Build the plans of a job: the scenarios run together on common random numbers. */
  prepare(job: string, scenarios: Scenario[], baseline: Baseline, resolution: Resolution = 'year'): number {
    return local.prepare(job, scenarios, baseline, resolution) as number;
  },
  runBlock(job: string, seed: number, firstRun: number, count: number, totalRuns: number): BlockResult | Promise<BlockResult> {
    return local.runBlock(job, seed, firstRun, count, totalRuns);
  },
  /** Merge a job's blocks (all of them, in block order) and summarise: off the page's main thread. */
  summarise(job: string, blocks: BlockResult[], seed: number): JobSummary {
    return local.summarise(job, blocks, seed) as JobSummary;
  },
  release(job: string): void {
    void local.release(job);
  },

  /** What drives a result: the waterfall over interventions and the tornado of uncertain inputs. */
  explain(scenario: Scenario, baseline: Baseline, outcome: Outcome): { waterfall: Waterfall; tornado: { base: number; bars: TornadoBar[] } } {
    return { waterfall: attribution(scenario, baseline, outcome), tornado: tornado(scenario, baseline, outcome) };
  },
  /** The waterfall over interventions alone (Shapley values; sampled orders beyond 8 interventions). */
  attribution(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { permutations?: number }): Waterfall {
    return attribution(scenario, baseline, outcome, opts);
  },
  /** Tornado, then Sobol indices of the top inputs. */
  sensitivity(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { top?: number; samples?: number }): Sensitivity {
    return sensitivity(scenario, baseline, outcome, opts);
  },
  /** Goal-seek; `onProgress` (a comlink proxy, so a top-level argument) hears after each candidate. */
  solve(scenario: Scenario, baseline: Baseline, opts: Omit<SolveOptions, 'isCancelled' | 'onProgress'>, onProgress?: (evaluations: number) => void): Promise<Solution> {
    return solve(scenario, baseline, { ...opts, onProgress: onProgress ? (n) => void onProgress(n) : undefined });
  },
  deterministic(scenario: Scenario, baseline: Baseline, resolution: Resolution = 'year'): ScenarioResult {
    return runDeterministic(scenario, baseline, resolution);
  },
};
export type EngineApi = typeof engineApi;

// In a browser worker `self` is the endpoint; in Node the bootstrap exposes engineApi itself.
const g = globalThis as { WorkerGlobalScope?: unknown; postMessage?: unknown };
if (g.WorkerGlobalScope !== undefined && typeof g.postMessage === 'function') expose(engineApi);
