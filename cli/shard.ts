/**
 * Batch runs past one machine: `capsim batch|sweep --shard i/n` runs shard i's share of the (scenario,
 * group of 1,000 runs) pairs and writes one partial file; `capsim merge` combines the files of all n shards
 * into the outputs a single machine would have written, byte for byte. A scenario whose groups all fall in
 * one shard travels as its finished result; a scenario split across shards travels as the exact partial
 * sums of each group (values or histograms, as base64 of their bytes), merged in the engine's one order.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { BlockMerger, BLOCK_SIZE, contentHash, GROUP_BLOCKS, GROUP_RUNS, loadBaseline, MODEL_VERSION, resultOfPartial, type Baseline, type BlockResult, type PartialSums, type Scenario, type ScenarioResult, type Sketch } from '../engine/core.ts';
import { baselineOf, registerBaseline } from './files.ts';

export const SHARD_SCHEMA = 'capsim/shard@1';

export interface ShardSpec {
  /** 1-based: shard 1 of n is the first. */
  index: number;
  count: number;
}

/** `--shard 2/7`: the second of seven shards. */
export function parseShard(v: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || count > 10000) {
    throw new InvalidArgumentError(`"${v}" must be i/n with 1 <= i <= n <= 10000 (shard i of n; a Kubernetes job index k is shard k+1)`);
  }
  return { index, count };
}

/** One job of a batch or sweep, as every shard and the merge see it. */
export interface ShardJob {
  id: string;
  file: string;
  extra: (string | number)[];
  runs: number;
  seed: number;
  monthly: boolean;
  scenario: Scenario;
}

export const groupsOf = (runs: number) => Math.ceil(runs / GROUP_RUNS);

/** The (job, group) pairs of shard `s`: a contiguous share of all pairs in job order. */
export function shardPairs(jobs: readonly { runs: number }[], s: ShardSpec): { job: number; group: number }[] {
  const all = jobs.flatMap((j, job) => Array.from({ length: groupsOf(j.runs) }, (_, group) => ({ job, group })));
  const from = Math.floor(((s.index - 1) * all.length) / s.count), to = Math.floor((s.index * all.length) / s.count);
  return all.slice(from, to);
}

/** The blocks of group g of a job of `runs` runs. */
export function groupBlocks(runs: number, group: number): { from: number; to: number } {
  const blocks = Math.ceil(runs / BLOCK_SIZE);
  return { from: group * GROUP_BLOCKS, to: Math.min(blocks, (group + 1) * GROUP_BLOCKS) };
}

export type ShardItem =
  | { job: number; result: ScenarioResult }
  | { job: number; group: number; partial: EncodedPartial }
  | { job: number; error: string };

export interface ShardFile {
  schema: typeof SHARD_SCHEMA;
  model: string;
  /** Hash of everything that must agree between shards: command, outputs and every job. */
  batch: string;
  command: 'batch' | 'sweep';
  format: string;
  header: string[];
  shard: ShardSpec;
  jobs: ShardJob[];
  items: ShardItem[];
  /** Hash of each item as written: an edited value or truncated partial sums is refused at merge. */
  itemHashes: string[];
  /** Baselines read from files, by their content-hash key (`id@hash`): the merge needs no other file. */
  baselines?: Record<string, Baseline>;
}

export const itemHash = (it: ShardItem): string => contentHash(it);

/** A job id, as batch and sweep make them from file names: it names an output file inside --out. */
export const isJobId = (id: unknown): id is string =>
  // eslint-disable-next-line no-control-regex
  typeof id === 'string' && id.length >= 1 && id.length <= 200 && id !== '.' && id !== '..' && !/[/\\\u0000-\u001f\u007f]/.test(id);

export function batchHash(command: string, format: string, header: string[], jobs: readonly ShardJob[]): string {
  return contentHash({ command, format, header, model: MODEL_VERSION, jobs });
}

