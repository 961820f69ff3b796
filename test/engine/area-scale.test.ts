// A baseline's per-area demandScale (issue 22's calibration) and the scenario's own demand.scale over it.
import { describe, expect, it } from 'vitest';
import { PARAM_BY_KEY, runDeterministic, type Baseline } from '../../engine/index.ts';
import { fixedParameters, scenarioOn, tinyBaseline } from '../helpers.ts';

function twoAreas(scaleY?: number): Baseline {
  const b = tinyBaseline([{ people: 10000, locality: 'a', fte: { gp: 20 } }, { people: 10000, locality: 'b', fte: { gp: 20 } }], undefined, ['a', 'b']);
  b.areas = [{ id: 'X', name: 'X' }, { id: 'Y', name: 'Y', ...(scaleY !== undefined ? { demandScale: scaleY } : {}) }];
  b.localities[1]!.area = 'Y';
  return b;
}
// fixedParameters sets every parameter; the scale is left unset unless a test gives it.
const demand = (b: Baseline, params: Record<string, unknown> = {}) => {
  const { 'demand.scale': _unset, ...rest } = fixedParameters();
  void _unset;
  return runDeterministic(scenarioOn(b, { parameters: { ...rest, ...params }, years: 1 }), b).localities.map((l) => l.metrics.demand[0]!.mean);
};

describe('areas[].demandScale', () => {
  it('scales the demand of its own area only', () => {
    const [a1, b1] = demand(twoAreas());
    const [a2, b2] = demand(twoAreas(1.5));
    expect(a2).toBeCloseTo(a1!, 6);
    expect(b2! / b1!).toBeCloseTo(1.5, 6);
  });
  it('gives way to a scenario that sets demand.scale itself', () => {
    const [a1, b1] = demand(twoAreas(), { 'demand.scale': 0.8 });
    const [a2, b2] = demand(twoAreas(1.5), { 'demand.scale': 0.8 });
    expect(a2).toBeCloseTo(a1!, 6);
    expect(b2).toBeCloseTo(b1!, 6);
  });
});

describe('areas[].aeRatePer1000 (the user\'s own A&E table)', () => {
  it('starts each area\'s A&E at its own rate, the others at ae.ratePer1000', () => {
    const b = twoAreas();
    b.areas[1]!.aeRatePer1000 = 450;
    const { 'demand.scale': _unset, 'ae.ratePer1000': _rate, ...rest } = fixedParameters();
    void _unset; void _rate;
    const r = runDeterministic(scenarioOn(b, { parameters: rest, years: 1 }), b, 'month');
    const [a, y] = r.localities.map((l) => l.metrics.aeAttendances[0]!.mean * 12 / l.metrics.population[0]!.mean * 1000);
    expect(a).toBeCloseTo((PARAM_BY_KEY.get('ae.ratePer1000')!.value as { likely: number }).likely, 0);
    expect(y).toBeCloseTo(450, 0);
    // A scenario that sets the rate itself sets it everywhere.
    const r2 = runDeterministic(scenarioOn(b, { parameters: { ...rest, 'ae.ratePer1000': 200 }, years: 1 }), b, 'month');
    for (const l of r2.localities) expect(l.metrics.aeAttendances[0]!.mean * 12 / l.metrics.population[0]!.mean * 1000).toBeCloseTo(200, 0);
  });
});
