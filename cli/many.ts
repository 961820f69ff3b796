/**
 * Many scenarios at once (batch and sweep, and merge's outputs): the jobs run whole in workers or spread block
 * by block, a shard runs its share; outputs go through the command's OutputSet (nothing visible until all is done).
 */
import { join } from 'node:path';
import { BLOCK_SIZE, MODEL_VERSION, type ScenarioResult } from '../engine/core.ts';
import type { Runner } from '../node/pool.ts';
import { baselineById } from '../scenarios/baselines.ts';
import { baselineOf, type Loaded } from './files.ts';
import { csvRow, LONG_HEADER, longRows, SUMMARY_HEADER, summaryRow } from './format.ts';
import type { Io } from './io.ts';
import { makeRunner } from '../node/pool.ts';
import { withOutputs, type OutputSet } from './policy.ts';
import { makeProgress } from './progress.ts';
import { batchHash, encodePartial, groupBlocks, groupsOf, itemHash, SHARD_SCHEMA, shardPairs, type ShardFile, type ShardItem, type ShardJob, type ShardSpec } from './shard.ts';

export interface RunOpts { runs?: number; seed?: number; workers: number; quiet?: boolean; monthly?: boolean }
export type Good = Extract<Loaded, { ok: true }>;
export type Job = { id: string; jobs: Good[]; extra: (string | number)[] };
export type Outputs = { dir: string; format: string; header: string[]; command: 'batch' | 'sweep'; shard?: ShardSpec };

/** Run one job (scenarios sharing a baseline, on common random numbers) and summarise it. */
export async function runJob(runner: Runner, loaded: Good[], o: RunOpts, io: Io, onRuns: (n: number) => void) {
  const scenarios = loaded.map((l) => l.scenario);
  const baseline = baselineOf(scenarios[0]!.baseline)!;
  const runs = o.runs ?? scenarios[0]!.runs;
  const seed = o.seed ?? scenarios[0]!.seed;
  return runner.run(scenarios, baseline, { runs, seed, resolution: o.monthly ? 'month' : 'year', onBlock: onRuns, signal: io.signal });
}

/** The files a batch or sweep writes into its folder (or, as a shard, its partial file). */
export function outputFiles(jobs: readonly { id: string }[], out: Outputs): string[] {
  if (out.shard) return [join(out.dir, `shard-${out.shard.index}-of-${out.shard.count}.json`)];
  return [join(out.dir, 'summary.csv'), ...(out.format === 'csv' ? [join(out.dir, 'results.csv')] : jobs.map((j) => join(out.dir, `${j.id}.json`)))];
}

/** Run the jobs (or a shard's share of them) and write the outputs; returns the number that failed. */
export async function runMany(runner: Runner, jobs: Job[], o: RunOpts, io: Io, out: Outputs, files: OutputSet): Promise<number> {
  const shardJobs: ShardJob[] = jobs.map((j) => {
    const s = j.jobs[0]!.scenario;
    return { id: j.id, file: j.jobs[0]!.file, extra: j.extra, runs: o.runs ?? s.runs, seed: o.seed ?? s.seed, monthly: Boolean(o.monthly), scenario: s };
  });
  const { whole, parts } = shareOf(shardJobs, out.shard);
  const progress = makeProgress(io, o.quiet ?? false);
  const results: (ScenarioResult | null)[] = new Array(jobs.length).fill(null);
  const items: ShardItem[] = [];
  let failed = 0;
  const fail = (i: number, e: unknown) => {
    if (io.signal?.aborted) throw e;
    failed++;
    items.push({ job: i, error: (e as Error).message });
    io.stderr(`capsim: ${jobs[i]!.jobs[0]!.file}: run failed: ${(e as Error).message}\n`);
  };
  const wholeList = [...whole];
  progress.start(wholeList.reduce((a, i) => a + shardJobs[i]!.runs, 0) + parts.reduce((a, p) => {
    const b = groupBlocks(shardJobs[p.job]!.runs, p.group);
    return a + Math.min(shardJobs[p.job]!.runs, b.to * BLOCK_SIZE) - b.from * BLOCK_SIZE;
  }, 0), wholeList.length + parts.length);
  // With more jobs than workers, each worker runs whole jobs (summaries included), so the main thread
  // only writes; otherwise the blocks of each job are spread over all workers. Same bytes either way.
  const inWorkers = wholeList.length >= runner.size * 2;
  let next = 0;
  const lane = async (laneIndex: number) => {
    while (next < wholeList.length) {
      if (io.signal?.aborted) throw new Error('aborted');
      const i = wholeList[next++]!;
      const j = jobs[i]!, sj = shardJobs[i]!;
      try {
        if (inWorkers) {
          results[i] = (await runner.run([sj.scenario], baselineOf(sj.scenario.baseline)!,
            { runs: sj.runs, seed: sj.seed, resolution: o.monthly ? 'month' : 'year', onBlock: (n) => progress.runs(n), signal: io.signal, lane: laneIndex })).results[0]!;
        } else results[i] = (await runJob(runner, j.jobs, o, io, (n) => progress.runs(n))).results[0]!;
        if (!out.shard && out.format === 'json') files.write(join(out.dir, `${j.id}.json`), JSON.stringify(results[i], null, 1) + '\n');
        if (out.shard) items.push({ job: i, result: results[i]! });
      } catch (e) {
        fail(i, e);
      }
      progress.scenarioDone();
    }
  };
  try {
    await Promise.all(Array.from({ length: inWorkers ? runner.size : Math.max(1, o.workers) + 1 }, (_, k) => lane(k)));
    for (const p of parts) {
      const sj = shardJobs[p.job]!;
      try {
        const b = await runner.partial([sj.scenario], baselineOf(sj.scenario.baseline)!, {
          runs: sj.runs, seed: sj.seed, resolution: o.monthly ? 'month' : 'year', blocks: groupBlocks(sj.runs, p.group), onBlock: (n) => progress.runs(n), signal: io.signal,
        });
        items.push({ job: p.job, group: p.group, partial: encodePartial(b.partials[0]!) });
      } catch (e) {
        fail(p.job, e);
      }
      progress.scenarioDone();
    }
  } finally {
    progress.stop();
  }
  if (out.shard) writeShard(jobs, shardJobs, items, out, files, io, { whole: wholeList.length, parts: parts.length });
  else writeResults(jobs.map((j) => ({ id: j.id, extra: j.extra })), results, out, files);
  return failed;
}

