/**
 * Goal-seek: the least-cost mix of levers (GP recruitment, nurse upskilling, each new role, hub
 * appointments, care navigation, merging) that brings the chance the gap is closed to a target in a target
 * year, within supply limits and a budget.
 *
 * Outputs rise with every lever, and every candidate is run on the same random numbers (same seed, same
 * runs), so differences between candidates are not noise. The search: greedy steps, each on the lever that
 * buys the most progress per pound (progress is the chance the gap is closed, or while that is still zero,
 * the fall in the mean GP FTE gap); then local improvement, taking back any step the target does not need;
 * then the three cheapest mixes that reach the target are run again with more runs to confirm them.
 */
import { ROLE_NAMES } from './describe.ts';
import { addMonths, listSize, loadScenario } from './load.ts';
import { financialYear } from './plan.ts';
import { runScenario } from './run.ts';
import type { Scenario } from './schema.ts';
import type { Baseline, ScenarioResult } from './types.ts';

export type LeverId = 'gp' | 'upskill' | 'pharmacist' | 'physio' | 'paramedic' | 'pa' | 'hub' | 'navigation' | 'merge';
export const LEVER_IDS: LeverId[] = ['gp', 'upskill', 'pharmacist', 'physio', 'paramedic', 'pa', 'hub', 'navigation', 'merge'];

const posts = (role: string) => (x: number) => `${x} ${ROLE_NAMES[role]![0]} post${x === 1 ? '' : 's'} a year`;

/**
 * Each lever: a level per year from the scenario's start, its most (a supply limit) and its search step, for
 * an area of Thurrock's size (170,000 patients); staff levers scale with the baseline's population.
 */
export const LEVERS: Record<LeverId, { label: (x: number) => string; unit: string; max: number; step: number }> = {
  gp: { label: (x) => `Recruit ${x} GP FTE a year`, unit: 'GP FTE a year', max: 12, step: 2 },
  upskill: { label: (x) => `Upskill ${x} practice nurses a year`, unit: 'nurses a year', max: 8, step: 2 },
  pharmacist: { label: posts('pharmacist'), unit: 'posts a year', max: 8, step: 2 },
  physio: { label: posts('physio'), unit: 'posts a year', max: 6, step: 2 },
  paramedic: { label: posts('paramedic'), unit: 'posts a year', max: 6, step: 2 },
  pa: { label: posts('pa'), unit: 'posts a year', max: 6, step: 2 },
  hub: { label: (x) => `${x} extra hub GP appointments a year per 1,000 patients`, unit: 'appointments per 1,000 a year', max: 400, step: 100 },
  navigation: { label: (x) => `Care navigation of ${Math.round(x * 100)}% of navigable demand`, unit: 'share', max: 1, step: 0.25 },
  merge: { label: () => 'Merge practices into pools of 30–50k', unit: 'on/off', max: 1, step: 1 },
};

export type Mix = Partial<Record<LeverId, number>>;
const STAFF = new Set<LeverId>(['gp', 'upskill', 'pharmacist', 'physio', 'paramedic', 'pa']);

export interface SolveOptions {
  /** The chance the gap is closed to reach, 0-1. */
  target: number;
  /** The financial year to reach it in, as the results name it ("2020/21"). */
  period: string;
  locality?: string;
  /** The most extra cost, cumulative to the target year, over the scenario as it stands (£). */
  budget?: number;
  /** Supply limits: the most of each lever (e.g. GP FTE recruited a year). 0 leaves a lever out. */
  limits?: Mix;
  /** Share of advertised posts filled (GP recruitment and new roles); default the model's. */
  fillRate?: number;
  /** Monte Carlo runs per candidate in the search, and for confirming the best three. */
  runs?: number;
  confirmRuns?: number;
  onProgress?: (evaluations: number) => void;
  isCancelled?: () => boolean;
}

export interface Candidate {
  mix: Mix;
  /** What the mix adds, in readable words. */
  description: string[];
  probGapClosed: number;
  gpFteGap: number;
  /** Extra cost to the target year over the scenario as it stands. */
  extraCost: number;
  runs: number;
}

