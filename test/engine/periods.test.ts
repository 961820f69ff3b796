// A financial year the horizon covers only in part is labelled as partial in every output (docs/model.md,
// "Geography and time"); the engine names the periods once and every output reads them.
import { describe, expect, it } from 'vitest';
import { longRows, runDeterministic } from '../../engine/index.ts';
import { buildPlan } from '../../engine/internal.ts';
import { partialLabel } from '../../engine/plan.ts';
import { BASELINES } from '../../scenarios/baselines.ts';
import { scenarioOn } from '../helpers.ts';

describe('partial financial years', () => {
  it('labels a year the horizon covers in part with its months, and whole years plainly', () => {
    const b = BASELINES.thurrock!;
    const s = scenarioOn(b, { start: '2016-01', years: 2 });
    expect(buildPlan(s, b).periods).toEqual(['2015/16 (Jan–Mar)', '2016/17', '2017/18 (Apr–Dec)']);
    expect(buildPlan(scenarioOn(b, { start: '2016-04', years: 2 }), b).periods).toEqual(['2016/17', '2017/18']);
    expect(partialLabel('2015/16', '2016-03', '2016-03')).toBe('2015/16 (Mar)');
    // The result and its CSV carry the same labels; a partial year's flows cover only its months.
    const r = runDeterministic(s, b);
    expect(r.periods[0]).toBe('2015/16 (Jan–Mar)');
    expect(longRows('x', r).split('\n').filter((row) => row.includes(',2015/16 (Jan–Mar),')).length).toBeGreaterThan(0);
    const whole = runDeterministic(scenarioOn(b, { start: '2016-04', years: 1 }), b).total.metrics.demand[0]!.mean;
    expect(r.total.metrics.demand[0]!.mean).toBeLessThan(whole / 3);
  });
});
