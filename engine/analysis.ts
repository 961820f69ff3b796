/**
 * What drives a result: order-independent attribution of a scenario's difference from doing nothing to its
 * interventions (Shapley values), one-at-a-time swings of the uncertain inputs (a tornado), and variance-based
 * sensitivity (first-order and total Sobol indices by Saltelli sampling).
 *
 * All three read the model as a function of its inputs: the deterministic run (likely values, expected
 * small-practice failures), so each evaluation is one run and the answers do not move with Monte Carlo noise.
 */
import seedrandom from 'seedrandom';
import { PARAM_BY_KEY } from './defaults.ts';
import { ROLE_NAMES } from './describe.ts';
import { centralValue, quantile, type Dist, type Interval } from './param-value.ts';
import { runDeterministic } from './run.ts';
import type { Intervention, Scenario } from './schema.ts';
import { someOf } from './load.ts';
import type { Baseline, Metric, ScenarioResult } from './types.ts';

/** The number an analysis explains: a metric's mean in one period (default the last), overall or for one locality. */
export interface Outcome {
  metric: Metric;
  /** Index into the result's periods; default the final one. */
  period?: number;
  locality?: string;
}

export function outcomeOf(r: ScenarioResult, o: Outcome): number {
  const t = o.period ?? r.periods.length - 1;
  const where = o.locality ? r.localities.find((l) => l.id === o.locality) : r.total;
  if (!where) throw new Error(`no locality "${o.locality}" (known: ${someOf(r.localities.map((l) => l.id))})`);
  const cell = where.metrics[o.metric]?.[t];
  if (!cell) throw new Error(`no ${o.metric} in period ${t}`);
  return cell.mean;
}

const likelyOf = (x: unknown): number => (typeof x === 'number' ? x : x && typeof x === 'object' ? centralValue(x as Interval | Dist) : NaN);
const n = (x: unknown, digits = 1) => {
  const v = likelyOf(x);
  return Number.isFinite(v) ? v.toLocaleString('en-GB', { maximumFractionDigits: digits }) : String(x);
};
const pct = (x: unknown) => `${Math.round(likelyOf(x) * 100)}%`;

/**
 * A short name for people, never an id: "Physician associate posts (1 a year, up to 1 FTE)".
 * @example shortLabel({ type: 'hireAhp', role: 'pa', ftePerYear: 1, maxFte: 1, ... }) // 'Physician associate posts (1 a year, up to 1 FTE)'
 */
export function shortLabel(iv: Intervention, localityName: (id: string) => string = (id) => id): string {
  const where = iv.localities ? ` in ${iv.localities.map(localityName).join(', ')}` : '';
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  switch (iv.type) {
    case 'merge': return `Pools of ${iv.target[0] / 1000}–${iv.target[1] / 1000}k patients${where}`;
    case 'upskillNurses': return `Upskill ${n(iv.perYear)} practice nurses a year${where}`;
    case 'hireAhp': return `${cap(ROLE_NAMES[iv.role]![0])} posts (${n(iv.ftePerYear)} a year, up to ${n(iv.maxFte)} FTE)${where}`;
    case 'expandHub': return `${localityName(iv.locality)} hub (+${n(likelyOf(iv.gpAppointments) + likelyOf(iv.nurseAppointments), 0)} appointments a year)`;
    case 'divertAe': return `Divert ${pct(iv.share ?? PARAM_BY_KEY.get('divertAe.share')!.value)} of avoidable A&E${where}`;
    case 'careNavigation': return `Care navigation (${pct(iv.share)} of navigable demand)${where}`;
    case 'recruit': return `Recruit ${n(iv.ftePerYear)} ${ROLE_NAMES[iv.role]![1]} a year${where}`;
    default: return iv satisfies never;
  }
}

/**
 * Shapley values of a cooperative game over `count` players: exact (all 2^count coalitions) up to
 * `maxExact` players, otherwise the mean over `permutations` random orders (each order with its reverse).
 * Either way the values add up to v(all) - v(none) exactly (every order telescopes).
 * @example shapleyValues(2, (s) => (s.has(0) ? 1 : 0) + (s.has(1) ? 2 : 0) + (s.has(0) && s.has(1) ? 2 : 0)) // [2, 3]
 */
