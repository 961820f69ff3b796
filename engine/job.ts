/**
 * The one job runner (issue 30). A job is one or more scenarios on one baseline, run together on common random
 * numbers, as blocks of BLOCK_SIZE runs. Every runtime (the CLI's and the server's worker threads, the
 * browser's Web Workers, this thread) runs a job through `runJob`: each worker is prepared once (it builds the
 * plans once), blocks are handed out in order, results are merged in block order (so the bytes are the same
 * for any number of workers) and summarised in a worker that holds the plans; early results, progress and
 * cancellation are written here once. Pure: the workers are anything with the JobWorker methods (a comlink
 * Remote, or `inThread()`).
 */
import { transfer } from 'comlink';
import { buildPlan, type Plan, type Resolution } from './plan.ts';
import { blockBuffers, blocksOf, mergeBlocks, resultOf, runBlock, summariseMerged, type BlockResult, type Comparison } from './run.ts';
import type { Scenario } from './schema.ts';
import type { PartialSums } from './summary.ts';
import type { Baseline, ScenarioResult } from './types.ts';

export type MaybePromise<T> = T | Promise<T>;
export interface JobSummary { results: ScenarioResult[]; comparisons: Comparison[] }

/** What runs blocks: a worker through comlink (engine/worker.ts's engineApi), or this thread (`inThread()`). */
export interface JobWorker {
  /** Build the job's plans (once per worker and job). */
  prepare(job: string, scenarios: Scenario[], baseline: Baseline, resolution: Resolution): MaybePromise<unknown>;
  runBlock(job: string, seed: number, firstRun: number, count: number, totalRuns: number): MaybePromise<BlockResult>;
  /** Merge the job's blocks (all, in block order) and summarise them; merging may change the blocks it is given. */
  summarise(job: string, blocks: BlockResult[], seed: number): MaybePromise<JobSummary>;
  release(job: string): MaybePromise<unknown>;
}

/**
 * A worker behind comlink as a JobWorker whose summary is handed the job's blocks by transfer, not copied: the
 * thread that collected them does not hold a second copy while the worker merges (the CLI's and the web
 * page's main threads; neither runs the kernel on typed arrays it has detached, see engine/worker.ts).
 */
export function movingBlocks(w: JobWorker): JobWorker {
  return {
    prepare: (job, scenarios, baseline, resolution) => w.prepare(job, scenarios, baseline, resolution),
    runBlock: (job, seed, firstRun, count, totalRuns) => w.runBlock(job, seed, firstRun, count, totalRuns),
    summarise: (job, blocks, seed) => w.summarise(job, transfer(blocks, blocks.flatMap(blockBuffers)), seed),
    release: (job) => w.release(job),
  };
}

export interface JobRequest {
  scenarios: Scenario[];
  baseline: Baseline;
  runs: number;
  seed: number;
  resolution?: Resolution;
  /** Only blocks [from, to) (a shard's groups); `from` starts a group. Default: all. */
  blocks?: { from: number; to: number };
  /** Checked before each block: true stops the job with a JobCancelled. */
  isCancelled?: () => boolean;
  /** After each block: the runs it held. */
  onBlock?: (runs: number) => void;
  /**
   * Early results: once the blocks holding the first `runs` runs are in, they are summarised by `worker` (from
   * copies, so the job's own blocks stay whole) and given to `onResult`, unless the job has finished by then.
   */
  early?: { runs: number; worker: JobWorker; onResult: (s: JobSummary, runs: number) => void };
}

export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

let jobCounter = 0;
/** A job id unique in this runtime. */
export const newJobId = (prefix = 'job') => `${prefix}${++jobCounter}`;

/** The blocks a job runs (all, or a shard's range), with their indices. */
export function jobBlocks(runs: number, range?: { from: number; to: number }): { index: number; firstRun: number; count: number }[] {
  const all = blocksOf(runs).map((b, index) => ({ index, ...b }));
  return range ? all.slice(range.from, range.to) : all;
}

/**
 * Run a job's blocks over `workers`, each prepared once; returns the block results in block order (the
 * workers stay prepared: release with `releaseJob`).
 */
