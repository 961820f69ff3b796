/**
 * Runners for jobs (one or more scenarios on common random numbers): in this thread, or spread block by
 * block over worker threads running engine/worker.ts through comlink. Blocks are merged in block order,
 * so every runner gives identical results for any number of workers.
 */
import { Worker } from 'node:worker_threads';
import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { blocksOf, buildPlan, compareScenarios, mergeBlocks, runBlock, type BlockResult, type Baseline, type Comparison, type Resolution, type Scenario, type ScenarioResult } from '../engine/index.ts';
import type { EngineApi } from '../engine/worker.ts';

export interface JobOptions {
  runs: number;
  seed: number;
  resolution?: Resolution;
  /** Called after each block with the number of runs it held. */
  onBlock?: (runs: number) => void;
  signal?: AbortSignal;
}

export interface Runner {
  /** Spread one job's blocks over every worker (best for one big job). */
  runJob(scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<BlockResult>;
  /** Run a whole job, summaries included, in worker `lane` (best for many jobs: no work on the main thread). */
  runWhole(lane: number, scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<{ results: ScenarioResult[]; comparisons: Comparison[] }>;
  readonly size: number;
  close(): Promise<void>;
}

/** Merges block results as they arrive, in block order, holding only those that arrive early. */
class OrderedMerger {
  private next = 0;
  private acc: BlockResult | null = null;
  private early = new Map<number, BlockResult>();
  add(index: number, b: BlockResult): void {
    this.early.set(index, b);
    for (let r = this.early.get(this.next); r; r = this.early.get(this.next)) {
      this.early.delete(this.next++);
      this.acc = this.acc ? mergeBlocks([this.acc, r]) : r;
    }
  }
  result(): BlockResult {
    if (!this.acc || this.early.size) throw new Error('blocks missing');
    return this.acc;
  }
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
    const m = new OrderedMerger();
    for (const [i, b] of blocksOf(opts.runs).entries()) {
      if (opts.signal?.aborted) throw new Error('aborted');
      m.add(i, runBlock(plans, opts.seed, b.firstRun, b.count, opts.runs));
      opts.onBlock?.(b.count);
      if (i % 4 === 3) await new Promise((r) => setImmediate(r));
    }
    return m.result();
  }
  async close(): Promise<void> {}
}

let jobCounter = 0;

export class PoolRunner implements Runner {
  private readonly workers: Worker[];
  private readonly apis: Remote<EngineApi>[];

  constructor(size: number) {
    const url = new URL('./worker.mjs', import.meta.url);
    // A larger young generation: fewer scavenges competing for the cores with the other workers.
    this.workers = Array.from({ length: Math.max(1, size) }, () => new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 96 } }));
    this.apis = this.workers.map((w) => wrap<EngineApi>(nodeEndpoint(w)));
  }

  async runJob(scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<BlockResult> {
    const job = `job${++jobCounter}`;
    await Promise.all(this.apis.map((a) => a.prepare(job, scenarios, baseline, opts.resolution ?? 'year')));
    const blocks = blocksOf(opts.runs);
    const m = new OrderedMerger();
    let next = 0;
    const loop = async (api: Remote<EngineApi>) => {
      while (next < blocks.length) {
        if (opts.signal?.aborted) throw new Error('aborted');
        const i = next++;
        const b = blocks[i]!;
        m.add(i, await api.runBlock(job, opts.seed, b.firstRun, b.count, opts.runs));
        opts.onBlock?.(b.count);
      }
    };
    try {
      await Promise.all(this.apis.map(loop));
    } finally {
      await Promise.all(this.apis.map((a) => a.release(job).catch(() => undefined)));
    }
    return m.result();
  }

  get size(): number {
    return this.apis.length;
  }

  async runWhole(lane: number, scenarios: Scenario[], baseline: Baseline, opts: JobOptions) {
    const r = await this.apis[lane % this.apis.length]!.runAll(scenarios, baseline, opts.runs, opts.seed, opts.resolution ?? 'year');
    opts.onBlock?.(opts.runs * scenarios.length);
    return r;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export function makeRunner(workers: number): Runner {
  return workers <= 0 ? new InProcessRunner() : new PoolRunner(workers);
}