export function shapleyValues(count: number, v: (members: ReadonlySet<number>) => number, opts: { maxExact?: number; permutations?: number; seed?: string } = {}): { values: number[]; none: number; all: number; exact: boolean; evaluations: number } {
  const cache = new Map<string, number>();
  const value = (members: number[]) => {
    const key = [...members].sort((a, b) => a - b).join(',');
    let x = cache.get(key);
    if (x === undefined) cache.set(key, (x = v(new Set(members))));
    return x;
  };
  const values = new Array<number>(count).fill(0);
  if (count <= (opts.maxExact ?? 8)) {
    // phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)).
    const fact = [1];
    for (let k = 1; k <= count; k++) fact[k] = fact[k - 1]! * k;
    for (let mask = 0; mask < 1 << count; mask++) {
      const members = [];
      for (let i = 0; i < count; i++) if (mask & (1 << i)) members.push(i);
      const w = (fact[members.length]! * fact[count - members.length - 1]!) / fact[count]!;
      for (let i = 0; i < count; i++) {
        if (mask & (1 << i)) continue;
        values[i]! += w * (value([...members, i]) - value(members));
      }
    }
    return { values, none: value([]), all: value(Array.from({ length: count }, (_, i) => i)), exact: true, evaluations: cache.size };
  }
  const rng = seedrandom.alea(opts.seed ?? 'shapley');
  const pairs = Math.max(1, Math.ceil((opts.permutations ?? 64) / 2));
  for (let k = 0; k < pairs; k++) {
    const order = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const o of [order, [...order].reverse()]) {
      const members: number[] = [];
      let prev = value(members);
      for (const i of o) {
        members.push(i);
        const next = value(members);
        values[i]! += next - prev;
        prev = next;
      }
    }
  }
  return { values: values.map((x) => x / (2 * pairs)), none: value([]), all: value(Array.from({ length: count }, (_, i) => i)), exact: false, evaluations: cache.size };
}

export interface Waterfall {
  outcome: Outcome;
  /** The outcome doing nothing (the scenario without its interventions) and with all of them. */
  doNothing: number;
  scenario: number;
  steps: { index: number; label: string; value: number }[];
  exact: boolean;
  evaluations: number;
}

/**
 * From doing nothing to the scenario, one step per intervention: Shapley values over the interventions of
 * the deterministic outcome. The steps add up to scenario - doNothing.
 */
export function attribution(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { maxExact?: number; permutations?: number } = {}): Waterfall {
  const ivs = scenario.interventions;
  const at = (members: ReadonlySet<number>) => outcomeOf(runDeterministic({ ...scenario, interventions: ivs.filter((_, i) => members.has(i)) }, baseline), outcome);
  const { values, none, all, exact, evaluations } = shapleyValues(ivs.length, at, { ...opts, seed: `${scenario.seed}/attribution` });
  const name = (id: string) => baseline.localities.find((l) => l.id === id)?.name ?? id;
  return {
    outcome,
    doNothing: none,
    scenario: all,
    steps: ivs.map((iv, i) => ({ index: i, label: shortLabel(iv, name), value: values[i]! })),
    exact,
    evaluations,
  };
}

/** An uncertain input of a scenario: a parameter, or a field of an intervention, given as an interval or distribution. */
export interface UncertainInput {
  /** JSON path in the scenario: `parameters.<key>` or `interventions[i].<field>`. */
  path: string;
  label: string;
  value: Interval | Dist;
}

export function uncertainInputs(scenario: Scenario, baseline: Baseline): UncertainInput[] {
  const out: UncertainInput[] = [];
  for (const [key, spec] of PARAM_BY_KEY) {
    const v = (scenario.parameters as Record<string, unknown>)[key] ?? spec.value;
    if (v && typeof v === 'object' && !Array.isArray(v) && ('p10' in v || 'dist' in v)) out.push({ path: `parameters.${key}`, label: spec.description, value: v as Interval | Dist });
  }
  const name = (id: string) => baseline.localities.find((l) => l.id === id)?.name ?? id;
  scenario.interventions.forEach((iv, i) => {
    for (const [field, v] of Object.entries(iv)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && ('p10' in v || 'dist' in v)) out.push({ path: `interventions[${i}].${field}`, label: `${shortLabel(iv, name)}: ${field}`, value: v as Interval | Dist });
    }
  });
  return out;
}

/** The scenario with some uncertain inputs fixed at plain numbers. */
export function withInputs(scenario: Scenario, inputs: readonly UncertainInput[], values: ArrayLike<number>): Scenario {
  const s = { ...scenario, parameters: { ...scenario.parameters }, interventions: scenario.interventions.map((iv) => ({ ...iv })) } as Scenario;
  inputs.forEach((inp, k) => {
    const m = /^interventions\[(\d+)\]\.(.+)$/.exec(inp.path);
    if (m) (s.interventions[Number(m[1])] as Record<string, unknown>)[m[2]!] = values[k]!;
    else (s.parameters as Record<string, unknown>)[inp.path.slice('parameters.'.length)] = values[k]!;
  });
  return s;
}

export interface TornadoBar {
  path: string;
  label: string;
  /** The input at its p10 and p90, and the outcome at each (every other input at its likely value). */
  inputLow: number;
  inputHigh: number;
  low: number;
  high: number;
  swing: number;
}

