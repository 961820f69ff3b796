// Pure modules of the web app: URL state, chart specs and number formats.
import { describe, expect, it } from 'vitest';
import { axisNumber, bandChart, demandCapacity, signedStep, waterfallChart, workforce, wrapLabel } from '../../web/src/lib/charts.ts';
import { legendPath, range, tableNumber } from '../../web/src/lib/format.ts';
import { decodeScenario, encodeScenario, MAX_URL_STATE, scenarioFromQuery, stateQuery } from '../../web/src/lib/url.ts';
import { EditHistory } from '../../web/src/lib/history.ts';
import { planBaselineSwitch } from '../../web/src/lib/baseline-switch.ts';
import { BASELINES } from '../../scenarios/baselines.ts';
import { EXAMPLES } from '../../web/src/lib/examples.ts';
import { smallResult } from './fixtures.ts';

describe('URL state', () => {
  it('round-trips a scenario, including non-ASCII text, in a URL-safe string', () => {
    const s = { name: 'Tilbury – Chadwell “hub” plan £', interventions: [{ type: 'divertAe', share: 0.5 }] };
    const enc = encodeScenario(s);
    expect(enc).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeScenario(enc)).toEqual(s);
  });

  const memory = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), size: () => m.size };
  };

  it('compresses: a long rationale that made a 20k+ character ?s= fits in a few thousand', () => {
    const long = { ...EXAMPLES['strategy']!, description: 'The locality hubs take the overflow of the practices. '.repeat(300) };
    const plain = btoa(unescape(encodeURIComponent(JSON.stringify(long))));
    expect(plain.length).toBeGreaterThan(20000);
    const q = stateQuery(long, memory());
    expect(q.startsWith('z=')).toBe(true);
    expect(q.length).toBeLessThan(MAX_URL_STATE);
    expect(scenarioFromQuery(`?${q}`, null)).toEqual(long);
  });

  it('keeps a scenario too long even compressed as a draft in storage, under a stable id', () => {
    // Text that does not compress: every rationale different.
    const rationale = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, `${i * 7919} ${Math.sin(i).toString(36)} ${Math.cos(i * 3).toString(36)}`]));
    const big = { name: 'big', baseline: 'thurrock', rationale };
    const store = memory();
    const q = stateQuery(big, store);
    expect(q).toMatch(/^draft=[a-z0-9]+$/);
    expect(stateQuery(big, store)).toBe(q);
    expect(store.size()).toBe(1);
    expect(scenarioFromQuery(`?${q}`, store)).toEqual(big);
    expect(scenarioFromQuery('?draft=nothere', store)).toBeNull();
  });

  it('still opens links made before compression (?s=, plain base64url JSON), and refuses rubbish', () => {
    const s = { name: 'old link', baseline: 'thurrock' };
    const old = btoa(JSON.stringify(s)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(scenarioFromQuery(`?s=${old}`, null)).toEqual(s);
    expect(scenarioFromQuery('?z=%%%', null)).toBeNull();
    expect(scenarioFromQuery('?s=bm90IGpzb24', null)).toBeNull();
  });
});

describe('edit history', () => {
  it('undoes and redoes whole edits, coalescing changes that come within the quiet time', () => {
    const h = new EditHistory('a', 500);
    expect(h.canUndo).toBe(false);
    h.record('ab', 1000);
    h.record('abc', 1200); // same edit (typing)
    h.record('abcX', 3000); // a new edit
    expect(h.undo()).toBe('abc');
    expect(h.undo()).toBe('a');
    expect(h.undo()).toBeNull();
    expect(h.redo()).toBe('abc');
    expect(h.redo()).toBe('abcX');
    expect(h.redo()).toBeNull();
  });

  it('drops the redo branch when a new edit follows an undo', () => {
    const h = new EditHistory('a', 0);
    h.record('b', 10);
    h.record('c', 20);
    expect(h.undo()).toBe('b');
    h.record('d', 30);
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe('b');
    expect(h.undo()).toBe('a');
  });
});

