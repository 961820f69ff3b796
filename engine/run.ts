/**
 * Running scenarios: fixed blocks of runs (so results are independent of how blocks are spread over
 * workers), merged in order, summarised into the result format (`capsim/result@4`, README "Command line").
 */
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { buildPlan, type Plan, type Resolution } from './plan.ts';
import { PARAM_BY_KEY } from './defaults.ts';
import { centralValue, type Dist, type Interval } from './param-value.ts';
import type { Scenario } from './schema.ts';
import { NM, simulate, Workspace } from './simulate.ts';
import { addRun, cellSummary, emptyPartial, EXACT_LIMIT, mergePartial, type PartialSums } from './summary.ts';
import { LOWER_IS_BETTER, METRICS, MODEL_VERSION, RESULT_SCHEMA_ID, ROLES, type Baseline, type Metric, type ScenarioResult, type StartStocks, type Summary } from './types.ts';

export const BLOCK_SIZE = 50;

export interface RunOptions {
  runs?: number;
  seed?: number;
  resolution?: Resolution;
}

/** JSON with object keys sorted, so equal scenarios hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** SHA-256 of a value's canonical JSON: equal content, equal hash, whatever the key order. */
export function contentHash(value: unknown, canonical = canonicalJson(value)): string {
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}

export const scenarioHash = (s: Scenario): string => contentHash(s);

export function blocksOf(runs: number): { firstRun: number; count: number }[] {
  const out = [];
  for (let first = 0; first < runs; first += BLOCK_SIZE) out.push({ firstRun: first, count: Math.min(BLOCK_SIZE, runs - first) });
  return out;
}

const workspaces = new WeakMap<Plan, Workspace>();
function workspace(plan: Plan): Workspace {
  let ws = workspaces.get(plan);
  if (!ws) workspaces.set(plan, (ws = new Workspace(plan)));
  return ws;
}

export interface BlockResult {
  /** One partial per plan. */
  partials: PartialSums[];
  /** For plans 1..n-1: partial of (plan k - plan 0), run by run, with "better than plan 0" counts. */
  diffs: PartialSums[];
}

/**
 * Run `count` Monte Carlo runs from `firstRun` of every plan, on common random numbers.
 * @example runBlock([plan], 1, 0, 50, 1000) // partials of runs 0..49
 */
export function runBlock(plans: readonly Plan[], seed: number, firstRun: number, count: number, totalRuns: number): BlockResult {
  const sketch = totalRuns > EXACT_LIMIT;
  const sizes = plans.map((p) => NM * (p.L + 1) * p.periods.length);
  const partials = sizes.map((size) => emptyPartial(size, sketch, count));
  const diffs = sizes.slice(1).map((size) => emptyPartial(size, sketch, count, true));
  const better = plans.length > 1 ? betterSigns(plans[0]!) : null;
  // Buffers reused across runs: the first plan's output (another plan may share its workspace) and the difference.
  const base = new Float64Array(plans.length > 1 ? sizes[0]! : 0);
  const diff = new Float64Array(base.length);
  for (let run = firstRun; run < firstRun + count; run++) {
    for (let k = 0; k < plans.length; k++) {
      const out = simulate(workspace(plans[k]!), seed, run);
      addRun(partials[k]!, out);
      if (plans.length === 1) continue;
      if (k === 0) {
        base.set(out);
        continue;
      }
      const d = diffs[k - 1]!;
      for (let i = 0; i < out.length; i++) {
        diff[i] = out[i]! - base[i]!;
        if (better![i]! * diff[i]! > 0) d.better![i]! += 1;
      }
      addRun(d, diff);
    }
  }
  return { partials, diffs };
}

/** +1 where a higher value is better, -1 where lower is better, 0 where neither, per cell. */
function betterSigns(plan: Plan): Float64Array {
  const n = (plan.L + 1) * plan.periods.length;
  const out = new Float64Array(NM * n);
  METRICS.forEach((m, mi) => out.fill(LOWER_IS_BETTER[m] === null ? 0 : LOWER_IS_BETTER[m] ? -1 : 1, mi * n, (mi + 1) * n));
  return out;
}

/** Blocks per group: blocks merge left to right within a group of 1,000 runs, then groups left to right. */
export const GROUP_BLOCKS = 20;
export const GROUP_RUNS = GROUP_BLOCKS * BLOCK_SIZE;

function mergeTwo(a: BlockResult, b: BlockResult): BlockResult {
  b.partials.forEach((p, k) => mergePartial(a.partials[k]!, p));
  b.diffs.forEach((p, k) => mergePartial(a.diffs[k]!, p));
  return a;
}

/** The buffers of a block result, to transfer rather than copy between threads. */
export function blockBuffers(b: BlockResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const p of [...b.partials, ...b.diffs]) {
    out.push(p.sums.buffer as ArrayBuffer);
    if (p.values) out.push(p.values.buffer as ArrayBuffer);
    if (p.better) out.push(p.better.buffer as ArrayBuffer);
  }
  return out;
}