// Typed arrays as base64 of their bytes (little-endian, as on every machine Node runs on): exact.
const b64 = (a: Float64Array | Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function unb64<T extends Float64Array | Uint32Array>(s: string, Type: { new (n: number): T; BYTES_PER_ELEMENT: number }): T {
  const bytes = Buffer.from(s, 'base64');
  const out = new Type(bytes.length / Type.BYTES_PER_ELEMENT);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

interface EncodedSketch { zero: number; posLo: number; pos: string; negLo: number; neg: string }
export interface EncodedPartial { count: number; sketch: boolean; sums: string; values: string | null; sketches: EncodedSketch[] | null }

export function encodePartial(p: PartialSums): EncodedPartial {
  return {
    count: p.count,
    sketch: p.sketch,
    sums: b64(p.sums),
    values: p.values ? b64(p.values.subarray(0, p.count * p.sums.length)) : null,
    sketches: p.sketches ? p.sketches.map((s) => ({ zero: s.zero, posLo: s.posLo, pos: b64(s.pos), negLo: s.negLo, neg: b64(s.neg) })) : null,
  };
}

export function decodePartial(e: EncodedPartial): PartialSums {
  return {
    count: e.count,
    sketch: e.sketch,
    sums: unb64(e.sums, Float64Array),
    values: e.values === null ? null : unb64(e.values, Float64Array),
    sketches: e.sketches === null ? null : e.sketches.map((s): Sketch => ({ zero: s.zero, posLo: s.posLo, pos: unb64(s.pos, Uint32Array), negLo: s.negLo, neg: unb64(s.neg, Uint32Array) })),
    better: null,
  };
}

export class MergeError extends Error {}

/** Shard files in the given files or folders (folders: every shard-*.json in them). */
export function findShardFiles(inputs: readonly string[]): string[] {
  return inputs.flatMap((p) => {
    if (!existsSync(p)) throw new MergeError(`${p}: not found`);
    if (statSync(p).isDirectory()) return readdirSync(p).filter((f) => /^shard-\d+-of-\d+\.json$/.test(f)).sort().map((f) => join(p, f));
    return [p];
  });
}

function readShard(file: string): ShardFile {
  let v: ShardFile;
  try {
    v = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as ShardFile;
  } catch (e) {
    throw new MergeError(`${file}: not a shard file (${(e as Error).message})`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new MergeError(`${file}: not a shard file (not a JSON object)`);
  if (v.schema !== SHARD_SCHEMA) throw new MergeError(`${file}: schema must be ${SHARD_SCHEMA} (got ${JSON.stringify(v.schema)})`);
  if (v.model !== MODEL_VERSION) throw new MergeError(`${file}: written by model ${v.model}, this is ${MODEL_VERSION}; rerun the shard`);
  for (const [key, ok] of [['jobs', Array.isArray(v.jobs)], ['items', Array.isArray(v.items)], ['itemHashes', Array.isArray(v.itemHashes)], ['header', Array.isArray(v.header)],
    ['shard', typeof v.shard === 'object' && v.shard !== null && Number.isInteger(v.shard.index) && Number.isInteger(v.shard.count)]] as const) {
    if (!ok) throw new MergeError(`${file}: ${key} is missing or malformed (edited or damaged); rerun the shard`);
  }
  if (v.batch !== batchHash(v.command, v.format, v.header, v.jobs)) throw new MergeError(`${file}: its batch hash does not match its jobs (edited or damaged)`);
  // A job's id names its output file: one grammar, so that merge writes only inside --out.
  for (const j of v.jobs) if (!isJobId(j.id)) throw new MergeError(`${file}: job id ${JSON.stringify(j.id)} is not a file name (no "/", "\\", control characters, "." or ".."; at most 200 characters); rerun the shard`);
  for (const [key, b] of Object.entries(v.baselines ?? {})) {
    const ok = loadBaseline(b);
    if (!ok.ok || !registerBaseline(key, ok.value)) throw new MergeError(`${file}: baseline ${key} does not match its content hash (edited or damaged); rerun the shard`);
  }
  if (v.itemHashes.length !== v.items.length) throw new MergeError(`${file}: it holds ${v.items.length} item(s) but ${v.itemHashes.length} hash(es) (edited or damaged); rerun the shard`);
  v.items.forEach((it, k) => {
    const job = typeof it === 'object' && it !== null && Number.isInteger(it.job) ? v.jobs[it.job] : undefined;
    if (!job || !('result' in it || ('partial' in it && Number.isInteger(it.group)) || 'error' in it)) throw new MergeError(`${file}: item ${k + 1} is malformed (edited or damaged); rerun the shard`);
    if (itemHash(it) !== v.itemHashes[k]) throw new MergeError(`${file}: item ${k + 1} (${job.id}) was changed after the shard wrote it (its hash does not match); rerun the shard`);
  });
  return v;
}

/**
 * Combine the files of every shard of one batch: each shard exactly once, all from the same batch.
 * Returns the jobs in order with their results (null where a run failed) and the failures.
 */
export function mergeShards(files: readonly string[]): { shard: ShardFile; results: (ScenarioResult | null)[]; errors: string[] } {
  if (!files.length) throw new MergeError('no shard files (expected shard-I-of-N.json)');
  const shards = files.map(readShard);
  const first = shards[0]!;
  const seen = new Map<number, string>();
  shards.forEach((s, k) => {
    if (s.batch !== first.batch) throw new MergeError(`${files[k]}: from a different batch than ${files[0]} (other scenarios, runs, seed or format)`);
    if (s.shard.count !== first.shard.count) throw new MergeError(`${files[k]}: shard ${s.shard.index} of ${s.shard.count}, but ${files[0]} is one of ${first.shard.count}`);
    if (seen.has(s.shard.index)) throw new MergeError(`${files[k]}: shard ${s.shard.index} given twice (also ${seen.get(s.shard.index)})`);
    seen.set(s.shard.index, files[k]!);
  });
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new MergeError(`missing shard(s) ${missing.join(', ')} of ${first.shard.count}`);

  const jobs = first.jobs;
  const results: (ScenarioResult | null)[] = jobs.map(() => null);
  const groups = jobs.map((j) => new Array<PartialSums | null>(groupsOf(j.runs)).fill(null));
  const errors: string[] = [];
  for (const s of shards) {
    for (const it of s.items) {
      if ('result' in it) results[it.job] = it.result;
      else if ('partial' in it) groups[it.job]![it.group] = decodePartial(it.partial);
      else errors.push(`${jobs[it.job]!.file}: run failed: ${it.error}`);
    }
  }
  jobs.forEach((j, k) => {
    if (results[k] || errors.some((e) => e.startsWith(`${j.file}: `))) return;
    const parts = groups[k]!;
    if (parts.some((p) => p === null)) throw new MergeError(`${j.file}: group(s) missing from the shards`);
    const m = new BlockMerger();
    for (const p of parts) m.addGroup({ partials: [p!], diffs: [] } satisfies BlockResult);
    const baseline = baselineOf(j.scenario.baseline);
    if (!baseline) throw new MergeError(`${j.file}: unknown baseline ${j.scenario.baseline}`);
    results[k] = resultOfPartial(j.scenario, baseline, m.result().partials[0]!, j.seed, j.monthly ? 'month' : 'year');
  });
  return { shard: first, results, errors };
}
