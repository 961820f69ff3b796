/**
 * Summaries over Monte Carlo runs: mean, p10, p50, p90 per cell (metric x locality x period).
 * Runs are summed in fixed blocks merged in block order, so any split of blocks across workers gives
 * identical bytes. Up to EXACT_LIMIT runs every value is kept and quantiles are exact; beyond, each
 * cell keeps a log-binned histogram (relative error under 0.5%) so memory does not grow with runs.
 */
import type { Summary } from './types.ts';

export const EXACT_LIMIT = 2000;
const ALPHA = 0.005;
const GAMMA = (1 + ALPHA) / (1 - ALPHA);
const LOG_GAMMA = Math.log(GAMMA);
const TINY = 1e-9;

/** A histogram of one cell's values on log-spaced bins, separately for positive and negative values. */
export interface Sketch {
  zero: number;
  posLo: number;
  pos: Uint32Array;
  negLo: number;
  neg: Uint32Array;
}

const emptySketch = (): Sketch => ({ zero: 0, posLo: 0, pos: new Uint32Array(0), negLo: 0, neg: new Uint32Array(0) });

function addBin(lo: number, bins: Uint32Array, idx: number, n: number): [number, Uint32Array] {
  if (bins.length === 0) {
    const b = new Uint32Array(16);
    b[8] = n;
    return [idx - 8, b];
  }
  const hi = lo + bins.length;
  if (idx < lo || idx >= hi) {
    // Grow on the side that overflowed, with headroom proportional to the span (not by doubling).
    const newLo = Math.min(lo, idx), newHi = Math.max(hi, idx + 1);
    const pad = Math.max(8, (newHi - newLo) >> 2);
    const start = idx < lo ? newLo - pad : newLo;
    const end = idx >= hi ? newHi + pad : newHi;
    const b = new Uint32Array(end - start);
    b.set(bins, lo - start);
    bins = b;
    lo = start;
  }
  bins[idx - lo]! += n;
  return [lo, bins];
}

function sketchAdd(s: Sketch, v: number, n = 1): void {
  if (Math.abs(v) < TINY) s.zero += n;
  else if (v > 0) [s.posLo, s.pos] = addBin(s.posLo, s.pos, Math.ceil(Math.log(v) / LOG_GAMMA), n);
  else [s.negLo, s.neg] = addBin(s.negLo, s.neg, Math.ceil(Math.log(-v) / LOG_GAMMA), n);
}

function sketchMerge(into: Sketch, from: Sketch): void {
  into.zero += from.zero;
  from.pos.forEach((n, i) => { if (n) [into.posLo, into.pos] = addBin(into.posLo, into.pos, from.posLo + i, n); });
  from.neg.forEach((n, i) => { if (n) [into.negLo, into.neg] = addBin(into.negLo, into.neg, from.negLo + i, n); });
}

/** Value at 0-based rank k of the sketch, in ascending order. */
function sketchRank(s: Sketch, k: number): number {
  const rep = (idx: number) => (2 * Math.pow(GAMMA, idx)) / (GAMMA + 1);
  let seen = 0;
  for (let i = s.neg.length - 1; i >= 0; i--) {
    seen += s.neg[i]!;
    if (k < seen) return -rep(s.negLo + i);
  }
  seen += s.zero;
  if (k < seen) return 0;
  for (let i = 0; i < s.pos.length; i++) {
    seen += s.pos[i]!;
    if (k < seen) return rep(s.posLo + i);
  }
  return NaN;
}

/** Partial sums of a block of runs: sums, and either the values or a sketch per cell. */
export interface PartialSums {
  count: number;
  /** Summarise with sketches once merged (more than EXACT_LIMIT runs in all). */
  sketch: boolean;
  sums: Float64Array;
  /** The block's values run-major, `count` rows of `sums.length` (until turned into sketches). */
  values: Float64Array | null;
  sketches: Sketch[] | null;
  /** Runs in which the cell's value counted as "better" (comparisons only). */
  better: Float64Array | null;
}

/**
 * A block keeps its runs' values (bounded by the block size); merged partials of more than EXACT_LIMIT
 * runs fold them into sketches, so memory does not grow with the number of runs.
 */
export function emptyPartial(size: number, sketch: boolean, capacity: number, withBetter = false): PartialSums {
  return {
    count: 0,
    sketch,
    sums: new Float64Array(size),
    values: new Float64Array(size * capacity),
    sketches: null,
    better: withBetter ? new Float64Array(size) : null,
  };
}