/**
 * The one order in which block results are added up, whoever computed them: blocks in order within each
 * group of GROUP_BLOCKS, then the groups in order. Floating-point sums depend on that order, so fixing it
 * (rather than "whatever arrived first") gives the same bytes on any number of workers, and lets a shard
 * on another machine hand over whole groups (`capsim batch --shard`, `capsim merge`).
 */
export class BlockMerger {
  private next: number;
  private group: BlockResult | null = null;
  private total: BlockResult | null = null;
  private readonly early = new Map<number, BlockResult>();

  /** `firstBlock` must start a group. */
  constructor(firstBlock = 0) {
    if (firstBlock % GROUP_BLOCKS) throw new Error(`block ${firstBlock} does not start a group of ${GROUP_BLOCKS}`);
    this.next = firstBlock;
  }

  /** Block `index` (any arrival order; merged once every earlier block has arrived). */
  add(index: number, b: BlockResult): void {
    this.early.set(index, b);
    for (let r = this.early.get(this.next); r; r = this.early.get(this.next)) {
      this.early.delete(this.next++);
      this.group = this.group ? mergeTwo(this.group, r) : r;
      if (this.next % GROUP_BLOCKS === 0) this.closeGroup();
    }
  }

  /** A whole group already merged elsewhere (a shard's), in group order. */
  addGroup(g: BlockResult): void {
    if (this.group || this.early.size) throw new Error('a group can only follow whole groups');
    this.total = this.total ? mergeTwo(this.total, g) : g;
    this.next += GROUP_BLOCKS;
  }

  private closeGroup(): void {
    if (!this.group) return;
    this.total = this.total ? mergeTwo(this.total, this.group) : this.group;
    this.group = null;
  }

  get pending(): number {
    return this.early.size;
  }

  result(): BlockResult {
    if (this.early.size) throw new Error('blocks missing');
    this.closeGroup();
    if (!this.total) throw new Error('no blocks to merge');
    return this.total;
  }
}

/** Merge every block of a job, given in block order from block 0 (the canonical order of BlockMerger). */
export function mergeBlocks(blocks: readonly BlockResult[]): BlockResult {
  const m = new BlockMerger();
  blocks.forEach((b, i) => m.add(i, b));
  return m.result();
}

/** A reference parameter's value in the first month where it is fixed, else its central value (or `otherwise`). */
const startReference = (plan: Plan, key: string, otherwise: number): number => {
  const slot = plan.slots[key]!;
  return slot.fixed ? slot.fixed[0]! : typeof slot.value === 'object' && slot.value !== null ? centralValue(slot.value as Interval | Dist) : otherwise;
};

function startStocks(plan: Plan, loc: number | null): StartStocks {
  let pop = 0, locum = 0;
  const fte = new Float64Array(ROLES.length);
  for (let p = 0; p < plan.P; p++) {
    if (loc !== null && plan.practiceLoc[p] !== loc) continue;
    pop += plan.listW[p]!;
    locum += plan.locum0[p]!;
    for (let r = 0; r < ROLES.length; r++) fte[r]! += plan.fte0[p * ROLES.length + r]!;
  }
  const refPpg = startReference(plan, 'reference.patientsPerGpFte', plan.reference), seedsPpg = startReference(plan, 'reference.seedsPatientsPerGp', 1321);
  const out: StartStocks = { population: pop };
  ROLES.forEach((r, i) => (out[`fte.${r}`] = fte[i]!));
  // GP FTE at the start counts the baseline's locums, as the seeds' figures do.
  out['fte.gpLocum'] = locum;
  out['fte.gpAll'] = fte[0]! + locum;
  out.patientsPerGpFte = pop / Math.max(fte[0]! + locum, 0.01);
  out.additionalGpFteTraditional = Math.max(0, pop / seedsPpg - fte[0]! - locum);
  out.additionalGpFteLikeForLike = Math.max(0, pop / refPpg - fte[0]! - locum);
  return out;
}

function metricsOf(plan: Plan, p: PartialSums, loc: number): Record<Metric, Summary[]> {
  const NP = plan.periods.length;
  const scratch = new Float64Array(p.count);
  const out = {} as Record<Metric, Summary[]>;
  METRICS.forEach((m, mi) => {
    out[m] = plan.periods.map((_, t) => {
      const s = cellSummary(p, (mi * (plan.L + 1) + loc) * NP + t, scratch);
      // A share of runs: every percentile reports the share (docs/model.md, "Uncertainty").
      return m === 'probGapClosed' ? { mean: s.mean, p10: s.mean, p50: s.mean, p90: s.mean } : s;
    });
  });
  return out;
}

