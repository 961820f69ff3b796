/**
 * The CLI's runner: jobs (one or more scenarios on common random numbers) through the engine's one job runner
 * (engine/job.ts), in this thread or over worker threads running the bundled engine (node/bundle.ts) through
 * comlink. The worker threads start when a job first needs them: a job of one block (up to 50 runs) runs in
 * this thread, since starting a worker costs more than the block, so a one-run `capsim run` starts none.
 * Every path merges the same blocks in block order, so results are the same bytes for any number of workers.
 */
import { Worker } from 'node:worker_threads';
import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import {
  attribution, inThread, jobBlocks, movingBlocks, runJob as runJobOn, runPartial, sensitivity, JobCancelled,
  type Baseline, type BlockResult, type JobSummary, type JobWorker, type Outcome, type Resolution, type Scenario, type Sensitivity, type Waterfall,
} from '../engine/core.ts';
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

export interface Runner {
  /** A job, summarised: its blocks spread over `lanes` workers (default all), summarised where the plans are. */
  run(scenarios: Scenario[], baseline: Baseline, opts: JobOptions & { lane?: number }): Promise<JobSummary>;
  /** A job's blocks (a shard's range), merged: the partial sums a shard writes. */
  partial(scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<BlockResult>;
  /** The analyses (deterministic runs), in a worker when there is one, so that the main thread stays free. */
  attribution(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { permutations?: number }): Promise<Waterfall>;
  sensitivity(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { top?: number; samples?: number }): Promise<Sensitivity>;
  /** Worker threads (1 in this thread). */
  readonly size: number;
  close(): Promise<void>;
}

const request = (scenarios: Scenario[], baseline: Baseline, o: JobOptions) => ({
  scenarios, baseline, runs: o.runs, seed: o.seed, resolution: o.resolution, blocks: o.blocks, onBlock: o.onBlock, isCancelled: () => Boolean(o.signal?.aborted),
});

/** Cancellation as the CLI says it (cli/main.ts prints "interrupted"). */
const aborted = (e: unknown) => (e instanceof JobCancelled ? new Error('aborted') : e);

export class PoolRunner implements Runner {
  private started: Promise<{ workers: Worker[]; apis: Remote<EngineApi>[] }> | null = null;
  private readonly here = inThread();

  /** `size` 0 runs everything in this thread. */
  constructor(private readonly threads: number) {}

  get size(): number {
    return Math.max(1, this.threads);
  }

  private get ready(): Promise<{ workers: Worker[]; apis: Remote<EngineApi>[] }> {
    this.started ??= workerSource().then((code) => {
      // A larger young generation: fewer scavenges competing for the cores with the other workers.
      const workers = Array.from({ length: this.threads }, () => new Worker(code, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 96 } }));
      return { workers, apis: workers.map((w) => wrap<EngineApi>(nodeEndpoint(w))) };
    });
    return this.started;
  }

  /** The workers a job runs on: this thread for `--workers 0` or a one-block job, else lane `lane` or all. */
  private async on(opts: JobOptions & { lane?: number }): Promise<JobWorker[]> {
    if (this.threads <= 0 || jobBlocks(opts.runs, opts.blocks).length <= 1) return [this.here];
    const { apis } = await this.ready;
    return (opts.lane === undefined ? apis : [apis[opts.lane % apis.length]!]).map(movingBlocks);
  }

  async run(scenarios: Scenario[], baseline: Baseline, opts: JobOptions & { lane?: number }): Promise<JobSummary> {
    return runJobOn(await this.on(opts), request(scenarios, baseline, opts)).catch((e: unknown) => { throw aborted(e); });
  }

  async partial(scenarios: Scenario[], baseline: Baseline, opts: JobOptions): Promise<BlockResult> {
    return runPartial(await this.on(opts), request(scenarios, baseline, opts)).catch((e: unknown) => { throw aborted(e); });
  }

  async attribution(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { permutations?: number }) {
    return this.threads <= 0 ? attribution(scenario, baseline, outcome, opts) : (await this.ready).apis[0]!.attribution(scenario, baseline, outcome, opts);
  }
  async sensitivity(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { top?: number; samples?: number }) {
    return this.threads <= 0 ? sensitivity(scenario, baseline, outcome, opts) : (await this.ready).apis[0]!.sensitivity(scenario, baseline, outcome, opts);
  }

  async close(): Promise<void> {
    if (!this.started) return;
    const { workers } = await this.started;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export const makeRunner = (workers: number): Runner => new PoolRunner(workers);