export async function runBlocks(workers: readonly JobWorker[], job: string, req: JobRequest): Promise<BlockResult[]> {
  const blocks = jobBlocks(req.runs, req.blocks);
  await Promise.all(workers.map((w) => w.prepare(job, req.scenarios, req.baseline, req.resolution ?? 'year')));
  const results = new Array<BlockResult>(blocks.length);
  let next = 0, earlyAsked = !req.early;
  const earlyCount = req.early ? blocks.findIndex((b) => b.firstRun + b.count >= req.early!.runs) + 1 : 0;
  if (earlyCount === 0 || earlyCount >= blocks.length) earlyAsked = true;
  let failed = false;
  const lane = async (w: JobWorker) => {
    while (next < blocks.length && !failed) {
      if (req.isCancelled?.()) throw new JobCancelled();
      const i = next++;
      const b = blocks[i]!;
      try {
        results[i] = await w.runBlock(job, req.seed, b.firstRun, b.count, req.runs);
      } catch (e) {
        // One failed block fails the job: the other lanes stop at their next block.
        failed = true;
        throw e;
      }
      req.onBlock?.(b.count);
      if (!earlyAsked && results.slice(0, earlyCount).filter(Boolean).length === earlyCount) {
        earlyAsked = true;
        void askEarly(job, req, results.slice(0, earlyCount), blocks[earlyCount - 1]!.firstRun + blocks[earlyCount - 1]!.count);
      }
    }
  };
  await Promise.all(workers.map(lane));
  if (req.isCancelled?.()) throw new JobCancelled();
  return results;
}

async function askEarly(job: string, req: JobRequest, blocks: BlockResult[], runs: number): Promise<void> {
  const { worker, onResult } = req.early!;
  try {
    // Both calls are made now (a worker answers in order). Merging adds into the blocks it is given: the early
    // summary gets copies (the first few blocks), so the job's own summary merges them untouched.
    const prepared = worker.prepare(job, req.scenarios, req.baseline, req.resolution ?? 'year');
    const summary = worker.summarise(job, structuredClone(blocks), req.seed);
    await prepared;
    const s = await summary;
    if (!req.isCancelled?.()) onResult(s, runs);
  } catch {
    // The job's own summary reports any failure.
  } finally {
    await worker.release(job);
  }
}

export async function releaseJob(workers: readonly JobWorker[], job: string): Promise<void> {
  await Promise.all(workers.map(async (w) => { try { await w.release(job); } catch { /* a worker that is gone holds nothing */ } }));
}

/** Run a whole job and summarise it in the first worker (which built the plans): the one way results are made. */
export async function runJob(workers: readonly JobWorker[], req: JobRequest): Promise<JobSummary> {
  const job = newJobId();
  try {
    const blocks = await runBlocks(workers, job, req);
    return await workers[0]!.summarise(job, blocks, req.seed);
  } finally {
    await releaseJob(workers, job);
  }
}

/** Run a job's blocks (all, or a shard's range) and merge them: the partial sums a shard writes. */
export async function runPartial(workers: readonly JobWorker[], req: JobRequest): Promise<BlockResult> {
  const job = newJobId();
  try {
    return mergeBlocks(await runBlocks(workers, job, req));
  } finally {
    await releaseJob(workers, job);
  }
}

/**
 * This thread as a JobWorker: for one-block jobs (starting a worker costs more), `--workers 0`, the summary
 * worker and tests; engine/worker.ts answers through one too. Between blocks it yields to the event loop
 * (every `yieldEvery`th block), so that a cancellation (Ctrl-C, a newer edit) is heard.
 */
export function inThread({ yieldEvery = 4 }: { yieldEvery?: number } = {}): JobWorker {
  const jobs = new Map<string, { scenarios: Scenario[]; plans: Plan[] }>();
  let blocksRun = 0;
  const held = (job: string) => {
    const j = jobs.get(job);
    if (!j) throw new Error(`job ${job} was not prepared`);
    return j;
  };
  return {
    prepare(job, scenarios, baseline, resolution) {
      if (!jobs.has(job)) jobs.set(job, { scenarios, plans: scenarios.map((s) => buildPlan(s, baseline, resolution)) });
      return scenarios.length;
    },
    async runBlock(job, seed, firstRun, count, totalRuns) {
      // Every fourth block by default (a timer costs about a millisecond, a block of Thurrock about fifty);
      // never in a worker, whose messages wait for the block anyway.
      if (yieldEvery > 0 && ++blocksRun % yieldEvery === 0) await new Promise((r) => setTimeout(r, 0));
      return runBlock(held(job).plans, seed, firstRun, count, totalRuns);
    },
    summarise(job, blocks, seed) {
      const j = held(job);
      return summariseMerged(j.scenarios, j.plans, mergeBlocks(blocks), seed);
    },
    release(job) {
      return jobs.delete(job);
    },
  };
}

/** A scenario's result from merged partial sums (a shard merge's last step). */
export function resultOfPartial(scenario: Scenario, baseline: Baseline, partial: PartialSums, seed: number, resolution: Resolution = 'year'): ScenarioResult {
  return resultOf(scenario, buildPlan(scenario, baseline, resolution), partial, seed);
}

export { BLOCK_SIZE, GROUP_BLOCKS, GROUP_RUNS, BlockMerger, type BlockResult } from './run.ts';
export type { PartialSums, Sketch } from './summary.ts';