/** The jobs run whole, and (in a shard) the single groups of jobs split between shards. */
function shareOf(shardJobs: ShardJob[], shard: ShardSpec | undefined): { whole: Set<number>; parts: { job: number; group: number }[] } {
  const whole = new Set<number>(), parts: { job: number; group: number }[] = [];
  if (shard) {
    const pairs = shardPairs(shardJobs, shard);
    const held = new Map<number, number>();
    for (const p of pairs) held.set(p.job, (held.get(p.job) ?? 0) + 1);
    for (const p of pairs) {
      if (held.get(p.job) === groupsOf(shardJobs[p.job]!.runs)) whole.add(p.job);
      else parts.push(p);
    }
  } else shardJobs.forEach((_, i) => whole.add(i));
  return { whole, parts };
}

/** A shard's partial file: its items in order, each hashed, with the batch's hash. */
function writeShard(jobs: Job[], shardJobs: ShardJob[], items: ShardItem[], out: Outputs, files: OutputSet, io: Io, held: { whole: number; parts: number }): void {
  const spec = out.shard!;
  items.sort((a, b) => a.job - b.job || ('group' in a ? a.group : -1) - ('group' in b ? b.group : -1));
  const file: ShardFile = {
    schema: SHARD_SCHEMA, model: MODEL_VERSION, batch: batchHash(out.command, out.format, out.header, shardJobs),
    command: out.command, format: out.format, header: out.header, shard: spec, jobs: shardJobs, items, itemHashes: items.map(itemHash),
  };
  // Baselines read from files travel with the shard, once each; merge checks each against its content-hash key.
  const fileKeys = [...new Set(shardJobs.map((j) => j.scenario.baseline))].filter((k) => !baselineById(k));
  if (fileKeys.length) file.baselines = Object.fromEntries(fileKeys.map((k) => [k, baselineOf(k)!]));
  files.write(outputFiles(jobs, out)[0]!, JSON.stringify(file) + '\n');
  io.stderr(`capsim: shard ${spec.index} of ${spec.count}: ${held.whole} whole scenario(s), ${held.parts} part(s) of split ones -> ${outputFiles(jobs, out)[0]}\n`);
}

/** batch's and sweep's whole command: claim the folder and files, run, write; returns the number that failed. */
export function runManyCommand(jobs: Job[], o: RunOpts & { force?: boolean }, io: Io, out: Outputs): Promise<number> {
  return withOutputs(o.force, async (files) => {
    files.folder(out.dir);
    files.claim(...outputFiles(jobs, out));
    const runner = makeRunner(o.workers);
    try {
      return await runMany(runner, jobs, o, io, out, files);
    } finally {
      await runner.close();
    }
  });
}

/** results.csv (or one JSON per scenario, already written) and summary.csv, in job order. */
export function writeResults(jobs: { id: string; extra: (string | number)[] }[], results: (ScenarioResult | null)[], out: Outputs, files: OutputSet): void {
  let long = csvRow([...out.header, ...LONG_HEADER]);
  let summary = csvRow([...out.header, ...SUMMARY_HEADER]);
  results.forEach((r, i) => {
    if (!r) return;
    summary += summaryRow(jobs[i]!.id, r, jobs[i]!.extra);
    if (out.format === 'csv') long += longRows(jobs[i]!.id, r, jobs[i]!.extra);
  });
  if (out.format === 'csv') files.write(join(out.dir, 'results.csv'), long);
  files.write(join(out.dir, 'summary.csv'), summary);
}