describe('switching baseline', () => {
  const thurrock = BASELINES['thurrock']!, mse = BASELINES['mse']!;
  it('keeps all 13 interventions of the strategy going to mid and south Essex (Thurrock is part of it), renames, and says what widens', () => {
    const input = structuredClone(EXAMPLES['strategy']!) as Parameters<typeof planBaselineSwitch>[0];
    const { next, changes } = planBaselineSwitch(input, thurrock, mse);
    expect(next.baseline).toBe('mse');
    expect(next.interventions).toEqual(input.interventions);
    expect(next.name).toBe('Mid and south Essex strategy: recruit and retain, localities, new roles, hubs and A&E diversion');
    expect(changes).toContainEqual(expect.stringMatching(/^8 intervention\(s\) without named localities will apply to all 8 localities of Mid and south Essex/));
    expect(input.baseline).toBe('thurrock'); // the original is untouched
  });

  it('drops hubs of localities the new baseline lacks, and names each', () => {
    const input = { name: 'Mid and south Essex hubs', baseline: 'mse', interventions: [
      { type: 'expandHub', locality: 'southend', gpAppointments: 100, nurseAppointments: 0 },
      { type: 'expandHub', locality: 'grays', gpAppointments: 100, nurseAppointments: 0 },
      { type: 'divertAe', share: 0.2, localities: ['southend', 'tilbury'] },
    ] };
    const { next, changes } = planBaselineSwitch(input, mse, thurrock);
    expect(next.interventions!.map((i) => i.locality ?? i.localities)).toEqual(['grays', ['tilbury']]);
    expect(changes).toContain('Intervention 1 (expandHub) is removed: NHS Thurrock CCG, 2015/16 has no locality "southend".');
    expect(changes).toContain('Intervention 3 (divertAe) keeps only tilbury.');
    expect(next.name).toBe('Thurrock hubs');
  });

  it('turns explicit pools into automatic ones rather than dropping the merge', () => {
    const input = { name: 'pools', baseline: 'thurrock', interventions: [{ type: 'merge', groups: [[thurrock.practices[0]!.code, thurrock.practices[1]!.code]], names: ['Riverside'] }] };
    const { next, changes } = planBaselineSwitch(input, thurrock, mse);
    expect(next.interventions).toEqual([{ type: 'merge', groups: 'auto' }]);
    expect(changes[0]).toMatch(/Intervention 1 \(merge\) uses automatic/);
  });
});

describe('chart specs', () => {
  const r = smallResult();
  it('gives a band per period with its numbers and a text alternative', () => {
    const spec = bandChart('gap', 'GP FTE gap', [{ name: 'A', r }], 'gpFteGap', 'FTE');
    expect(spec.rows).toHaveLength(r.periods.length);
    for (const [, , p10, p50, p90] of spec.rows) expect(Number(p10) <= Number(p50) && Number(p50) <= Number(p90)).toBe(true);
    expect(spec.summary).toContain(`in ${r.periods.at(-1)}`);
    const p50 = r.total.metrics.gpFteGap.at(-1)!.p50;
    expect(spec.summary).toContain(p50.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(p50) >= 100 ? 0 : 1 }));
  });

  it('wraps a long label at spaces into lines, cutting only beyond the last line (issue 19 #16)', () => {
    expect(wrapLabel('Pharmacist posts (3.8 a year, up to 6.8 FTE)', 20)).toBe('Pharmacist posts\n(3.8 a year, up to\n6.8 FTE)');
    expect(wrapLabel('short', 20)).toBe('short');
    // A word longer than a line stays whole on its own line.
    expect(wrapLabel('a Stanford-le-Hope-and-Corringham b', 10)).toBe('a\nStanford-le-Hope-and-Corringham\nb');
    expect(wrapLabel('one two three four five six', 8, 2)).toBe('one two\nthree f…');
  });

  it('the board pack\'s waterfall shows small steps as one bar that keeps the sum; its summary still names every step', () => {
    const w = { doNothing: 50, scenario: 45.3, steps: [{ label: 'A', value: -10 }, { label: 'B', value: 5 }, { label: 'C', value: 0.1 }, { label: 'D', value: 0.2 }, { label: 'E', value: 0 }] };
    const full = waterfallChart('w', w, 'S', 'GP FTE gap'), pack = waterfallChart('w', w, 'S', 'GP FTE gap', { smallShare: 0.05 });
    // Every step has its row, a zero one included (issue 31); the Numbers table reads as the bars' labels do.
    expect(full.rows).toEqual([['Doing nothing', '50'], ['A', '−10'], ['B', '+5'], ['C', '+0.1'], ['D', '+0.2'], ['E', '±0'], ['S', '45.3']]);
    expect(pack.rows[3]).toEqual(['3 smaller steps together, each under 0.2', '+0.3']);
    expect(pack.rows).toHaveLength(5);
    expect(pack.summary).toBe(full.summary);
    expect(full.summary).toContain('C +0.1; D +0.2; E ±0');
  });

  it('writes money steps in £m and never "-0" or long decimals in a Numbers table (issue 31)', () => {
    const w = { doNothing: 107_652_985.4, scenario: 108_673_356.8, steps: [{ label: 'Pools', value: 1_020_371.4 }, { label: 'Nothing', value: 0 }] };
    const spec = waterfallChart('w', w, 'S', 'cumulative primary-care cost (£)');
    expect(spec.rows).toEqual([['Doing nothing', '£107.7m'], ['Pools', '+£1.0m'], ['Nothing', '±0'], ['S', '£108.7m']]);
    expect([tableNumber(-0.00004), tableNumber(107021994.6), tableNumber(0.12345), tableNumber(-2.5)]).toEqual(['0', '107,021,995', '0.123', '-2.5']);
  });

  it('signs waterfall steps with a proper minus and sensible digits', () => {
    expect([signedStep(-1.009), signedStep(3.85), signedStep(-0.0123), signedStep(0), signedStep(-1234.4)]).toEqual(['−1', '+3.9', '−0.012', '0', '−1,234']);
  });

  it('lays out facets in a grid as wide as the drawing: four across at 1,100 px, one at 300 px', () => {
    const dc = demandCapacity(r);
    const cols = (w: number) => {
      const marks = (dc.fit!(w).marks ?? []) as unknown as { data?: { col?: number; row?: number }[] }[];
      const titles = marks.at(-1)!.data!;
      return { cols: new Set(titles.map((t) => t.col)).size, rows: new Set(titles.map((t) => t.row)).size };
    };
    expect(r.localities.length).toBeGreaterThanOrEqual(2);
    expect(cols(1100)).toEqual({ cols: Math.min(4, r.localities.length), rows: Math.ceil(r.localities.length / Math.min(4, r.localities.length)) });
    expect(cols(300)).toEqual({ cols: 1, rows: r.localities.length });
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
    // Issue 19 #19: pools in the planner's words, not "groups #3".
    expect(legendPath('interventions[0].groups[2][1]')).toBe('intervention 1: pool 3, practice 2');
    expect(legendPath('interventions[0].groups[2]')).toBe('intervention 1: pool 3');
    expect(legendPath('housing[0].locality')).toBe('housing step 1: locality');
    expect(legendPath('parameters.demand.trend')).toBe('parameters.demand.trend');
  });
});