export function addRun(p: PartialSums, vec: Float64Array): void {
  const size = p.sums.length;
  for (let i = 0; i < size; i++) p.sums[i]! += vec[i]!;
  if (p.values) {
    if (p.values.length < (p.count + 1) * size) {
      const grown = new Float64Array(Math.max(p.values.length * 2, (p.count + 1) * size));
      grown.set(p.values);
      p.values = grown;
    }
    p.values.set(vec, p.count * size);
  } else for (let i = 0; i < size; i++) sketchAdd(p.sketches![i]!, vec[i]!);
  p.count++;
}

function foldIntoSketches(p: PartialSums, values: Float64Array, count: number): void {
  const size = p.sums.length;
  p.sketches ??= Array.from({ length: size }, emptySketch);
  for (let k = 0; k < count; k++) for (let i = 0; i < size; i++) sketchAdd(p.sketches[i]!, values[k * size + i]!);
}

/** Merge `next` (the following block) into `acc`; `acc.values` must have room. */
export function mergePartial(acc: PartialSums, next: PartialSums): PartialSums {
  const size = acc.sums.length;
  for (let i = 0; i < size; i++) acc.sums[i]! += next.sums[i]!;
  if (acc.better && next.better) for (let i = 0; i < size; i++) acc.better[i]! += next.better[i]!;
  if (acc.sketch && acc.values) {
    foldIntoSketches(acc, acc.values, acc.count);
    acc.values = null;
  }
  if (acc.sketches) {
    if (next.values) foldIntoSketches(acc, next.values, next.count);
    else if (next.sketches) acc.sketches.forEach((s, i) => sketchMerge(s, next.sketches![i]!));
  } else if (acc.values && next.values) {
    if (acc.values.length < (acc.count + next.count) * size) {
      const grown = new Float64Array(Math.max(acc.values.length * 2, (acc.count + next.count) * size));
      grown.set(acc.values.subarray(0, acc.count * size));
      acc.values = grown;
    }
    acc.values.set(next.values.subarray(0, next.count * size), acc.count * size);
  }
  acc.count += next.count;
  return acc;
}

/** Type-7 quantile (linear interpolation between order statistics) of sorted values. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Rearrange a[lo..hi] so a[k] holds the value of rank k, smaller ones before it and larger after (Hoare's select). */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!; a[i] = a[j]!; a[j] = t;
        i++; j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Type-7 quantile of unsorted values (reordered in place) without sorting them: two selections. */
function quantileSelect(a: Float64Array, q: number, lo: number, hi: number): number {
  const h = (a.length - 1) * q;
  const k = Math.floor(h);
  select(a, k, lo, hi);
  const v = a[k]!;
  if (h === k) return v;
  // The next order statistic is the smallest value after k (beyond hi when the range ends at k: values
  // there are no smaller than any within it).
  let next = Infinity;
  const end = k + 1 <= hi ? hi : a.length - 1;
  for (let i = k + 1; i <= end; i++) if (a[i]! < next) next = a[i]!;
  return v + (h - k) * (next - v);
}

/** Cell i's values of every run, gathered from the run-major store. */
function column(p: PartialSums, i: number, scratch?: Float64Array): Float64Array {
  const n = p.count, size = p.sums.length;
  const col = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  const v = p.values!;
  for (let k = 0; k < n; k++) col[k] = v[k * size + i]!;
  return col;
}

/**
 * Summary of cell i of a partial. Exact quantiles come from selection, not a sort: p50 first, then p10
 * among the values below it and p90 among those above (selection leaves them partitioned).
 */
export function cellSummary(p: PartialSums, i: number, scratch?: Float64Array): Summary {
  const n = p.count;
  if (p.sketch && p.values && !p.sketches) {
    foldIntoSketches(p, p.values, p.count);
    p.values = null;
  }
  const mean = p.sums[i]! / n;
  if (p.values && !p.sketches) {
    const col = column(p, i, scratch);
    const k50 = Math.floor((n - 1) * 0.5);
    const p50 = quantileSelect(col, 0.5, 0, n - 1);
    const p10 = quantileSelect(col, 0.1, 0, k50);
    const p90 = quantileSelect(col, 0.9, k50, n - 1);
    return { mean, p10, p50, p90 };
  }
  const s = p.sketches![i]!;
  const at = (q: number) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const a = sketchRank(s, lo);
    return h === lo ? a : a + (h - lo) * (sketchRank(s, lo + 1) - a);
  };
  return { mean, p10: at(0.1), p50: at(0.5), p90: at(0.9) };
}
