// Care types that only GPs serve in a plan run as one care class (engine/plan.ts). The lumping must be
// exact: making a role active that has no staff splits the classes but must not change any figure.
import { describe, expect, it } from 'vitest';
import { type Baseline, type ScenarioInput } from '../../engine/index.ts';
import { CARE_TYPES } from '../../engine/internal.ts';
import { buildPlan, simulate, Workspace } from '../../engine/internal.ts';
import { BASELINES } from '../../scenarios/baselines.ts';
import { scenarioOn, tinyBaseline } from '../helpers.ts';

const names = (classes: number[][]) => classes.map((cs) => cs.map((c) => CARE_TYPES[c]));
const planOn = (b: Baseline, input: Partial<ScenarioInput>) => buildPlan(scenarioOn(b, { years: 4, ...input }), b);
/** Posts of every other role at zero FTE: all six care types get classes of their own, and nothing else changes. */
const emptyPosts = (['pharmacist', 'physio', 'paramedic', 'pa', 'anp'] as const).map((role) => ({ type: 'hireAhp' as const, role, ftePerYear: 0, maxFte: 10 }));

function expectSameRuns(a: ReturnType<typeof planOn>, b: ReturnType<typeof planOn>) {
  const wa = new Workspace(a), wb = new Workspace(b);
  for (const run of [null, 0, 1, 2]) {
    const x = simulate(wa, 11, run), y = simulate(wb, 11, run);
    for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x[i]!)));
  }
}

describe('care classes', () => {
  it('lump the care types only GPs serve, and keep one class for each type another role serves', () => {
    const thurrock = BASELINES.thurrock!;
    expect(names(planOn(thurrock, {}).careClasses)).toEqual([['gpOnly', 'anpSuitable', 'pharmacy', 'msk', 'urgent'], ['nurse']]);
    const pharmacists = planOn(thurrock, { interventions: [emptyPosts[0]!] });
    expect(names(pharmacists.careClasses)).toEqual([['gpOnly', 'anpSuitable', 'msk', 'urgent'], ['nurse'], ['pharmacy']]);
    expect(pharmacists.mix.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('give the same figures, run by run, as the care types one by one (Thurrock, merging and navigation)', () => {
    const b = BASELINES.thurrock!;
    const common = [{ type: 'careNavigation' as const, share: 0.3 }, { type: 'merge' as const, from: '2017-04' }];
    const lumped = planOn(b, { interventions: common });
    const split = planOn(b, { interventions: [...emptyPosts, ...common] });
    // Navigation adds the class of nurse-type care re-routed from GP-type demand.
    expect([lumped.careClasses.length, split.careClasses.length]).toEqual([3, 7]);
    expectSameRuns(lumped, split);
  });

  it('send diverted A&E attendances to the class that holds urgent care', () => {
    // No hub and no capacity commissioned with the diversion, so every diverted attendance becomes an
    // urgent attempt at a practice; the small practice may fail.
    const b = tinyBaseline([{ people: 6000, fte: { gp: 3, nurse: 1 }, gpHeadcount: 2 }, { people: 9000, fte: { gp: 4, nurse: 2 } }]);
    const input = { parameters: { 'ae.avoidableShare': 0.6 } as ScenarioInput['parameters'], interventions: [{ type: 'divertAe' as const, share: 0.8, withCapacity: false }] };
    const lumped = planOn(b, input);
    const split = planOn(b, { ...input, interventions: [...emptyPosts, ...input.interventions] });
    expect(lumped.careClasses.length).toBe(2);
    expectSameRuns(lumped, split);
  });
});