/** One at a time, each uncertain input from its p10 to its p90: bars sorted by the size of the swing. */
export function tornado(scenario: Scenario, baseline: Baseline, outcome: Outcome): { base: number; bars: TornadoBar[] } {
  const inputs = uncertainInputs(scenario, baseline);
  const base = outcomeOf(runDeterministic(scenario, baseline), outcome);
  const bars = inputs.map((inp) => {
    const inputLow = quantile(inp.value, 0.1), inputHigh = quantile(inp.value, 0.9);
    const low = outcomeOf(runDeterministic(withInputs(scenario, [inp], [inputLow]), baseline), outcome);
    const high = outcomeOf(runDeterministic(withInputs(scenario, [inp], [inputHigh]), baseline), outcome);
    return { path: inp.path, label: inp.label, inputLow, inputHigh, low, high, swing: Math.abs(high - low) };
  });
  bars.sort((a, b) => b.swing - a.swing || (a.path < b.path ? -1 : 1));
  return { base, bars };
}

/**
 * First-order and total Sobol indices of f over k independent uniform inputs, from N base samples and
 * N (k + 2) evaluations: Saltelli's estimator (2010) for first order, Jansen's for total.
 * @example sobolIndices(2, 4096, (u) => u[0]!, 'x').first[0] // close to 1
 */
export function sobolIndices(k: number, N: number, f: (u: Float64Array) => number, seed: string): { first: number[]; total: number[]; variance: number; evaluations: number } {
  const rng = seedrandom.alea(seed);
  const A = Array.from({ length: N }, () => Float64Array.from({ length: k }, () => rng()));
  const B = Array.from({ length: N }, () => Float64Array.from({ length: k }, () => rng()));
  const fA = A.map(f), fB = B.map(f);
  const all = [...fA, ...fB];
  const mean = all.reduce((a, x) => a + x, 0) / all.length;
  const variance = all.reduce((a, x) => a + (x - mean) ** 2, 0) / (all.length - 1);
  const first: number[] = [], total: number[] = [];
  for (let i = 0; i < k; i++) {
    let s = 0, t = 0;
    for (let j = 0; j < N; j++) {
      const ab = Float64Array.from(A[j]!);
      ab[i] = B[j]![i]!;
      const fAB = f(ab);
      // Centred on the mean: the same expectation, far less noise when the mean is large against the spread.
      s += (fB[j]! - mean) * (fAB - fA[j]!);
      t += (fA[j]! - fAB) ** 2;
    }
    first.push(variance > 0 ? s / N / variance : 0);
    total.push(variance > 0 ? t / (2 * N) / variance : 0);
  }
  return { first, total, variance, evaluations: N * (k + 2) };
}

export interface Sensitivity {
  outcome: Outcome;
  base: number;
  tornado: TornadoBar[];
  /** Sobol indices of the `top` inputs with the largest swings, the others at their likely values. */
  sobol: { path: string; label: string; first: number; total: number }[];
  samples: number;
  evaluations: number;
}

/** The tornado of every uncertain input, then Sobol indices for the top ones (by swing). */
export function sensitivity(scenario: Scenario, baseline: Baseline, outcome: Outcome, opts: { top?: number; samples?: number } = {}): Sensitivity {
  const t = tornado(scenario, baseline, outcome);
  const inputs = uncertainInputs(scenario, baseline);
  const top = t.bars.slice(0, opts.top ?? 5).filter((b) => b.swing > 0).map((b) => inputs.find((i) => i.path === b.path)!);
  const N = opts.samples ?? 256;
  const s = top.length
    ? sobolIndices(top.length, N, (u) => outcomeOf(runDeterministic(withInputs(scenario, top, top.map((inp, j) => quantile(inp.value, Math.min(Math.max(u[j]!, 1e-9), 1 - 1e-9)))), baseline), outcome), `${scenario.seed}/sobol`)
    : { first: [], total: [], evaluations: 0 };
  return {
    outcome,
    base: t.base,
    tornado: t.bars,
    sobol: top.map((inp, j) => ({ path: inp.path, label: inp.label, first: s.first[j]!, total: s.total[j]! })),
    samples: N,
    evaluations: 1 + 2 * t.bars.length + s.evaluations,
  };
}

/**
 * Whether Sobol estimates contradict each other (a first order above its total, or first orders adding to
 * more than 1, beyond 0.02): sampling error that the web app and the CLI say alongside the indices.
 */
export function sobolInconsistent(sobol: readonly { first: number; total: number }[]): boolean {
  return sobol.some((x) => x.first > x.total + 0.02) || sobol.reduce((a, x) => a + Math.max(0, x.first), 0) > 1.02;
}