describe('figures for people (issue 19 #20)', () => {
  it('writes money one way: £m with separators from £1m, £k below, a proper minus before the £, no "−£0.0m"', async () => {
    const { money, num, pct, MINUS } = await import('../../web/src/lib/format.ts');
    expect(money(1_471_900_000)).toBe('£1,471.9m');
    expect(money(225_413_217)).toBe('£225.4m');
    expect(money(-21_100_000)).toBe(`${MINUS}£21.1m`);
    expect(money(62_000)).toBe('£62k');
    expect(money(-40_000)).toBe(`${MINUS}£40k`);
    expect(money(-0.2)).toBe('£0');
    expect(money(-30_000_000 / 1e9)).toBe('£0');
    expect(num(-0.2)).toBe('0');
    expect(num(-3.04, 1)).toBe(`${MINUS}3.0`);
    expect(pct(-0.001)).toBe('0%');
    expect(pct(0.235)).toBe('24%');
  });
});

describe('series colours by slot (issue 19 #8)', () => {
  it('gives each slot the same colour whatever the names and however many scenarios', () => {
    const r = smallResult();
    const two = bandChart('g', 'Gap', [{ name: 'Zed plan', r }, { name: 'Do nothing', r }], 'gpFteGap', 'FTE');
    const four = bandChart('g', 'Gap', [{ name: 'Zed plan', r }, { name: 'Alpha', r }, { name: 'Do nothing', r }, { name: 'Beta', r }], 'gpFteGap', 'FTE');
    const colour = (spec: typeof two, name: string) => {
      const c = (spec.options as { color: { domain: string[]; range: string[] } }).color;
      return c.range[c.domain.indexOf(name)];
    };
    // The open scenario (slot 1) is the palette's first colour in both, though "Alpha" sorts before it.
    expect(colour(two, 'Zed plan')).toBe(colour(four, 'Zed plan'));
    expect(colour(four, 'Alpha')).not.toBe(colour(four, 'Zed plan'));
    expect((four.options as { color: { domain: string[] } }).color.domain).toEqual(['Zed plan', 'Alpha', 'Do nothing', 'Beta']);
  });
});
