/**
 * Runners for jobs (one or more scenarios on common random numbers): in this thread, or spread block by
 * block over worker threads running the bundled engine (node/bundle.ts) through comlink. Blocks are merged in block order,
 * so every runner gives identical results for any number of workers.
 */
import { Worker } from 'node:worker_threads';
import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { attribution, compareScenarios, sensitivity, type Baseline, type Comparison, type Outcome, type Resolution, type Scenario, type ScenarioResult, type Sensitivity, type Waterfall } from '../engine/core.ts';
import { BlockMerger, blocksOf, buildPlan, runBlock, type BlockResult } from '../engine/internal.ts';
import type { EngineApi } from '../engine/worker.ts';
import { workerSource } from './bundle.ts';

export interface JobOptions {
  runs: number;
  seed: number;
  resolution?: Resolution;
  /** Called after each block with the number of runs it held. */
  onBlock?: (runs: number) => void;
  signal?: AbortSignal;
  /** Only blocks [from, to) of the job (a shard's groups); `from` starts a group. Default: all. */
  blocks?: { from: number; to: number };
}

/** The blocks a job runs, with their indices. */
function jobBlocks(opts: JobOptions): { index: number; firstRun: number; count: number }[] {
  const all = blocksOf(opts.runs).map((b, index) => ({ index, ...b }));
  return opts.blocks ? all.slice(opts.blocks.from, opts.blocks.to) : all;
}

export interface Runner {
  /** Spread one job's blocks over every worker (best for one big job). */
  runJob(scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<BlockResult>;
  /** Run a whole job, summaries included, in worker `lane` (best for many jobs: no work on the main thread). */
  runWhole(lane: number, scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<{ results: ScenarioResult[]; comparisons: Comparison[] }>;
  /** The analyses (deterministic runs), in a worker when there is one, so that the main thread stays free. */
  attribution(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { permutations?: number }): Promise<Waterfall>;
  sensitivity(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { top?: number; samples?: number }): Promise<Sensitivity>;
  readonly size: number;
  close(): Promise<void>;
}

export class InProcessRunner implements Runner {
  readonly size = 1;
  async runWhole(_lane: number, scenarios: Scenario[], baseline: Baseline, opts: JobOptions) {
    const r = compareScenarios(scenarios, baseline, { runs: opts.runs, seed: opts.seed, resolution: opts.resolution });
    opts.onBlock?.(opts.runs * scenarios.length);
    return r;
  }
  async runJob(scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<BlockResult> {
    const plans = scenarios.map((s) => buildPlan(s, baseline, opts.resolution));
    const m = new BlockMerger(opts.blocks?.from ?? 0);
    for (const b of jobBlocks(opts)) {
      if (opts.signal?.aborted) throw new Error('aborted');
      m.add(b.index, runBlock(plans, opts.seed, b.firstRun, b.count, opts.runs));
      opts.onBlock?.(b.count);
      if (b.index % 4 === 3) await new Promise((r) => setImmediate(r));
    }
    return m.result();
  }
  async attribution(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { permutations?: number }) {
    return attribution(scenario, baseline, outcome, opts);
  }
  async sensitivity(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { top?: number; samples?: number }) {
    return sensitivity(scenario, baseline, outcome, opts);
  }
  async close(): Promise<void> {}
}

let jobCounter = 0;

/**
 * Worker threads, started when first needed: a job of one block (up to 50 runs) runs in this thread, since
 * starting a worker costs more than the block (about 0.4 s), so a one-run `capsim run` starts none.
 * Results are the same bytes either way (every runner merges the same blocks in block order).
 */
export class PoolRunner implements Runner {
  private started: Promise<{ workers: Worker[]; apis: Remote<EngineApi>[] }> | null = null;
  private readonly here = new InProcessRunner();

  constructor(readonly size: number) {
    this.size = Math.max(1, size);
  }

  private get ready(): Promise<{ workers: Worker[]; apis: Remote<EngineApi>[] }> {
    this.started ??= workerSource().then((code) => {
      // A larger young generation: fewer scavenges competing for the cores with the other workers.
      const workers = Array.from({ length: this.size }, () => new Worker(code, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 96 } }));
      return { workers, apis: workers.map((w) => wrap<EngineApi>(nodeEndpoint(w))) };
    });
    return this.started;
  }

  async runJob(scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<BlockResult> {
    const blocks = jobBlocks(opts);
    if (blocks.length <= 1) return this.here.runJob(scenarios, baseline, opts);
    const { apis } = await this.ready;
    const job = `job${++jobCounter}`;
    await Promise.all(apis.map((a) => a.prepare(job, scenarios, baseline, opts.resolution ?? 'year')));
    const m = new BlockMerger(opts.blocks?.from ?? 0);
    let next = 0;
    const loop = async (api: Remote<EngineApi>) => {
      while (next < blocks.length) {
        if (opts.signal?.aborted) throw new Error('aborted');
        const b = blocks[next++]!;
        m.add(b.index, await api.runBlock(job, opts.seed, b.firstRun, b.count, opts.runs));
        opts.onBlock?.(b.count);
      }
    };
    try {
      await Promise.all(apis.map(loop));
    } finally {
      await Promise.all(apis.map((a) => a.release(job).catch(() => undefined)));
    }
    return m.result();
  }

  async runWhole(lane: number, scenarios: Scenario[], baseline: Baseline, opts: JobOptions) {
    const { apis } = await this.ready;
    const r = await apis[lane % apis.length]!.runAll(scenarios, baseline, opts.runs, opts.seed, opts.resolution ?? 'year');
    opts.onBlock?.(opts.runs * scenarios.length);
    return r;
  }

  async attribution(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { permutations?: number }) {
    return (await this.ready).apis[0]!.attribution(scenario, baseline, outcome, opts);
  }
  async sensitivity(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { top?: number; samples?: number }) {
    return (await this.ready).apis[0]!.sensitivity(scenario, baseline, outcome, opts);
  }

  async close(): Promise<void> {
    if (!this.started) return;
    const { workers } = await this.started;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export function makeRunner(workers: number): Runner {
  return workers <= 0 ? new InProcessRunner() : new PoolRunner(workers);
}
