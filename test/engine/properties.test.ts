// Invariants over random small scenarios (fast-check): conservation, monotonicity, zero demand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDeterministic, ROLES, type Baseline } from '../../engine/index.ts';
import { runScenario } from '../../engine/internal.ts';
import { fixedParameters, scenarioOn, tinyBaseline } from '../helpers.ts';

const practiceArb = fc.record({
  people: fc.integer({ min: 0, max: 20000 }),
  gp: fc.double({ min: 0, max: 10, noNaN: true }),
  nurse: fc.double({ min: 0, max: 5, noNaN: true }),
  anp: fc.double({ min: 0, max: 2, noNaN: true }),
  pharmacist: fc.double({ min: 0, max: 2, noNaN: true }),
  head: fc.integer({ min: 1, max: 6 }),
  loc: fc.constantFrom('a', 'b'),
});
const worldArb = fc.record({
  practices: fc.array(practiceArb, { minLength: 1, maxLength: 5 }),
  hubGp: fc.integer({ min: 0, max: 5000 }),
  rebook: fc.double({ min: 0, max: 0.9, noNaN: true }),
  locum: fc.double({ min: 0, max: 1, noNaN: true }),
  attrition: fc.double({ min: 0, max: 0.3, noNaN: true }),
  failure: fc.double({ min: 0, max: 0.2, noNaN: true }),
  trend: fc.double({ min: -0.02, max: 0.05, noNaN: true }),
});
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function baselineOf(w: World, gpScale = 1): Baseline {
  return tinyBaseline(
    w.practices.map((p) => ({ people: p.people, locality: p.loc, gpHeadcount: p.head, fte: { gp: p.gp * gpScale, nurse: p.nurse, anp: p.anp, pharmacist: p.pharmacist } })),
    { gpAppointments: w.hubGp, nurseAppointments: w.hubGp / 2 },
    ['a', 'b'],
  );
}
const paramsOf = (w: World) => fixedParameters({
  'access.rebook': w.rebook, 'workforce.gp.locumCover': w.locum, 'workforce.gp.attrition': w.attrition, 'workforce.nurse.attrition': w.attrition,
  'resilience.smallPracticeFailure': w.failure, 'demand.trend': w.trend, 'workforce.burnout': 0.5,
});
const rel = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('properties', () => {
  it('conserves episodes: served + unmet + backlogOut = demand + backlogIn, every locality and month; unmet never exceeds demand', () => {
    fc.assert(fc.property(worldArb, fc.boolean(), (w, own) => {
      const b = baselineOf(w);
      const res = runDeterministic(scenarioOn(b, { parameters: paramsOf(w), interventions: [{ type: 'divertAe', share: 0.5, withCapacity: own }] }), b, 'month');
      for (const area of [...res.localities, res.total]) {
        const m = area.metrics;
        // Each episode ends unmet at most once: from month 1 on, the unmet never exceed the demand plus the
        // retries waiting at the start. (One month alone may: when demand falls and everything fails, the
        // last month's retries end unmet beside this month's episodes; fast-check found it.)
        let unmet = 0, demand = m.backlog[0]!.p50;
        for (let t = 1; t < m.demand.length; t++) {
          if (!rel(m.served[t]!.p50 + m.unmet[t]!.p50 + m.backlog[t]!.p50, m.demand[t]!.p50 + m.backlog[t - 1]!.p50)) return false;
          unmet += m.unmet[t]!.p50;
          demand += m.demand[t]!.p50;
          if (unmet > demand * (1 + 1e-9) + 1e-9) return false;
        }
      }
      return true;
    }), { numRuns: 60 });
  });

  it('conserves staff: without leavers or failures, FTE changes only by hires and moves between roles', () => {
    fc.assert(fc.property(worldArb, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), (w0, hires, trainees) => {
      // Hires go to practices with patients; give every practice some.
      const w = { ...w0, practices: w0.practices.map((p) => ({ ...p, people: p.people + 100 })) };
      const b = baselineOf(w);
      const params = { ...paramsOf(w), 'resilience.smallPracticeFailure': 0, ...Object.fromEntries(ROLES.map((r) => [`workforce.${r}.attrition`, 0])) };
      const res = runDeterministic(scenarioOn(b, {
        parameters: params, years: 1,
        interventions: [{ type: 'hireAhp', role: 'physio', ftePerYear: hires, maxFte: 100, fillRate: 1 }, { type: 'upskillNurses', perYear: trainees, trainingMonths: 3, backfill: 0 }],
      }), b);
      const total = (get: (r: string) => number) => ROLES.reduce((a, r) => a + get(r), 0);
      const start = total((r) => res.total.start[`fte.${r}`]!);
      const end = total((r) => res.total.metrics[`fte.${r}` as 'fte.gp'][0]!.p50);
      return rel(end, start + hires);
    }), { numRuns: 60 });
  });

  it('never raises unmet demand when there is more capacity', () => {
    fc.assert(fc.property(worldArb, fc.double({ min: 1, max: 3, noNaN: true }), (w, scale) => {
      const lo = baselineOf(w), hi = baselineOf(w, scale);
      const a = runDeterministic(scenarioOn(lo, { parameters: paramsOf(w) }), lo).total.metrics.unmet;
      const b = runDeterministic(scenarioOn(hi, { parameters: paramsOf(w) }), hi).total.metrics.unmet;
      return a.every((s, t) => b[t]!.p50 <= s.p50 * (1 + 1e-9) + 1e-9);
    }), { numRuns: 60 });
  });

  it('gives zero unmet demand when there is no demand', () => {
    fc.assert(fc.property(worldArb, (w) => {
      const b = baselineOf({ ...w, practices: w.practices.map((p) => ({ ...p, people: 0 })) });
      const res = runDeterministic(scenarioOn(b, { parameters: paramsOf(w) }), b);
      return res.total.metrics.unmet.every((s) => s.p50 === 0) && res.total.metrics.served.every((s) => s.p50 === 0);
    }), { numRuns: 30 });
  });

  it('never lowers served demand or raises the gap by fully pooling GP-and-nurse practices with an efficiency gain >= 0 and no access penalty', () => {
    // With all capacity shared (merge.sharedShare 1, each member's share by its demand) and no access
    // penalty, a pool is one load: with failure linear in the load, failures x load is convex, so pooling
    // (Cauchy-Schwarz) cannot raise them; the stretch ceiling and the 3% floor keep it convex. Not so where
    // failure saturates at 100% (a pool with next to no GP), so every practice here has at least one GP FTE
    // per 5,000 patients. Locum cover is off because a pool buys fewer locums. (The default merge, with
    // 30% shared and a 1-point penalty, can lower served: the evidence finds no access gain from growth.)
    fc.assert(fc.property(worldArb, fc.double({ min: 0, max: 0.1, noNaN: true }), (w0, gain) => {
      const w = { ...w0, practices: w0.practices.map((p) => ({ ...p, gp: p.gp + p.people / 5000, anp: 0, pharmacist: 0 })), attrition: 0, failure: 0 };
      const b = baselineOf(w);
      const p = { ...paramsOf(w), 'workforce.gp.locumCover': 0, 'access.failureMax': 1, 'merge.sharedShare': 1, 'merge.accessPenalty': 0 };
      const apart = runDeterministic(scenarioOn(b, { parameters: p }), b, 'month').total.metrics;
      const merged = runDeterministic(scenarioOn(b, { parameters: p, interventions: [{ type: 'merge', groups: 'auto', target: [1, 1e9], efficiencyGain: gain }] }), b, 'month').total.metrics;
      // Tolerances: a millionth of an appointment (rounding of (1 - f) x attempts when f is 1), and 1e-4 of the
      // gap. fast-check found pools of one to three patients, at the stretch ceiling with the hub rescuing
      // pro rata and 90% rebooking, where merging raises the gap by 1e-5 of itself: a real but negligible
      // effect of the hub's pro rata share on the waiting lists, far below any decision.
      return apart.served.every((s, t) => merged.served[t]!.p50 >= s.p50 * (1 - 1e-9) - 1e-6)
        && apart.gpFteGap.every((s, t) => merged.gpFteGap[t]!.p50 <= s.p50 * (1 + 1e-4) + 1e-9);
    }), { numRuns: 150 });
  });

  it('keeps Monte Carlo summaries ordered: p10 <= p50 <= p90', () => {
    const w = fc.sample(worldArb, { numRuns: 1, seed: 3 })[0]!;
    const b = baselineOf(w);
    const res = runScenario(scenarioOn(b, { parameters: { 'demand.trend': { p10: 0, p90: 0.05 } } }), b, { runs: 200 });
    for (const s of res.total.metrics.demand) {
      expect(s.p10).toBeLessThanOrEqual(s.p50);
      expect(s.p50).toBeLessThanOrEqual(s.p90);
    }
  });
});
