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
 *
 * Model 3 (docs/model.md, "Goal-seek"): levers start no earlier than `from` (default a year after the
 * scenario's start: a decision takes time to act on); staff levers are limited by default to what an area
 * of this size could recruit (supply.gpPer100kPerYear, supply.rolePer100kPerYear); the budget is primary-care
 * cost (A&E savings are netted off only when asked).
 */
import { ROLE_NAMES } from './describe.ts';
import { addMonths, listSize, loadScenario, monthsBetween } from './load.ts';
import { PARAM_BY_KEY } from './defaults.ts';
import { englandOf, financialYear } from './plan.ts';
import { runScenario } from './run.ts';
import type { Scenario } from './schema.ts';
import type { Baseline, ScenarioResult } from './types.ts';

export type LeverId = 'gp' | 'upskill' | 'pharmacist' | 'physio' | 'paramedic' | 'pa' | 'hub' | 'navigation' | 'merge';
export const LEVER_IDS: LeverId[] = ['gp', 'upskill', 'pharmacist', 'physio', 'paramedic', 'pa', 'hub', 'navigation', 'merge'];

const posts = (role: string) => (x: number) => `${x} ${ROLE_NAMES[role]![0]} post${x === 1 ? '' : 's'} a year`;

/**
 * Each lever: a level per year from the solve's `from` month, its most and its search step, for an area of
 * Thurrock's size (170,000 patients). GP and new-role levers' limits come from the supply parameters and the
 * population (`supplyLimits`); the others scale with the population.
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
  /** The most extra primary-care cost, cumulative to the target year, over the scenario as it stands (£). */
  budget?: number;
  /** Count the A&E cost saved against the budget too (default false: the budget is primary-care cost). */
  netAe?: boolean;
  /** The month the levers start, "YYYY-MM" (default 12 months after the scenario's start). */
  from?: string;
  /** Supply limits in place of the defaults (`supplyLimits`): the most of each lever a year. 0 leaves a lever out. */
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
  /** The month the levers start. */
  from: string;
  /** The most of each lever the search could use (supply limits and caps), and whether A&E was netted off. */
  limits: Record<LeverId, number>;
  netAe: boolean;
  /** The limits that join or split levers, in words (model 4): hub GP appointments against the GP supply, new roles before April 2019. */
  limitNotes: string[];
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
  /**
   * When no mix reaches the target: the interventions of the closest one (the best confirmed mix, or the
   * search's closest), so a planner can adopt it and see what it does; empty otherwise.
   */
  closestInterventions: Record<string, unknown>[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;
type Evaluation = { prob: number; progress: number; cost: number };

/** Runs a scenario's Monte Carlo: in this thread by default, or spread over worker threads by the caller. */
export type Simulator = (scenario: Scenario, baseline: Baseline, runs: number, seed: number) => ScenarioResult | Promise<ScenarioResult>;
const inThread: Simulator = (scenario, baseline, runs, seed) => runScenario(scenario, baseline, { runs, seed });
const keyOf = (m: Mix) => LEVER_IDS.map((k) => m[k] ?? 0).join(',');

/** The default month levers start: 12 months after the scenario's start. */
export const defaultFrom = (scenario: Scenario): string => addMonths(scenario.start, 12);

/**
 * The most of each lever an area can use a year: GP establishment growth and each new role's from the supply
 * parameters (per 100,000 patients a year; docs/model.md, "Goal-seek"), the rest scaled from Thurrock's size;
 * navigation never past 100% with what the scenario already navigates.
 */
export function supplyLimits(scenario: Scenario, baseline: Baseline): Record<LeverId, number> {
  const population = baseline.practices.reduce((a, p) => a + listSize(p), 0);
  const per100k = population / 1e5;
  const tenth = (x: number) => Math.round(x * 10) / 10;
  const gp = tenth(supplyParam(scenario, 'supply.gpPer100kPerYear') * per100k), role = tenth(supplyParam(scenario, 'supply.rolePer100kPerYear') * per100k);
  const scale = Math.max(0.1, Math.round((population / 170000) * 10) / 10);
  const navigated = navigatedBy(scenario);
  return {
    gp, upskill: round(LEVERS.upskill.max * scale), pharmacist: role, physio: role, paramedic: role, pa: role,
    // Hub GP appointments are given by GPs (model 4): at most what the GP supply of a year could staff.
    hub: Math.min(LEVERS.hub.max, Math.floor(hubPer1000PerGpFte(scenario, baseline) * gp)),
    navigation: round(Math.max(0, 1 - navigated)), merge: scenario.interventions.some((i) => i.type === 'merge') ? 0 : 1,
  };
}

const supplyParam = (scenario: Scenario, key: string): number => {
  const v = (scenario.parameters as Record<string, unknown>)[key] ?? PARAM_BY_KEY.get(key)!.value;
  return typeof v === 'number' ? v : (PARAM_BY_KEY.get(key)!.value as number);
};

/**
 * Hub GP appointments a year per 1,000 patients that one GP FTE gives (model 4): England's reference load
 * (`access.loadRef`, at the baseline's reference) times the working days of a year.
 */
export function hubPer1000PerGpFte(scenario: Scenario, baseline: Baseline): number {
  const population = baseline.practices.reduce((a, p) => a + listSize(p), 0);
  const own = englandOf(scenario, baseline).loadRef;
  const load = own === 'given' ? supplyParam(scenario, 'access.loadRef') : own;
  const days = supplyParam(scenario, 'workforce.workingDays');
  return (load * days * 1000) / population;
}

/** The month the Additional Roles scheme began (model 4, section 7b): new roles were scarcer before it. */
export const ARRS_START = '2019-04';

/** Each new role's posts a year before April 2019 (`supply.rolePer100kPerYearBefore2019`) for this area. */
export function roleSupplyBefore2019(scenario: Scenario, baseline: Baseline): number {
  const population = baseline.practices.reduce((a, p) => a + listSize(p), 0);
  return Math.round(supplyParam(scenario, 'supply.rolePer100kPerYearBefore2019') * (population / 1e5) * 10) / 10;
}

/** Navigable demand the scenario's own care navigation already covers (fixed shares; the engine adds shares). */
const navigatedBy = (scenario: Scenario) => scenario.interventions.reduce((a, iv) => a + (iv.type === 'careNavigation' && typeof iv.share === 'number' ? iv.share : 0), 0);

/**
 * A lever's words in a mix added to `scenario`. Care navigation adds to the scenario's own, so when it has
 * some the words say both: "20% more ... (70% in all with the scenario's own)", never a share that is not the effect.
 */
export function leverLabel(k: LeverId, x: number, scenario: Scenario): string {
  const own = k === 'navigation' ? navigatedBy(scenario) : 0;
  if (own > 0) return `Care navigation of ${Math.round(x * 100)}% more of navigable demand (${Math.round(Math.min(1, own + x) * 100)}% in all with the scenario's own)`;
  return LEVERS[k].label(x);
}

/** The interventions that add a mix to a scenario, from `from` (default a year after its start). */
export function mixInterventions(mix: Mix, scenario: Scenario, baseline: Baseline, opts: { fillRate?: number; years: number; from?: string }): Record<string, unknown>[] {
  const from = opts.from ?? defaultFrom(scenario);
  const fill = opts.fillRate === undefined ? {} : { fillRate: opts.fillRate };
  const out: Record<string, unknown>[] = [];
  const gp0 = baseline.practices.reduce((a, p) => a + p.fte.gp, 0);
  for (const k of LEVER_IDS) {
    const x = mix[k] ?? 0;
    if (x <= 0) continue;
    const label = leverLabel(k, x, scenario);
    if (k === 'gp') out.push({ type: 'recruit', from, role: 'gp', ftePerYear: x, targetFte: Math.round(gp0 + x * opts.years), label, ...fill });
    else if (k === 'upskill') out.push({ type: 'upskillNurses', from, perYear: x, label });
    else if (k === 'hub') {
      for (const l of baseline.localities) {
        const pop = baseline.practices.filter((p) => p.locality === l.id).reduce((a, p) => a + listSize(p), 0);
        out.push({ type: 'expandHub', from, locality: l.id, gpAppointments: Math.round((x * pop) / 1000), nurseAppointments: 0, label });
      }
    } else if (k === 'navigation') out.push({ type: 'careNavigation', from, share: x, label });
    else if (k === 'merge') out.push({ type: 'merge', from, groups: 'auto', label });
    else {
      // maxFte caps the role's posts in the area, so it counts the posts the baseline has already. Before the
      // Additional Roles scheme a new role is hired at most at its earlier supply (model 4).
      const had = baseline.practices.reduce((a, p) => a + p.fte[k], 0);
      const before = roleSupplyBefore2019(scenario, baseline);
      const yearsBefore = Math.min(opts.years, Math.max(0, monthsBetween(from, ARRS_START) / 12));
      if (yearsBefore > 0 && x > before) {
        const early = before * yearsBefore;
        if (before > 0) out.push({ type: 'hireAhp', from, role: k, ftePerYear: before, maxFte: round(had + early), label: `${label} (${before} a year before April 2019)`, ...fill });
        if (opts.years > yearsBefore) out.push({ type: 'hireAhp', from: ARRS_START, role: k, ftePerYear: x, maxFte: round(had + early + x * (opts.years - yearsBefore)), label, ...fill });
      } else out.push({ type: 'hireAhp', from, role: k, ftePerYear: x, maxFte: round(had + x * opts.years), label, ...fill });
    }
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
  /** Limits that join levers (model 4: hub GP appointments count against the GP supply); a mix it refuses is never tried. */
  allowed: (m: Mix) => boolean = () => true,
): Promise<{ feasible: { mix: Mix; prob: number; cost: number }[]; closest: { mix: Mix; prob: number; cost: number } }> {
  const seen = new Map<string, { mix: Mix; prob: number; progress: number; cost: number }>();
  const at = async (m: Mix) => {
    const k = keyOf(m);
    let e = seen.get(k);
    if (!e) seen.set(k, (e = { mix: m, ...(await evaluate(m)) }));
    return e;
  };
  let cur = await at({});
  // A step up stops at the lever's limit, so every lever can reach it (model 4: a 1.3 step under a 2.5
  // limit never took a second step); a step down stops at 0.
  const plus = (m: Mix, id: LeverId, step: number, max = Infinity): Mix => ({ ...m, [id]: round(Math.max(0, Math.min(max, (m[id] ?? 0) + step))) });
  while (cur.prob < target && !isCancelled()) {
    let best: { e: typeof cur; score: number } | null = null;
    for (const l of levers) {
      if ((cur.mix[l.id] ?? 0) >= l.max - 1e-9) continue;
      const next = plus(cur.mix, l.id, l.step, l.max);
      if (!allowed(next)) continue;
      const e = await at(next);
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
        if ((m.mix[l.id] ?? 0) <= 1e-9) continue;
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
  const from = opts.from ?? defaultFrom(scenario);
  const fromIndex = monthsBetween(scenario.start, from);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(from) || fromIndex < 0) throw new Error(`the levers' start must be a month "YYYY-MM" from the scenario's start, ${scenario.start} (got "${from}")`);
  // Years of levers up to the end of the target year.
  const leverYears = (12 * (t + 1) - fromIndex) / 12;
  if (leverYears <= 0) throw new Error(`the levers' start ${from} is after the target year ${opts.period}`);
  const netAe = opts.netAe === true;
  const pick = (r: ScenarioResult) => {
    const where = opts.locality ? r.localities.find((l) => l.id === opts.locality)?.metrics : r.total.metrics;
    if (!where) throw new Error(`no locality "${opts.locality}" in ${baseline.id}`);
    const m = r.total.metrics;
    return { prob: where.probGapClosed[t]!.mean, gap: where.gpFteGap[t]!.mean, cost: (netAe ? m.costCumulative : m.costPrimaryCareCumulative)[t]!.mean };
  };
  // Keyed by the scenario's own name for its baseline: a built-in id, or a file baseline's id@hash.
  const baselines = { [base.baseline]: baseline };
  let evaluations = 0;
  const interventionsOf = (mix: Mix) => mixInterventions(mix, base, baseline, { fillRate: opts.fillRate, years: leverYears, from });
  const run = async (mix: Mix, n: number) => {
    const raw = { ...base, interventions: [...base.interventions, ...interventionsOf(mix)] };
    const loaded = loadScenario(raw, baselines);
    if (!loaded.ok) throw new Error(`a candidate mix is invalid: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    evaluations++;
    opts.onProgress?.(evaluations);
    return pick(await simulate(loaded.value, baseline, n, scenario.seed));
  };
  const start = await run({}, runs);
  const population = baseline.practices.reduce((a, p) => a + listSize(p), 0);
  const scale = Math.max(0.1, Math.round((population / 170000) * 10) / 10);
  const supply = supplyLimits(scenario, baseline);
  // The user's limits replace the defaults (higher or lower); merging stays off when the scenario merges already.
  const limits = Object.fromEntries(LEVER_IDS.map((id) => [id, id === 'merge' && supply.merge === 0 ? 0 : round(opts.limits?.[id] ?? supply[id])])) as Record<LeverId, number>;
  // The hub's limit follows the GP limit it shares, unless the user gives one.
  if (opts.limits?.hub === undefined) limits.hub = Math.min(LEVERS.hub.max, Math.floor(hubPer1000PerGpFte(scenario, baseline) * limits.gp));
  // Staff levers limited by supply step in halves of their limit, the hub in quarters of its; the others by
  // their own step, scaled. A step never passes the limit, so two half steps reach it exactly.
  const stepOf = (id: LeverId) => (id === 'gp' || (STAFF.has(id) && id !== 'upskill') ? limits[id] / 2 : id === 'hub' ? limits[id] / 4 : round(LEVERS[id].step * (STAFF.has(id) ? scale : 1)));
  const levers = LEVER_IDS.map((id) => ({ id, max: limits[id], step: Math.min(round(stepOf(id)), limits[id]) }))
    .filter((l) => l.max > 0 && l.step > 0);
  // Hub GP appointments count against the GP supply (model 4): recruited GPs a year plus the GP FTE the hub
  // appointments take never pass the GP limit.
  const perGp = hubPer1000PerGpFte(scenario, baseline), gpLimit = limits.gp;
  const allowed = (m: Mix) => (m.gp ?? 0) + (m.hub ?? 0) / perGp <= gpLimit + 1e-6;
  const budget = opts.budget ?? Infinity;
  // The search aims one binomial standard error above the target, so that a mix found on few runs still
  // reaches the target when confirmed on many.
  const aim = Math.min(1, opts.target + Math.sqrt((opts.target * (1 - opts.target)) / runs));
  const search = await searchMix(levers, async (m) => {
    const r = await run(m, runs);
    return { prob: r.prob, progress: start.gap - r.gap, cost: r.cost - start.cost };
  }, aim, budget, opts.isCancelled, opts.target, allowed);
  const describe = (mix: Mix) => LEVER_IDS.filter((k) => (mix[k] ?? 0) > 0).map((k) => leverLabel(k, mix[k]!, scenario));
  // Confirm the best three with more runs (same seed: the first `runs` runs are the same runs), their extra
  // cost against the scenario as it stands on those same runs.
  const confirmed: Candidate[] = [];
  const startConfirmed = await run({}, confirmRuns);
  for (const f of search.feasible) {
    const r = await run(f.mix, confirmRuns);
    confirmed.push({ mix: f.mix, description: describe(f.mix), probGapClosed: r.prob, gpFteGap: r.gap, extraCost: r.cost - startConfirmed.cost, runs: confirmRuns });
  }
  confirmed.sort((a, b) => Number(b.probGapClosed >= opts.target) - Number(a.probGapClosed >= opts.target) || a.extraCost - b.extraCost);
  let closest: Candidate | null = null;
  if (!confirmed.length) {
    const r = await run(search.closest.mix, confirmRuns);
    closest = { mix: search.closest.mix, description: describe(search.closest.mix), probGapClosed: r.prob, gpFteGap: r.gap, extraCost: r.cost - startConfirmed.cost, runs: confirmRuns };
  }
  return {
    target: opts.target,
    period: opts.period,
    locality: opts.locality ?? null,
    from,
    limits,
    netAe,
    limitNotes: [
      `Hub GP appointments are given by GPs: ${Math.round(perGp)} a year per 1,000 patients take one GP FTE, counted against the limit of ${gpLimit} GP FTE a year.`,
      ...(monthsBetween(from, ARRS_START) > 0 ? [`Before April 2019 (before the Additional Roles scheme) each new role is hired at most ${roleSupplyBefore2019(scenario, baseline)} FTE a year.`] : []),
    ],
    start: { probGapClosed: start.prob, gpFteGap: start.gap, cost: start.cost },
    mixes: confirmed,
    closest,
    feasible: confirmed.some((c) => c.probGapClosed >= opts.target),
    evaluations,
    interventions: confirmed[0] ? mixInterventions(confirmed[0].mix, scenario, baseline, { fillRate: opts.fillRate, years: leverYears, from }) : [],
    closestInterventions: confirmed.some((c) => c.probGapClosed >= opts.target) ? []
      : mixInterventions((confirmed[0] ?? closest)!.mix, scenario, baseline, { fillRate: opts.fillRate, years: leverYears, from }),
  };
}

/**
 * A search's limits in words (issue 31): each lever at its most a year, as the mixes describe them.
 * @example limitsInWords({ gp: 2.5, hub: 0, merge: 1, ... }) // 'Recruit 2.5 GP FTE a year; ...; Merge practices into pools of 30–50k'
 */
export function limitsInWords(limits: Record<LeverId, number>): string {
  return LEVER_IDS.filter((k) => limits[k] > 0).map((k) => LEVERS[k].label(limits[k])).join('; ');
}

/**
 * Index of a financial year ("2020/21") in a scenario's yearly results: one of the first `years` periods,
 * so that a run of index + 1 years holds it whole.
 */
export function periodIndex(scenario: Scenario, period: string): number {
  const first = financialYear(scenario.start);
  const years = Array.from({ length: scenario.years }, (_, t) => financialYear(addMonths(first.slice(0, 4) + '-04', 12 * t)));
  const t = years.indexOf(period);
  if (t < 0) throw new Error(`the target year must be a financial year of the scenario, ${years[0]} to ${years[years.length - 1]} (got "${period}")`);
  return t;
}
