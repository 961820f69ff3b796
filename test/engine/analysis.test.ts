// What drives a result: Shapley attribution over interventions, tornado swings and Sobol indices.
import { describe, expect, it } from 'vitest';
import { attribution, loadScenario, sensitivity, tornado, type Scenario } from '../../engine/index.ts';
import { shapleyValues, sobolIndices } from '../../engine/internal.ts';
import { BASELINES } from '../../scenarios/baselines.ts';
import { readFileSync } from 'node:fs';

const thurrock = BASELINES['thurrock']!;
const example = (name: string): Scenario => {
  const r = loadScenario(JSON.parse(readFileSync(new URL(`../../scenarios/examples/${name}.json`, import.meta.url), 'utf8')), BASELINES);
  if (!r.ok) throw new Error('invalid example');
  return r.value;
};

describe('Sobol indices (Saltelli sampling)', () => {
  it('recover the Ishigami function\'s known indices within sampling error', () => {
    // f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x ~ U(-pi, pi): closed-form variances (Ishigami and Homma 1990).
    const a = 7, b = 0.1, pi = Math.PI;
    const V1 = 0.5 * (1 + (b * pi ** 4) / 5) ** 2, V2 = a ** 2 / 8, V13 = (b ** 2 * pi ** 8 * 8) / 225;
    const V = V1 + V2 + V13;
    const x = (u: number) => -pi + 2 * pi * u;
    const s = sobolIndices(3, 16384, (u) => Math.sin(x(u[0]!)) + a * Math.sin(x(u[1]!)) ** 2 + b * x(u[2]!) ** 4 * Math.sin(x(u[0]!)), 'ishigami');
    expect(s.variance).toBeCloseTo(V, 0);
    const want = { first: [V1 / V, V2 / V, 0], total: [(V1 + V13) / V, V2 / V, V13 / V] };
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(s.first[i]! - want.first[i]!)).toBeLessThan(0.03);
      expect(Math.abs(s.total[i]! - want.total[i]!)).toBeLessThan(0.03);
    }
    expect(s.evaluations).toBe(16384 * 5);
  });
});

describe('Shapley values', () => {
  const w = [1, 2, 3, 4, 5];
  const game = (s: ReadonlySet<number>) => [...s].reduce((acc, i) => acc + w[i]!, 0) ** 2;
  it('are exact for a game with a closed form: v(S) = (sum of weights)^2 gives w_i x the total weight', () => {
    const { values, exact } = shapleyValues(5, game);
    expect(exact).toBe(true);
    values.forEach((v, i) => expect(v).toBeCloseTo(w[i]! * 15, 9));
  });

  it('sampled over orders, still add up exactly to v(all) - v(none), and approach the exact values', () => {
    const { values, exact } = shapleyValues(5, game, { maxExact: 0, permutations: 400 });
    expect(exact).toBe(false);
    expect(values.reduce((a, x) => a + x, 0)).toBeCloseTo(225, 9);
    values.forEach((v, i) => expect(Math.abs(v - w[i]! * 15)).toBeLessThan(4));
  });
});

describe('attribution of a scenario to its interventions (the waterfall)', () => {
  it('splits the strategy\'s final-year gap against doing nothing into steps that add up to the difference', () => {
    const s = example('strategy');
    const wf = attribution(s, thurrock, { metric: 'gpFteGap' }, { permutations: 16 });
    expect(wf.exact).toBe(false); // 13 interventions (model 4 adds recruit and retain): sampled orders
    expect(wf.steps).toHaveLength(13);
    const sum = wf.steps.reduce((a, x) => a + x.value, 0);
    expect(sum).toBeCloseTo(wf.scenario - wf.doNothing, 6);
    expect(wf.scenario).toBeLessThan(wf.doNothing);
    expect(wf.steps.map((x) => x.label)).toContain('Physician associate posts (1 a year, up to 1 FTE)');
    expect(wf.steps.map((x) => x.label).join(' ')).not.toMatch(/\bpa\b|\bgrays\b/);
  }, 60_000);

  it('is exact up to 8 interventions', () => {
    const s = example('strategy');
    const small = { ...s, interventions: s.interventions.slice(1, 5) };
    const wf = attribution(small, thurrock, { metric: 'costCumulative' });
    expect(wf.exact).toBe(true);
    expect(wf.evaluations).toBe(16);
    expect(wf.steps.reduce((a, x) => a + x.value, 0)).toBeCloseTo(wf.scenario - wf.doNothing, 3);
    // New posts cost money: every hiring step adds cost.
    expect(wf.steps.every((x) => x.value > 0)).toBe(true);
  }, 60_000);
});

describe('tornado and sensitivity', () => {
  it('swings each uncertain input from p10 to p90; faster demand growth widens the gap', () => {
    const t = tornado(example('do-nothing'), thurrock, { metric: 'gpFteGap' });
    expect(t.bars.length).toBeGreaterThan(5);
    const trend = t.bars.find((b) => b.path === 'parameters.demand.trend')!;
    expect(trend.high).toBeGreaterThan(trend.low);
    expect(trend.inputHigh).toBeGreaterThan(trend.inputLow);
    for (let i = 1; i < t.bars.length; i++) expect(t.bars[i]!.swing).toBeLessThanOrEqual(t.bars[i - 1]!.swing);
  }, 60_000);

  it('gives Sobol indices for the top inputs, each between 0 and 1 up to sampling error', () => {
    const s = sensitivity(example('do-nothing'), thurrock, { metric: 'accessFailure' }, { top: 3, samples: 64 });
    expect(s.sobol).toHaveLength(3);
    expect(s.sobol.map((x) => x.path)).toEqual(s.tornado.slice(0, 3).map((b) => b.path));
    for (const x of s.sobol) {
      expect(x.total).toBeGreaterThan(-0.1);
      expect(x.total).toBeLessThan(1.3);
    }
    expect(s.evaluations).toBe(1 + 2 * s.tornado.length + 64 * 5);
  }, 120_000);
});
