// Model 4's one counting basis: England's practice is the baseline's reference (patients per GP FTE counting
// registrars and locums), and the reference load, England's workload and the like-for-like shortfall are
// derived from it in one place (engine/defaults.ts, englandLoad). Baselines here are synthetic.
import { describe, expect, it } from 'vitest';
import { englandLoad, loadScenario, PARAM_BY_KEY, runDeterministic, type Baseline } from '../../engine/index.ts';
import { englandBaseline } from '../../scripts/targets.ts';

const run = (b: Baseline, parameters: Record<string, unknown> = {}) => {
  const r = loadScenario({ name: 'England', baseline: b.id, years: 1, parameters }, { [b.id]: b });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return runDeterministic(r.value, b);
};
/** England's synthetic practice at another year's reference: the same staffing relative to it. */
const englandAt = (ppg: number): Baseline => {
  const e = englandBaseline();
  const k = 1650 / ppg;
  return { ...e, id: `england-${ppg}`, reference: { patientsPerGpFte: ppg, source: 'synthetic' }, practices: e.practices.map((p) => ({ ...p, fte: { ...p.fte, gp: p.fte.gp * k } })) };
};

describe("England's reference (model 4)", () => {
  it('derives the reference load and the workload target from the demand rates: about 25 and 27 at 1,650, 20.2 and 21.7 at 1,321', () => {
    // 5.56 consultations a head x 62% GP-type x 1,650 / 225 days = 25.28 first attempts a GP day; with the
    // retries of an 11.5% failure rate (60% rebook, two retries): x (1 + 0.069 + 0.069^2) = 27.14.
    const at1650 = englandLoad(1650);
    expect(at1650.gpDaily).toBeCloseTo((5.56 * 0.62 * 1650) / 225, 10);
    expect(at1650.loadRef).toBeCloseTo(at1650.gpDaily * (1 + 0.069 + 0.069 ** 2), 10);
    expect(englandLoad(1321).gpDaily).toBeCloseTo(20.2, 1);
    expect(englandLoad(1321).loadRef).toBeCloseTo(21.7, 1);
    expect(PARAM_BY_KEY.get('access.loadRef')!.value).toBe(at1650.loadRef);
    expect(PARAM_BY_KEY.get('reference.patientsPerGpFte')!.value).toBe(1650);
    expect(PARAM_BY_KEY.get('reference.seedsPatientsPerGp')!.value).toBe(1321);
  });

  it("puts England's practice at England's access with no gap, whatever the year's reference the baseline carries", () => {
    const base = run(englandBaseline()).total.metrics;
    const run0 = run(englandBaseline());
    expect(run0.reference.loadRef).toBeCloseTo(englandLoad(1650).loadRef, 12);
    for (const ppg of [1321, 2100]) {
      const m = run(englandAt(ppg)).total.metrics;
      expect(m.accessFailure[0]!.mean).toBeCloseTo(base.accessFailure[0]!.mean, 9);
      expect(m.gpFteGap[0]!.mean / m['fte.gpAll'][0]!.mean).toBeCloseTo(base.gpFteGap[0]!.mean / base['fte.gpAll'][0]!.mean, 9);
    }
    // The result carries the load it was measured against, derived at the baseline's reference and factors.
    expect(run(englandAt(2100)).reference.loadRef).toBeCloseTo(englandLoad(2100).loadRef, 12);
    const scaled = { ...englandAt(2100), reference: { patientsPerGpFte: 2100, source: 'synthetic', demandScale: 1.1, gpShare: 0.9 } };
    expect(run(scaled).reference.loadRef).toBeCloseTo(englandLoad(2100, 1.1 * 0.9).loadRef, 12);
    expect(base.accessFailure[0]!.mean).toBeGreaterThan(0.1);
    expect(base.accessFailure[0]!.mean).toBeLessThan(0.13);
  });

  it("reads the baseline's reference at the old headcount ratio as overload: 1,650 patients per FTE against 1,321 fails more", () => {
    const wrong = englandBaseline();
    const m = run({ ...wrong, id: 'mixed-basis', reference: { patientsPerGpFte: 1321, source: 'synthetic: the seeds\' headcount ratio' } }).total.metrics;
    expect(m.accessFailure[0]!.mean).toBeGreaterThan(0.14);
  });

  it("lets a scenario's reference take the place of the baseline's, and gives the like-for-like and the seeds' shortfalls apart", () => {
    const e = englandAt(2100);
    const pop = e.practices[0]!.list.reduce((a, x) => a + x, 0);
    const gpAll = (r: ReturnType<typeof run>) => r.total.start['fte.gpAll']!;
    const own = run(e);
    const set = run(e, { 'reference.patientsPerGpFte': 1650 });
    // The practice has 100,000 / 1,650 substantive GP FTE and locums on top: against 2,100 it is overstaffed,
    // against 1,650 (set by the scenario) it is not short either; against the seeds' 1,321 it lacks the difference.
    expect(own.total.start.additionalGpFteLikeForLike).toBe(Math.max(0, pop / 2100 - gpAll(own)));
    expect(set.total.start.additionalGpFteLikeForLike).toBe(Math.max(0, pop / 1650 - gpAll(set)));
    expect(set.total.start.additionalGpFteTraditional).toBeCloseTo(pop / 1321 - gpAll(set), 9);
    expect(set.total.metrics.accessFailure[0]!.mean).toBeGreaterThan(own.total.metrics.accessFailure[0]!.mean);
  });
});
