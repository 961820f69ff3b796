// Pure modules of the web app: URL state, chart specs and number formats.
import { describe, expect, it } from 'vitest';
import { axisNumber, bandChart, demandCapacity, workforce } from '../../web/src/lib/charts.ts';
import { legendPath, range } from '../../web/src/lib/format.ts';
import { decodeScenario, encodeScenario } from '../../web/src/lib/url.ts';
import { smallResult } from './fixtures.ts';

describe('URL state', () => {
  it('round-trips a scenario, including non-ASCII text, in a URL-safe string', () => {
    const s = { name: 'Tilbury – Chadwell “hub” plan £', interventions: [{ type: 'divertAe', share: 0.5 }] };
    const enc = encodeScenario(s);
    expect(enc).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeScenario(enc)).toEqual(s);
  });
});

describe('chart specs', () => {
  const r = smallResult();
  it('gives a band per period with its numbers and a text alternative', () => {
    const spec = bandChart('gap', 'GP FTE gap', [{ name: 'A', r }], 'gpFteGap', 'FTE');
    expect(spec.rows).toHaveLength(r.periods.length);
    for (const [, , p10, p50, p90] of spec.rows) expect(Number(p10) <= Number(p50) && Number(p50) <= Number(p90)).toBe(true);
    expect(spec.summary).toContain(`in ${r.periods.at(-1)}`);
    expect(spec.summary).toContain(Math.round(r.total.metrics.gpFteGap.at(-1)!.p50).toLocaleString('en-GB'));
  });

  it('facets demand, safe and stretch capacity by locality and stacks the workforce by role', () => {
    const dc = demandCapacity(r);
    expect(new Set(dc.rows.map((x) => x[0]))).toEqual(new Set(r.localities.map((l) => l.name)));
    expect(dc.rows).toHaveLength(r.localities.length * 3 * r.periods.length);
    const wf = workforce(r);
    expect(new Set(wf.rows.map((x) => x[0]))).toEqual(new Set(['gp', 'nurse', 'hca']));
  });

  it('formats a summary as median (p10–p90)', () => {
    expect(range({ mean: 0, p10: 8, p50: 12.4, p90: 17 })).toBe('12 (8–17)');
    expect(range({ mean: 0, p10: 0.5, p50: 2.46, p90: 14 })).toBe('2.5 (0.5–14.0)');
    expect(range({ mean: 0, p10: 9e5, p50: 1.48e6, p90: 2.84e6 })).toBe('1.48m (900k–2.84m)');
  });
});

describe('axis numbers', () => {
  it('fit the margin: millions and thousands shortened, small values kept', () => {
    expect(axisNumber(2_500_000)).toBe('2.5M');
    expect(axisNumber(25_000_000)).toBe('25M');
    expect(axisNumber(400_000)).toBe('400k');
    expect(axisNumber(2_500)).toBe('2,500');
    expect(axisNumber(0.13)).toBe('0.13');
  });
});

describe('paths as the editor numbers things', () => {
  it('counts interventions and housing steps from 1, like the legends', () => {
    expect(legendPath('interventions[12].share')).toBe('intervention 13: share');
    expect(legendPath('interventions[0].groups[2][1]')).toBe('intervention 1: groups #3 #2');
    expect(legendPath('housing[0].locality')).toBe('housing step 1: locality');
    expect(legendPath('parameters.demand.trend')).toBe('parameters.demand.trend');
  });
});