export function resultOf(scenario: Scenario, plan: Plan, p: PartialSums, seed: number): ScenarioResult {
  // A run never reports success with values that are not numbers.
  for (let i = 0; i < p.sums.length; i++) {
    if (!Number.isFinite(p.sums[i]!)) {
      const cells = (plan.L + 1) * plan.periods.length;
      const m = Math.floor(i / cells), l = Math.floor((i % cells) / plan.periods.length), t = i % plan.periods.length;
      throw new Error(`${scenario.name}: ${METRICS[m]} is not a finite number in ${plan.periods[t]} (${l < plan.L ? plan.localityIds[l] : 'total'})`);
    }
  }
  return {
    schema: RESULT_SCHEMA_ID,
    scenario: { name: scenario.name, hash: scenarioHash(scenario) },
    model: MODEL_VERSION,
    reference: {
      patientsPerGpFte: startReference(plan, 'reference.patientsPerGpFte', plan.reference), seedsPatientsPerGp: startReference(plan, 'reference.seedsPatientsPerGp', 1321),
      loadRef: startReference(plan, 'access.loadRef', PARAM_BY_KEY.get('access.loadRef')!.value as number),
    },
    seed,
    runs: p.count,
    periods: plan.periods,
    localities: plan.localityIds.map((id, l) => ({
      id, name: plan.localityNames[l]!, area: plan.localityAreas[l]!, start: startStocks(plan, l), metrics: metricsOf(plan, p, l),
    })),
    total: { start: startStocks(plan, null), metrics: metricsOf(plan, p, plan.L) },
  };
}

/** Difference of a scenario against the first, run by run, with the share of runs where it is better. */
export interface ComparisonCell extends Summary {
  pBetter: number | null;
}
export interface Comparison {
  schema: 'capsim/comparison@1';
  baseline: { name: string; hash: string };
  scenario: { name: string; hash: string };
  seed: number;
  runs: number;
  periods: string[];
  localities: { id: string; name: string; metrics: Record<Metric, ComparisonCell[]> }[];
  total: { metrics: Record<Metric, ComparisonCell[]> };
}

export function comparisonOf(base: Scenario, scenario: Scenario, plan: Plan, d: PartialSums, seed: number): Comparison {
  const NP = plan.periods.length;
  const cells = (loc: number) => {
    const out = {} as Record<Metric, ComparisonCell[]>;
    METRICS.forEach((m, mi) => {
      out[m] = plan.periods.map((_, t) => {
        const i = (mi * (plan.L + 1) + loc) * NP + t;
        return { ...cellSummary(d, i), pBetter: LOWER_IS_BETTER[m] === null ? null : d.better![i]! / d.count };
      });
    });
    return out;
  };
  return {
    schema: 'capsim/comparison@1',
    baseline: { name: base.name, hash: scenarioHash(base) },
    scenario: { name: scenario.name, hash: scenarioHash(scenario) },
    seed, runs: d.count, periods: plan.periods,
    localities: plan.localityIds.map((id, l) => ({ id, name: plan.localityNames[l]!, metrics: cells(l) })),
    total: { metrics: cells(plan.L) },
  };
}

/**
 * Run a scenario's Monte Carlo in this thread.
 * @example runScenario(scenario, baseline, { runs: 1000 }).total.metrics.unmet[9].p50
 */
export function runScenario(scenario: Scenario, baseline: Baseline, opts: RunOptions = {}): ScenarioResult {
  const runs = opts.runs ?? scenario.runs;
  const seed = opts.seed ?? scenario.seed;
  const plan = buildPlan(scenario, baseline, opts.resolution);
  const merged = mergeBlocks(blocksOf(runs).map((b) => runBlock([plan], seed, b.firstRun, b.count, runs)));
  return resultOf(scenario, plan, merged.partials[0]!, seed);
}

/** The deterministic run: every parameter at its likely value, expected small-practice failures. */
export function runDeterministic(scenario: Scenario, baseline: Baseline, resolution: Resolution = 'year'): ScenarioResult {
  const plan = buildPlan(scenario, baseline, resolution);
  const out = simulate(workspace(plan), scenario.seed, null);
  const p = emptyPartial(out.length, false, 1);
  addRun(p, out);
  return resultOf(scenario, plan, p, scenario.seed);
}

/** Compare scenarios against the first on common random numbers, in this thread. */
export function compareScenarios(scenarios: readonly Scenario[], baseline: Baseline, opts: RunOptions = {}): { results: ScenarioResult[]; comparisons: Comparison[] } {
  const runs = opts.runs ?? scenarios[0]!.runs;
  const seed = opts.seed ?? scenarios[0]!.seed;
  const plans = scenarios.map((s) => buildPlan(s, baseline, opts.resolution));
  const merged = mergeBlocks(blocksOf(runs).map((b) => runBlock(plans, seed, b.firstRun, b.count, runs)));
  return summariseMerged(scenarios, plans, merged, seed);
}

/**
 * The one way merged runs become results: each scenario's result, and each later scenario compared with the
 * first (run by run, on common random numbers). Used in this thread, in the workers and by the CLI.
 */
export function summariseMerged(scenarios: readonly Scenario[], plans: readonly Plan[], merged: BlockResult, seed: number): { results: ScenarioResult[]; comparisons: Comparison[] } {
  return {
    results: scenarios.map((s, k) => resultOf(s, plans[k]!, merged.partials[k]!, seed)),
    comparisons: scenarios.slice(1).map((s, k) => comparisonOf(scenarios[0]!, s, plans[k + 1]!, merged.diffs[k]!, seed)),
  };
}
