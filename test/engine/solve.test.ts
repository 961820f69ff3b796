// Goal-seek: the least-cost mix of levers that reaches a chance of closing the gap.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { englandLoad, limitsInWords, loadScenario, periodIndex, solve, type Mix, type Scenario } from '../../engine/index.ts';
import { searchMix } from '../../engine/internal.ts';
import { BASELINES } from '../../scenarios/baselines.ts';

/** A problem with a closed form: chance = min(1, sum a_i x_i), cost = sum c_i x_i. */
const linear = (a: Record<string, number>, c: Record<string, number>) => (m: Mix) => {
  const sum = (w: Record<string, number>) => Object.entries(m).reduce((acc, [k, x]) => acc + (w[k] ?? 0) * (x ?? 0), 0);
  return { prob: Math.min(1, sum(a)), progress: sum(a), cost: sum(c) };
};

describe('the search', () => {
  it('finds the closed-form answer with one lever: the fewest steps whose sum reaches the target', async () => {
    // 0.1 a step: 0.75 needs ceil(7.5) = 8 steps.
    const r = await searchMix([{ id: 'gp', max: 20, step: 1 }], linear({ gp: 0.1 }, { gp: 100 }), 0.75, Infinity);
    expect(r.feasible[0]!.mix).toEqual({ gp: 8 });
    expect(r.feasible[0]!.cost).toBe(800);
  });

  it('buys the cheapest progress first, and moves the right way with the target, the budget and the supply limits', async () => {
    const levers = [{ id: 'gp' as const, max: 10, step: 1 }, { id: 'pharmacist' as const, max: 10, step: 1 }];
    // Pharmacists: 0.05 for 20 (0.0025 a pound); GPs: 0.1 for 100 (0.001 a pound).
    const f = linear({ gp: 0.1, pharmacist: 0.05 }, { gp: 100, pharmacist: 20 });
    const at = async (target: number, budget = Infinity, ls = levers) => (await searchMix(ls, f, target, budget)).feasible[0];
    expect((await at(0.3))!.mix).toEqual({ pharmacist: 6 });
    const costs: number[] = [];
    for (const t of [0.2, 0.4, 0.5, 0.7, 0.9]) costs.push((await at(t))!.cost);
    costs.slice(1).forEach((c, i) => expect(c).toBeGreaterThanOrEqual(costs[i]!));
    expect((await at(0.7))!.mix).toEqual({ pharmacist: 10, gp: 2 }); // pharmacists run out at 10
    expect((await at(0.3, 120))!.cost).toBe(120);
    expect(await at(0.3, 119)).toBeUndefined();
    expect(await at(0.7, 300)).toBeUndefined(); // 0.7 needs 400
    expect((await at(0.3, Infinity, [{ id: 'gp', max: 10, step: 1 }, { id: 'pharmacist', max: 2, step: 1 }]))!.mix).toEqual({ pharmacist: 2, gp: 2 });
  });

  it('lets every lever reach its limit when the step does not divide it (model 4: a 1.3 step under 2.5)', async () => {
    const r = await searchMix([{ id: 'gp', max: 2.5, step: 1.3 }], linear({ gp: 0.1 }, { gp: 100 }), 0.9, Infinity);
    expect(r.closest.mix).toEqual({ gp: 2.5 });
    expect(r.closest.prob).toBeCloseTo(0.25, 12);
  });

  it('never tries a mix the joint limit refuses (hub GP appointments share the GP supply)', async () => {
    const tried: Mix[] = [];
    const f = linear({ gp: 0.1, hub: 0.001 }, { gp: 100, hub: 0.1 });
    const allowed = (m: Mix) => (m.gp ?? 0) + (m.hub ?? 0) / 100 <= 2.5 + 1e-9;
    const r = await searchMix([{ id: 'gp', max: 2.5, step: 1.25 }, { id: 'hub', max: 250, step: 62.5 }], (m) => { tried.push(m); return f(m); }, 0.9, Infinity, () => false, 0.9, allowed);
    for (const m of tried) expect(allowed(m), JSON.stringify(m)).toBe(true);
    // Equal progress per GP FTE either way; the hub is cheaper, so it takes the whole supply.
    expect(r.closest.mix).toEqual({ hub: 250 });
  });
});