export interface Solution {
  target: number;
  period: string;
  locality: string | null;
  /** The scenario as it stands. */
  start: { probGapClosed: number; gpFteGap: number; cost: number };
  /** The cheapest mix that reaches the target, and the two runners-up; empty when none does. */
  mixes: Candidate[];
  /** The closest the search came when nothing reached the target. */
  closest: Candidate | null;
  feasible: boolean;
  evaluations: number;
  /** Interventions that add the best mix to the scenario (one click in the workspace). */
  interventions: Record<string, unknown>[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;
type Evaluation = { prob: number; progress: number; cost: number };

/** Runs a scenario's Monte Carlo: in this thread by default, or spread over worker threads by the caller. */
export type Simulator = (scenario: Scenario, baseline: Baseline, runs: number, seed: number) => ScenarioResult | Promise<ScenarioResult>;
const inThread: Simulator = (scenario, baseline, runs, seed) => runScenario(scenario, baseline, { runs, seed });
const keyOf = (m: Mix) => LEVER_IDS.map((k) => m[k] ?? 0).join(',');

/** The interventions that add a mix to a scenario, starting at its start. */
export function mixInterventions(mix: Mix, scenario: Scenario, baseline: Baseline, opts: { fillRate?: number; years: number }): Record<string, unknown>[] {
  const from = scenario.start;
  const fill = opts.fillRate === undefined ? {} : { fillRate: opts.fillRate };
  const out: Record<string, unknown>[] = [];
  const gp0 = baseline.practices.reduce((a, p) => a + p.fte.gp, 0);
  for (const k of LEVER_IDS) {
    const x = mix[k] ?? 0;
    if (x <= 0) continue;
    const label = LEVERS[k].label(x);
    if (k === 'gp') out.push({ type: 'recruit', from, role: 'gp', ftePerYear: x, targetFte: Math.round(gp0 + x * opts.years), label, ...fill });
    else if (k === 'upskill') out.push({ type: 'upskillNurses', from, perYear: x, label });
    else if (k === 'hub') {
      for (const l of baseline.localities) {
        const pop = baseline.practices.filter((p) => p.locality === l.id).reduce((a, p) => a + listSize(p), 0);
        out.push({ type: 'expandHub', from, locality: l.id, gpAppointments: Math.round((x * pop) / 1000), nurseAppointments: 0, label });
      }
    } else if (k === 'navigation') out.push({ type: 'careNavigation', from, share: x, label });
    else if (k === 'merge') out.push({ type: 'merge', from, groups: 'auto', label });
    else out.push({ type: 'hireAhp', from, role: k, ftePerYear: x, maxFte: round(x * opts.years), label, ...fill });
  }
  return out;
}

/**
 * The greedy-then-improve search over abstract levers, given a way to evaluate a mix. Exposed for tests on
 * problems with closed-form answers.
 */
export async function searchMix(
  levers: { id: LeverId; max: number; step: number }[],
  evaluate: (m: Mix) => Evaluation | Promise<Evaluation>,
  target: number,
  budget: number,
  isCancelled: () => boolean = () => false,
  /** The level a mix must reach to be kept as an answer (default: the target the greedy steps aim at). */
  accept = target,
): Promise<{ feasible: { mix: Mix; prob: number; cost: number }[]; closest: { mix: Mix; prob: number; cost: number } }> {
  const seen = new Map<string, { mix: Mix; prob: number; progress: number; cost: number }>();
  const at = async (m: Mix) => {
    const k = keyOf(m);
    let e = seen.get(k);
    if (!e) seen.set(k, (e = { mix: m, ...(await evaluate(m)) }));
    return e;
  };
  let cur = await at({});
  const plus = (m: Mix, id: LeverId, step: number): Mix => ({ ...m, [id]: round((m[id] ?? 0) + step) });
  while (cur.prob < target && !isCancelled()) {
    let best: { e: typeof cur; score: number } | null = null;
    for (const l of levers) {
      if ((cur.mix[l.id] ?? 0) + l.step > l.max + 1e-9) continue;
      const e = await at(plus(cur.mix, l.id, l.step));
      if (e.cost > budget) continue;
      const gain = e.prob > cur.prob ? e.prob - cur.prob : 1e-3 * (e.progress - cur.progress);
      if (gain <= 0) continue;
      const score = gain / Math.max(e.cost - cur.cost, 1);
      if (!best || score > best.score) best = { e, score };
    }
    if (!best) break;
    cur = best.e;
  }
  // Local improvement: take back any step of any reaching mix that the target does not need.
  const improve = async (start: typeof cur) => {
    let m = start;
    for (let changed = true; changed && !isCancelled(); ) {
      changed = false;
      for (const l of levers) {
        if ((m.mix[l.id] ?? 0) < l.step - 1e-9) continue;
        const e = await at(plus(m.mix, l.id, -l.step));
        if (e.prob >= accept && e.cost < m.cost) {
          m = e;
          changed = true;
        }
      }
    }
    return m;
  };
  const reaching = () => [...seen.values()].filter((e) => e.prob >= accept && e.cost <= budget).sort((a, b) => a.cost - b.cost);
  for (const e of reaching().slice(0, 3)) await improve(e);
  // The cheapest mix that reaches the aim, then the two cheapest others that reach `accept`.
  const all = reaching();
  const firm = all.find((e) => e.prob >= target);
  const feasible = (firm ? [firm, ...all.filter((e) => e !== firm)] : all).slice(0, 3).map(({ mix, prob, cost }) => ({ mix, prob, cost }));
  const closest = [...seen.values()].filter((e) => e.cost <= budget).sort((a, b) => b.prob - a.prob || b.progress - a.progress || a.cost - b.cost)[0]!;
  return { feasible, closest: { mix: closest.mix, prob: closest.prob, cost: closest.cost } };
}

/**
 * Goal-seek. `simulate` runs each candidate's Monte Carlo (in this thread unless given); the answer is the
 * same whoever runs it, since runs are merged in one fixed order.
 */
export async function solve(scenario: Scenario, baseline: Baseline, opts: SolveOptions, simulate: Simulator = inThread): Promise<Solution> {
  const t = periodIndex(scenario, opts.period);
  // Only the years up to the target matter: the runs stop there.
  const base: Scenario = { ...scenario, years: t + 1 };
  const runs = opts.runs ?? 64, confirmRuns = opts.confirmRuns ?? 400;
  const pick = (r: ScenarioResult) => {
    const where = opts.locality ? r.localities.find((l) => l.id === opts.locality)?.metrics : r.total.metrics;
    if (!where) throw new Error(`no locality "${opts.locality}" in ${baseline.id}`);
    return { prob: where.probGapClosed[t]!.mean, gap: where.gpFteGap[t]!.mean, cost: r.total.metrics.costCumulative[t]!.mean };
  };
  const baselines = { [baseline.id]: baseline };
  let evaluations = 0;
  const run = async (mix: Mix, n: number) => {
    const raw = { ...base, interventions: [...base.interventions, ...mixInterventions(mix, base, baseline, { fillRate: opts.fillRate, years: t + 1 })] };
    const loaded = loadScenario(raw, baselines);
    if (!loaded.ok) throw new Error(`a candidate mix is invalid: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    evaluations++;
    opts.onProgress?.(evaluations);
    return pick(await simulate(loaded.value, baseline, n, scenario.seed));
  };
  const start = await run({}, runs);
  const hasMerge = scenario.interventions.some((i) => i.type === 'merge');
  const population = baseline.practices.reduce((a, p) => a + listSize(p), 0);
  const scale = Math.max(0.1, Math.round((population / 170000) * 10) / 10);
  const scaled = (id: LeverId) => (STAFF.has(id) ? scale : 1);
  const levers = LEVER_IDS.filter((id) => !(id === 'merge' && hasMerge))
    .map((id) => ({ id, max: Math.min(round(LEVERS[id].max * scaled(id)), opts.limits?.[id] ?? Infinity), step: round(LEVERS[id].step * scaled(id)) }))
    .map((l) => ({ ...l, step: Math.min(l.step, l.max) }))
    .filter((l) => l.max > 0 && l.step > 0);
  const budget = opts.budget ?? Infinity;
  // The search aims one binomial standard error above the target, so that a mix found on few runs still
  // reaches the target when confirmed on many.
  const aim = Math.min(1, opts.target + Math.sqrt((opts.target * (1 - opts.target)) / runs));
  const search = await searchMix(levers, async (m) => {
    const r = await run(m, runs);
    return { prob: r.prob, progress: start.gap - r.gap, cost: r.cost - start.cost };
  }, aim, budget, opts.isCancelled, opts.target);
  const describe = (mix: Mix) => LEVER_IDS.filter((k) => (mix[k] ?? 0) > 0).map((k) => LEVERS[k].label(mix[k]!));
  // Confirm the best three with more runs (same seed: the first `runs` runs are the same runs).
  const confirmed: Candidate[] = [];
  for (const f of search.feasible) {
    const r = await run(f.mix, confirmRuns);
    confirmed.push({ mix: f.mix, description: describe(f.mix), probGapClosed: r.prob, gpFteGap: r.gap, extraCost: r.cost - start.cost, runs: confirmRuns });
  }
  confirmed.sort((a, b) => Number(b.probGapClosed >= opts.target) - Number(a.probGapClosed >= opts.target) || a.extraCost - b.extraCost);
  let closest: Candidate | null = null;
  if (!confirmed.length) {
    const r = await run(search.closest.mix, confirmRuns);
    closest = { mix: search.closest.mix, description: describe(search.closest.mix), probGapClosed: r.prob, gpFteGap: r.gap, extraCost: r.cost - start.cost, runs: confirmRuns };
  }
  return {
    target: opts.target,
    period: opts.period,
    locality: opts.locality ?? null,
    start: { probGapClosed: start.prob, gpFteGap: start.gap, cost: start.cost },
    mixes: confirmed,
    closest,
    feasible: confirmed.some((c) => c.probGapClosed >= opts.target),
    evaluations,
    interventions: confirmed[0] ? mixInterventions(confirmed[0].mix, scenario, baseline, { fillRate: opts.fillRate, years: t + 1 }) : [],
  };
}

/**
 * Index of a financial year ("2020/21") in a scenario's yearly results: one of the first `years` periods,
 * so that a run of index + 1 years holds it whole.
 */
export function periodIndex(scenario: Scenario, period: string): number {
  const first = financialYear(scenario.start);
  const years = Array.from({ length: scenario.years }, (_, t) => financialYear(addMonths(first.slice(0, 4) + '-04', 12 * t)));
  const t = years.indexOf(period);
  if (t < 0) throw new Error(`--year must be a financial year of the scenario, ${years[0]} to ${years[years.length - 1]} (got "${period}")`);
  return t;
}