describe('solve on the Thurrock baseline', () => {
  const load = (name: string): Scenario => {
    const r = loadScenario(JSON.parse(readFileSync(new URL(`../../scenarios/examples/${name}.json`, import.meta.url), 'utf8')), BASELINES);
    if (!r.ok) throw new Error('invalid');
    return r.value;
  };
  const thurrock = BASELINES['thurrock']!;

  it('starts no lever before a year after the start, keeps every lever within its default supply limit, and says how close it came', async () => {
    const s = load('do-nothing');
    const r = await solve(s, thurrock, { target: 0.8, period: '2020/21', runs: 16, confirmRuns: 32 });
    expect(r.from).toBe('2016-04');
    // Default limits scale with the population: 169,745 patients x 1.5 GP FTE and 2 FTE of each role per 100,000 a year.
    expect(r.limits.gp).toBeCloseTo(2.5, 9);
    expect(r.limits.pa).toBeCloseTo(3.4, 9);
    expect(r.feasible).toBe(false);
    const c = r.closest!;
    expect(c.gpFteGap).toBeLessThan(r.start.gpFteGap);
    for (const [k, x] of Object.entries(c.mix)) expect(x, k).toBeLessThanOrEqual(r.limits[k as keyof typeof r.limits] + 1e-9);
    // The closest mix's posts start in April 2016, never before.
    const { mixInterventions } = await import('../../engine/internal.ts');
    const ivs = mixInterventions(c.mix, s, thurrock, { years: 5, from: r.from });
    expect(ivs.length).toBeGreaterThan(0);
    for (const iv of ivs) expect(String(iv.from) >= '2016-04', String(iv.from)).toBe(true);
    // Model 4: the GP lever reaches its limit (it is the lever that closes most), and hub GP appointments
    // count against the same GP supply: 27.1 appointments x 225 days a GP FTE.
    expect(c.mix.gp).toBeCloseTo(r.limits.gp, 9);
    const perGp = (englandLoad(1650).loadRef * 225 * 1000) / 169745;
    expect((c.mix.gp ?? 0) + (c.mix.hub ?? 0) / perGp).toBeLessThanOrEqual(r.limits.gp + 1e-6);
    expect(r.limits.hub).toBe(Math.floor(perGp * r.limits.gp));
    expect(r.limitNotes.join(' ')).toMatch(/Hub GP appointments are given by GPs: 36 a year per 1,000 patients take one GP FTE/);
    // Issue 31: the closest mix is adoptable (its interventions, as the best mix's would be) and the limits are in words.
    expect(r.interventions).toEqual([]);
    expect(r.closestInterventions).toEqual(mixInterventions(c.mix, s, thurrock, { years: 5, from: r.from }));
    expect(limitsInWords(r.limits)).toMatch(/^Recruit 2\.5 GP FTE a year; Upskill [\d.]+ practice nurses a year; [\d.]+ pharmacist posts a year; .*Merge practices into pools of 30–50k$/);
    expect(limitsInWords(r.limits)).not.toMatch(/\bgp \d|\bpa \d|\bhub \d/);
  }, 180_000);

  it('hires new roles before April 2019 at most at their earlier supply, then at the lever\'s level', async () => {
    const { mixInterventions } = await import('../../engine/internal.ts');
    const s = load('do-nothing');
    // 1 FTE per 100,000 a year before April 2019: 1.7 for Thurrock; 3.4 a year after it.
    const ivs = mixInterventions({ pharmacist: 3.4 }, s, thurrock, { years: 5, from: '2016-04' });
    expect(ivs.map((iv) => [iv.from, iv.ftePerYear, iv.maxFte])).toEqual([['2016-04', 1.7, 5.1], ['2019-04', 3.4, 11.9]]);
    // A lever at or under the earlier supply, or starting after April 2019, is one intervention.
    expect(mixInterventions({ pharmacist: 1.5 }, s, thurrock, { years: 5, from: '2016-04' })).toHaveLength(1);
    expect(mixInterventions({ pharmacist: 3.4 }, s, thurrock, { years: 2, from: '2019-04' }).map((iv) => iv.from)).toEqual(['2019-04']);
  });

  it('counts the budget on primary-care cost, and reaches a target with the user\'s own limits', async () => {
    const s = load('do-nothing');
    const r = await solve(s, thurrock, { target: 0.5, period: '2019/20', runs: 32, confirmRuns: 64, limits: { gp: 30, merge: 0 } });
    expect(r.start.probGapClosed).toBe(0);
    expect(r.feasible).toBe(true);
    const best = r.mixes[0]!;
    expect(best.probGapClosed).toBeGreaterThanOrEqual(0.5);
    expect(best.mix.gp ?? 0).toBeLessThanOrEqual(30);
    expect(best.mix.merge ?? 0).toBe(0);
    // The extra cost is the primary-care cost of the mix: run it and compare.
    const withMix = loadScenario({ ...s, years: 5, interventions: [...s.interventions, ...r.interventions] }, BASELINES);
    if (!withMix.ok) throw new Error(JSON.stringify(withMix.errors));
    const { runScenario } = await import('../../engine/internal.ts');
    const t = 4;
    const plain = loadScenario({ ...s, years: 5 }, BASELINES);
    if (!plain.ok) throw new Error('invalid');
    const a = runScenario(withMix.value, thurrock, { runs: 64, seed: s.seed }).total.metrics, z = runScenario(plain.value, thurrock, { runs: 64, seed: s.seed }).total.metrics;
    expect(best.extraCost).toBeCloseTo(a.costPrimaryCareCumulative[t]!.mean - z.costPrimaryCareCumulative[t]!.mean, 0);
    // A budget below the best mix's cost cannot buy it.
    const poor = await solve(s, thurrock, { target: 0.5, period: '2019/20', runs: 32, confirmRuns: 64, limits: { gp: 30, merge: 0 }, budget: best.extraCost / 4 });
    expect(poor.mixes.every((m) => m.extraCost <= best.extraCost / 4 + 1e-6)).toBe(true);
    expect(poor.feasible).toBe(false);
    expect(poor.closest!.probGapClosed).toBeLessThan(0.5);
  }, 240_000);

  it('finds nothing without GPs or merging by 2019/20: new roles alone do not close the gap, and says how close it came', async () => {
    const r = await solve(load('do-nothing'), thurrock, { target: 0.5, period: '2019/20', runs: 16, confirmRuns: 32, limits: { gp: 0, merge: 0 } });
    expect(r.feasible).toBe(false);
    expect(r.closest!.gpFteGap).toBeLessThan(r.start.gpFteGap);
    expect(r.closest!.mix.gp ?? 0).toBe(0);
  }, 120_000);

  it('names the years a target year may be', () => {
    expect(periodIndex(load('do-nothing'), '2020/21')).toBe(5);
    expect(() => periodIndex(load('do-nothing'), '2030/31')).toThrow(/2015\/16 to 2024\/25 \(got "2030\/31"\)/);
  });
});

describe('goal-seek words (issue 19 #7)', () => {
  it('says what care navigation adds to the scenario\'s own and what it comes to, since the engine adds shares', async () => {
    const { leverLabel } = await import('../../engine/internal.ts');
    const { loadScenario } = await import('../../engine/index.ts');
    const { BASELINES } = await import('../../scenarios/baselines.ts');
    const load = (interventions: unknown[]) => {
      const r = loadScenario({ name: 'n', baseline: 'thurrock', interventions }, BASELINES);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.value;
    };
    // 0.5 already navigated + 0.25 more = 0.75 in all.
    expect(leverLabel('navigation', 0.25, load([{ type: 'careNavigation', share: 0.5 }]))).toBe('Care navigation of 25% more of navigable demand (75% in all with the scenario\'s own)');
    expect(leverLabel('navigation', 0.25, load([]))).toBe('Care navigation of 25% of navigable demand');
  });
});
