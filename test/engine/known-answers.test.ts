// Hand-computed cases of model 3: one or two practices, every parameter fixed. The arithmetic is in the
// comments. Defaults used: 225 working days (18.75 a month), a GP's normal load loadRef 21.7 and stretch
// 1.35 x 21.7 = 29.295 a day, failureRef 0.115, elasticity 1, failure clamped to [0.03, 0.6]; demand 5 a
// head a year; target.gpDaily 20.2. (Synthetic practices: none of these figures is real data.)
import { describe, expect, it } from 'vitest';
import { runDeterministic } from '../../engine/index.ts';
import { accessFailureShare, unmetPerFirstAttempt } from '../../engine/internal.ts';
import { gapClosed } from '../../engine/model/period.ts';
import { fixedParameters, scenarioOn, tinyBaseline } from '../helpers.ts';

const MIX_GP = { gpOnly: 1, anpSuitable: 0, nurse: 0, pharmacy: 0, msk: 0, urgent: 0 };
const monthly = (b: ReturnType<typeof tinyBaseline>, s: ReturnType<typeof scenarioOn>) => runDeterministic(s, b, 'month').total;
const M = 225 / 12; // working days a month
/** 1,953 people ask 1,953 x 5 / 12 = 813.75 GP appointments a month: with 2 GP FTE, 21.7 a GP day (the England load). */
const ENGLAND = { people: 1953, fte: { gp: 2 } };
const D = (1953 * 5) / 12;
/** A GP's most appointments a month at the default stretch: 1.35 x 21.7 x 18.75. */
const CEIL = 1.35 * 21.7 * M;

describe('demand arithmetic', () => {
  it('is list x rate / 12 x (1 + trend)^(t/12) x need', () => {
    // 1,200 people x 5 a year / 12 = 500 a month; need 1.1 gives 550; after 12 months at +12%: 616.
    const b = tinyBaseline([{ people: 1200, need: 1.1, fte: { gp: 100 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.trend': 0.12 }) }));
    expect(t.metrics.demand[0]!.p50).toBeCloseTo(550, 9);
    expect(t.metrics.demand[12]!.p50).toBeCloseTo(616, 9);
    expect(t.metrics.demand[6]!.p50).toBeCloseTo(550 * Math.sqrt(1.12), 9);
  });

  it('grows the list by population.growth and adds housing steps', () => {
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'population.growth': 0.1 }), housing: [{ locality: 'a', from: '2016-07', residents: 600 }] }));
    expect(t.metrics.population[2]!.p50).toBeCloseTo(1200 * 1.1 ** (2 / 12), 9);
    expect(t.metrics.population[3]!.p50).toBeCloseTo(1200 * 1.1 ** (3 / 12) + 600, 9);
    expect(t.metrics.population[12]!.p50).toBeCloseTo(1320 + 600 * 1.1 ** (9 / 12), 9);
  });

  it('scales demand by demand.scale; navigation signposts its external share, re-routes the rest and costs per episode', () => {
    // Scale 1.2: 500 -> 600 a month. Navigation 50% of a 10% navigable share navigates 5% of GP-type: 30.
    // 20% of them leave (signposted: 6); 24 are re-routed. Demand still counts all 600.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100, nurse: 10 } }]);
    const p = fixedParameters({ 'demand.scale': 1.2, 'demand.navigable': 0.1, 'demand.mix': MIX_GP, 'navigation.external': 0.2, 'careNavigation.costPerEpisode': 5 });
    const t = monthly(b, scenarioOn(b, { parameters: p, interventions: [{ type: 'careNavigation', share: 0.5 }] }));
    const none = monthly(b, scenarioOn(b, { parameters: p }));
    expect(t.metrics.demand[0]!.p50).toBeCloseTo(600, 9);
    expect(t.metrics.signposted[0]!.p50).toBeCloseTo(6, 9);
    expect(t.metrics.cost[0]!.p50 - none.metrics.cost[0]!.p50).toBeCloseTo(30 * 5, 6);
    // With no demand of the other roles' types (all gpOnly), the 24 re-routed stay with the GPs; at 100 GPs
    // only the floor of 3% fails, so served = 0.97 x (600 - 6).
    expect(t.metrics.served[0]!.p50).toBeCloseTo(0.97 * 594, 6);
    // With nurse-type care in the mix, the re-routed go to the nurses in proportion to the re-routing
    // types' shares: here nurse 0.5 of (anpSuitable 0, nurse 0.5, pharmacy 0, msk 0): all 24 of them.
    const mixed = fixedParameters({ ...p, 'demand.mix': { ...MIX_GP, gpOnly: 0.5, nurse: 0.5 } });
    const n = monthly(b, scenarioOn(b, { parameters: mixed, interventions: [{ type: 'careNavigation', share: 0.5 }] }));
    const n0 = monthly(b, scenarioOn(b, { parameters: mixed }));
    // 5% of 300 GP-type = 15 navigated: 3 signposted, 12 to the nurses (who have room). They are still GP-type
    // episodes, so the practice's GP-type failure share (the 3% floor here) applies: the nurses serve 11.64 more.
    expect(n.metrics.signposted[0]!.p50).toBeCloseTo(3, 9);
    expect((n.metrics['workload.nurse'][0]!.p50 - n0.metrics['workload.nurse'][0]!.p50) * 10 * M).toBeCloseTo(12 * 0.97, 6);
  });
});

describe('access failure', () => {
  it('fails failureRef of first attempts at the England reference load', () => {
    // L = 813.75 / (2 x 18.75) = 21.7 = loadRef: f = 0.115. Served 813.75 x 0.885; GP workload 720.17 / 37.5 = 19.2 a day.
    const b = tinyBaseline([ENGLAND]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP }) }));
    expect(t.metrics.accessFailure[0]!.p50).toBeCloseTo(0.115, 12);
    expect(t.metrics.served[0]!.p50).toBeCloseTo(D * 0.885, 9);
    expect(t.metrics.unmet[0]!.p50).toBeCloseTo(D * 0.115, 9); // no rebooking: every failure ends unmet
    expect(t.metrics.gpApptsPerGpDay[0]!.p50).toBeCloseTo((D * 0.885) / (2 * M), 9);
    expect(t.metrics['workload.gp'][0]!.p50).toBeCloseTo((D * 0.885) / (2 * M), 9);
    expect(accessFailureShare(21.7, 0.115, 21.7, 1, 0.03, 0.6)).toBe(0.115);
  });

  it('is failureRef x (load / loadRef)^elasticity clamped to [min, max]: a case where dropping any term changes the answer', () => {
    // load 30, loadRef 24, failureRef 0.12, elasticity 2: 0.12 x 1.25^2 = 0.1875. Dropping the elasticity
    // gives 0.15, the load ratio 0.12, failureRef 1.5625; the clamps then bind at 0.2 and at 0.19.
    expect(accessFailureShare(30, 0.12, 24, 2, 0.03, 0.6)).toBeCloseTo(0.1875, 15);
    expect(accessFailureShare(30, 0.12, 24, 2, 0.03, 0.18)).toBe(0.18);
    expect(accessFailureShare(30, 0.12, 24, 2, 0.19, 0.6)).toBe(0.19);
    // Each term on its own: the load (halved, a quarter), loadRef (doubled, a quarter), failureRef (doubled).
    expect(accessFailureShare(15, 0.12, 24, 2, 0.01, 0.6)).toBeCloseTo(0.1875 / 4, 15);
    expect(accessFailureShare(30, 0.12, 48, 2, 0.01, 0.6)).toBeCloseTo(0.1875 / 4, 15);
    expect(accessFailureShare(30, 0.24, 24, 2, 0.03, 0.6)).toBeCloseTo(0.375, 15);
    // Elasticity 0.5 and 0: the square root, and no dependence on the load at all.
    expect(accessFailureShare(30, 0.12, 24, 0.5, 0.03, 0.6)).toBeCloseTo(0.12 * Math.sqrt(1.25), 15);
    expect(accessFailureShare(30, 0.12, 24, 0, 0.03, 0.6)).toBe(0.12);
  });

  it('rises with the required GP load, by the elasticity', () => {
    // Twice the list: L = 43.4, f = 0.23; with elasticity 1.5, f = 0.115 x 2^1.5 = 0.3253. (Stretch 3 keeps
    // the ceiling out of it: 65.1 a day.)
    const b = tinyBaseline([{ people: 2 * 1953, fte: { gp: 2 } }]);
    const lin = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.stretch': 3 }) }));
    expect(lin.metrics.accessFailure[0]!.p50).toBeCloseTo(0.23, 12);
    const el = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.stretch': 3, 'access.elasticity': 1.5 }) }));
    expect(el.metrics.accessFailure[0]!.p50).toBeCloseTo(0.115 * 2 ** 1.5, 12);
  });

  it('never serves above the stretch ceiling, and locums from a finite supply cover part of the shortfall', () => {
    // 1,627.5 asked of 1 GP: L = 86.8, f = 0.46, but (1 - f) x 1,627.5 = 878.9 > 29.295 x 18.75 = 549.28: served 549.28.
    const b = tinyBaseline([{ people: 2 * 1953, fte: { gp: 1 } }]);
    const G = 2 * D;
    const capped = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP }) }));
    expect(capped.metrics.served[0]!.p50).toBeCloseTo(CEIL, 9);
    expect(capped.metrics.accessFailure[0]!.p50).toBeCloseTo(1 - CEIL / G, 12);
    expect(capped.metrics.gpApptsPerGpDay[0]!.p50).toBeCloseTo(1.35 * 21.7, 9);
    // Locum cover 0.5 of the shortfall at the ceiling, from an ample supply: 0.5 x (86.8 / 29.295 - 1) = 0.9815 FTE;
    // L = 86.8 / 1.9815 = 43.80, f = 0.2322; served = min(0.7678 x 1,627.5, 1.9815 x 549.28) = 1,088.4.
    const ample = fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.locumCover': 0.5, 'workforce.gp.locumSupply': 1, 'workforce.gp.locumCostPerFte': 120000 });
    const withLocum = monthly(b, scenarioOn(b, { parameters: ample }));
    const locum = 0.5 * (G / CEIL - 1);
    const f = (0.115 * (G / ((1 + locum) * M))) / 21.7;
    const served = Math.min((1 - f) * G, (1 + locum) * CEIL);
    expect(withLocum.metrics.locumFte[0]!.p50).toBeCloseTo(locum, 9);
    expect(withLocum.metrics['fte.gpAll'][0]!.p50).toBeCloseTo(withLocum.metrics['fte.gp'][0]!.p50 + locum, 9);
    expect(withLocum.metrics.served[0]!.p50).toBeCloseTo(served, 9);
    expect(withLocum.metrics.accessFailure[0]!.p50).toBeCloseTo(1 - served / G, 12);
    // The locum's cost: 0.9815 FTE x 120,000 / 12 on top of the GP's 110,000 / 12 (primary care; A&E falls).
    expect(withLocum.metrics.costPrimaryCare[0]!.p50 - capped.metrics.costPrimaryCare[0]!.p50).toBeCloseTo((locum * 120000) / 12, 6);
    // The default supply, 6% of the area's substantive GP FTE: 0.06 FTE however much is asked.
    const scarce = monthly(b, scenarioOn(b, { parameters: { ...ample, 'workforce.gp.locumSupply': 0.06 } }));
    expect(scarce.metrics.locumFte[0]!.p50).toBeCloseTo(0.06, 9);
    expect(scarce.metrics.served[0]!.p50).toBeCloseTo(1.06 * CEIL, 9);
    // Two practices asking for locums share the supply in proportion to what they ask.
    const two = tinyBaseline([{ people: 2 * 1953, fte: { gp: 1 }, locality: 'a' }, { people: 4 * 1953, fte: { gp: 1 }, locality: 'b' }], undefined, ['a', 'b']);
    const tw = runDeterministic(scenarioOn(two, { parameters: { ...ample, 'workforce.gp.locumSupply': 0.1 } }), two, 'month').localities;
    expect(tw[0]!.metrics.locumFte[0]!.p50).toBeCloseTo(0.2 * 0.5 * (G / CEIL - 1) / (0.5 * (G / CEIL - 1) + 0.5 * ((2 * G) / CEIL - 1)) , 9);
  });

  it('asks of GPs only what the other roles leave, each appointment substituting for a share of a GP episode', () => {
    // Pharmacy 406.875 a month; 1 pharmacist FTE at 13 a day (stretch) gives 243.75 appointments, each
    // resolving 0.7 of an episode: 170.625 episodes. GPs are asked 813.75 - 170.625 = 643.125, and have
    // 2 + 0.1 FTE (the pharmacist releases 0.1 GP FTE of prescribing work) less 0.03 of supervision:
    // L = 643.125 / (2.07 x 18.75) = 16.570, f = 0.115 x L / 21.7. The pharmacist's patients fail at f too.
    const b = tinyBaseline([{ people: 1953, fte: { gp: 2, pharmacist: 1 } }]);
    const p = fixedParameters({ 'demand.mix': { ...MIX_GP, gpOnly: 0.5, pharmacy: 0.5 }, 'workforce.pharmacist.substitution': 0.7,
      'workforce.pharmacist.gpTimeRelease': 0.1, 'workforce.pharmacist.supervision': 0.03 });
    const t = monthly(b, scenarioOn(b, { parameters: p }));
    const G = D - 243.75 * 0.7, L = G / (2.07 * M), f = (0.115 * L) / 21.7;
    expect(t.metrics.accessFailure[0]!.p50).toBeCloseTo(f, 12);
    expect(t.metrics.served[0]!.p50).toBeCloseTo(D * (1 - f), 9);
    expect(t.metrics['workload.pharmacist'][0]!.p50).toBeCloseTo((243.75 * (1 - f)) / M, 9);
    expect(t.metrics['workload.gp'][0]!.p50).toBeCloseTo((G * (1 - f)) / (2 * M), 9);
    // The gap counts the GPs' time net of supervision and release: with 1 GP, 643.125 / (20.2 x 18.75) - 1.07.
    const one = tinyBaseline([{ people: 1953, fte: { gp: 1, pharmacist: 1 } }]);
    expect(monthly(one, scenarioOn(one, { parameters: p })).metrics.gpFteGap[0]!.p50).toBeCloseTo(G / (20.2 * M) - 1.07, 9);
  });

  it('fails nurse-type attempts only beyond the nurses\' stretch capacity', () => {
    // 813.75 nurse-type a month; 1 nurse FTE at 34 a day = 637.5: 176.25 fail.
    const b = tinyBaseline([{ people: 1953, fte: { gp: 1, nurse: 1 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': { ...MIX_GP, gpOnly: 0, nurse: 1 } }) }));
    expect(t.metrics.served[0]!.p50).toBeCloseTo(34 * M, 9);
    expect(t.metrics.unmet[0]!.p50).toBeCloseTo(D - 34 * M, 9);
    expect(t.metrics.accessFailure[0]!.p50).toBe(0); // access failure is of GP-type care
  });

  it('serves failed attempts at the locality hub before they count as failed', () => {
    // 93.58 of 813.75 fail at the practice; a hub of 600 GP appointments a year (50 a month) rescues 50.
    const b = tinyBaseline([ENGLAND], { gpAppointments: 600, nurseAppointments: 0 });
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP }) }));
    expect(t.metrics.unmet[0]!.p50).toBeCloseTo(D * 0.115 - 50, 9);
    expect(t.metrics.accessFailure[0]!.p50).toBeCloseTo((D * 0.115 - 50) / D, 12);
  });
});

describe('retries and A&E', () => {
  it('starts the waiting list in its steady state and counts each episode once', () => {
    // f held at 0.2, rebook 0.5, one retry: attempts 1.1 D, served 0.88 D, unmet 0.1 D + 0.02 D, waiting 0.1 D.
    const b = tinyBaseline([ENGLAND]);
    const p = fixedParameters({ 'demand.mix': MIX_GP, 'access.failureMin': 0.2, 'access.failureMax': 0.2, 'access.rebook': 0.5, 'access.maxRetries': 1 });
    const t = monthly(b, scenarioOn(b, { parameters: p }));
    for (const m of [0, 1, 11]) {
      expect(t.metrics.served[m]!.p50).toBeCloseTo(0.88 * D, 9);
      expect(t.metrics.unmet[m]!.p50).toBeCloseTo(0.12 * D, 9);
      expect(t.metrics.backlog[m]!.p50).toBeCloseTo(0.1 * D, 9);
      expect(t.metrics.unmetShare[m]!.p50).toBeCloseTo(0.12, 12);
    }
    expect(unmetPerFirstAttempt(0.2, 0.5, 1)).toBeCloseTo(0.12, 15);
    // Two retries: unmet 0.1 + 0.01 + 0.002 = 0.112 of first attempts; waiting 0.1 D + 0.01 D.
    const t2 = monthly(b, scenarioOn(b, { parameters: { ...p, 'access.maxRetries': 2 } }));
    expect(t2.metrics.unmet[5]!.p50).toBeCloseTo(0.112 * D, 9);
    expect(t2.metrics.backlog[5]!.p50).toBeCloseTo(0.11 * D, 9);
    expect(t2.metrics.served[5]!.p50).toBeCloseTo(0.888 * D, 9);
    // waitWeeks = waiting / weekly served.
    expect(t2.metrics.waitWeeks[5]!.p50).toBeCloseTo((0.11 * D) / ((0.888 * D * 12) / 52), 9);
  });

  it('starts A&E at the observed level: a background rate plus ae.perUnmet of each unmet GP-type episode', () => {
    // Observed 1,953 x 120 / 12,000 = 19.53 a month. f held at 0.2, no rebooking: 0.2 x 813.75 = 162.75 GP-type
    // episodes end unmet a month, sending 0.13 x 162.75 = 21.1575... more than observed, so with ratePer1000 300:
    // 48.825 observed, background 48.825 - 21.1575 = 27.6675. A year on, demand +12% and background +5%:
    // 27.6675 x 1.05 + 0.13 x 162.75 x 1.12.
    const b = tinyBaseline([ENGLAND]);
    const p = fixedParameters({ 'demand.mix': MIX_GP, 'access.failureMin': 0.2, 'access.failureMax': 0.2, 'ae.ratePer1000': 300, 'ae.perUnmet': 0.13, 'ae.trend': 0.05, 'demand.trend': 0.12 });
    const t = monthly(b, scenarioOn(b, { parameters: p }));
    const obs = (1953 * 300) / 12000, fromUnmet = 0.13 * 0.2 * D;
    expect(t.metrics.aeAttendances[0]!.p50).toBeCloseTo(obs, 9);
    expect(t.metrics.aeAttendances[12]!.p50).toBeCloseTo((obs - fromUnmet) * 1.05 + fromUnmet * 1.12, 9);
    // Nurse-type unmet care does not drive A&E: with all demand nurse-type and no nurses, A&E stays at the background.
    const n = monthly(b, scenarioOn(b, { parameters: { ...p, 'demand.mix': { ...MIX_GP, gpOnly: 0, nurse: 1 }, 'demand.trend': 0.12 } }));
    expect(n.metrics.aeAttendances[12]!.p50).toBeCloseTo(obs * 1.05, 9);
    expect(t.metrics.costAe[0]!.p50).toBeCloseTo(obs * 140, 6);
  });

  it('diverts avoidable A&E attendances into primary care, into commissioned sessions when asked', () => {
    // From the second month: diverted 48.825 x avoidable 0.5 x share 0.5 = 12.20625 a month; A&E falls by as
    // much, less what the diverted episodes that fail send back (0.13 x 0.2 x 12.20625 when they join the
    // practice's queue).
    const b = tinyBaseline([ENGLAND]);
    const p = fixedParameters({ 'demand.mix': MIX_GP, 'access.failureMin': 0.2, 'access.failureMax': 0.2, 'ae.ratePer1000': 300, 'ae.avoidableShare': 0.5, 'ae.perUnmet': 0.13 });
    const iv = { type: 'divertAe' as const, from: '2016-05', share: 0.5 };
    const obs = (1953 * 300) / 12000, div = obs * 0.25;
    const into = monthly(b, scenarioOn(b, { parameters: p, interventions: [{ ...iv, withCapacity: false }] }));
    expect(into.metrics.aeDiverted[1]!.p50).toBeCloseTo(div, 9);
    expect(into.metrics.aeAttendances[1]!.p50).toBeCloseTo(obs - div + 0.13 * 0.2 * div, 9);
    expect(into.metrics.demand[1]!.p50).toBeCloseTo(D + div, 9);
    expect(into.metrics.unmet[1]!.p50).toBeCloseTo(0.2 * (D + div), 9); // they join the practice's queue
    const own = monthly(b, scenarioOn(b, { parameters: p, interventions: [iv] }));
    expect(own.metrics.unmet[1]!.p50).toBeCloseTo(0.2 * D, 9); // seen in their own sessions
    expect(own.metrics.aeAttendances[1]!.p50).toBeCloseTo(obs - div, 9);
    // The sessions are primary-care cost; the attendances saved are A&E cost.
    expect(own.metrics.costPrimaryCare[1]!.p50 - into.metrics.costPrimaryCare[1]!.p50).toBeCloseTo(div * 40, 6);
    expect(into.metrics.costAe[1]!.p50 - own.metrics.costAe[1]!.p50).toBeCloseTo(0.13 * 0.2 * div * 140, 6);
  });
});

describe('workforce', () => {
  it('loses exactly the attrition share in a year with no vacancy filling', () => {
    const b = tinyBaseline([{ people: 1200, fte: { gp: 10 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'workforce.gp.attrition': 0.12, 'workforce.gp.fillRate': 0 }) }));
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(8.8, 9);
  });

  it('raises leavers with workload above the normal level (burnout)', () => {
    // At the stretch ceiling every month (29.295 a day), leavers are the monthly rate x (1 + 1 x (29.295/21.7 - 1)).
    const b = tinyBaseline([{ people: 40000, fte: { gp: 10 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.attrition': 0.12, 'workforce.gp.fillRate': 0, 'workforce.burnout': 1 }) }));
    const monthlyLeave = (1 - 0.88 ** (1 / 12)) * 1.35;
    expect(t.metrics.gpApptsPerGpDay[0]!.p50).toBeCloseTo(1.35 * 21.7, 9);
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(10 * (1 - monthlyLeave) ** 12, 9);
  });

  it('fills vacancies toward the establishment: GPs from none vacant, other roles from balance', () => {
    // GP: establishment 10; each month F <- F (1 - leave) + fill/12 x (10 - F (1 - leave)).
    // Nurse: establishment 5 x (1 + 0.1 / 0.6), so joiners match leavers at the start.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 10, nurse: 5 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'workforce.gp.attrition': 0.12, 'workforce.gp.fillRate': 0.6, 'workforce.nurse.attrition': 0.1, 'workforce.nurse.fillRate': 0.6 }) }));
    const step = (f: number, est: number, a: number, fill: number) => { const kept = f * (1 - (1 - (1 - a) ** (1 / 12))); return kept + (fill / 12) * (est - kept); };
    let gp = 10, nurse = 5;
    for (let m = 0; m < 12; m++) { gp = step(gp, 10, 0.12, 0.6); nurse = step(nurse, 5 * (1 + 0.1 / 0.6), 0.1, 0.6); }
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(gp, 9);
    expect(t.metrics['fte.nurse'][11]!.p50).toBeCloseTo(nurse, 9);
    expect(Math.abs(nurse - 5)).toBeLessThan(0.02);
  });

  it('moves a small practice\'s expected failed share to its neighbours: its list and posts, and staffTransfer of its staff', () => {
    // The deterministic run fails 1 - (1 - 0.2)^(1/12) of the one-GP practice each month, so a year on it
    // has lost 20% of its list, demand and staff. Its neighbour takes all the list, demand and posts, and
    // half the staff: with no vacancy filling, GPs 3 + 1 - 0.5 x 0.2 x 1 = 3.9, nurses 2 - 0.5 x 0.2 x 2 = 1.8.
    const b = tinyBaseline([{ people: 1000, fte: { gp: 1, nurse: 2 }, gpHeadcount: 1 }, { people: 3000, fte: { gp: 3 } }]);
    const p = fixedParameters({ 'resilience.smallPracticeFailure': 0.2, 'resilience.staffTransfer': 0.5, 'workforce.gp.fillRate': 0, 'workforce.nurse.fillRate': 0 });
    const t = monthly(b, scenarioOn(b, { parameters: p }));
    expect(t.metrics.demand[11]!.p50).toBeCloseTo((4000 * 5) / 12, 9);
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(3.9, 9);
    expect(t.metrics['fte.nurse'][11]!.p50).toBeCloseTo(1.8, 9);
    // The posts moved with the list, so the staff who left are vacancies the locality refills (at 1/12 of the
    // vacancy a month): FTE climbs back toward the 4 GP posts and 2 nurse posts, never above them.
    const f = monthly(b, scenarioOn(b, { parameters: { ...p, 'workforce.gp.fillRate': 1, 'workforce.nurse.fillRate': 1 } }));
    expect(f.metrics['fte.gp'][11]!.p50).toBeGreaterThan(3.9 + 0.03);
    expect(f.metrics['fte.gp'][11]!.p50).toBeLessThanOrEqual(4 + 1e-9);
    expect(f.metrics['fte.nurse'][11]!.p50).toBeGreaterThan(1.8 + 0.06);
    expect(f.metrics['fte.nurse'][11]!.p50).toBeLessThanOrEqual(2 + 1e-9);
    // Nobody left to take the list (the practice is alone in its locality): nothing fails.
    const alone = tinyBaseline([{ people: 1000, fte: { gp: 1, nurse: 2 }, gpHeadcount: 1 }]);
    const u = monthly(alone, scenarioOn(alone, { parameters: fixedParameters({ 'resilience.smallPracticeFailure': 0.2 }) }));
    expect(u.metrics['fte.gp'][11]!.p50).toBeCloseTo(1, 12);
  });

  it('retires GPs aged 55+ evenly over retirementYears', () => {
    // 10 FTE, 25% over 55, over 10 years: 2.5 / 120 a month; a year later 9.75.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 10 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'workforce.gp.over55Share': 0.25, 'workforce.gp.retirementYears': 10, 'workforce.gp.fillRate': 0 }) }));
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(9.75, 9);
  });

  it('turns a trainee nurse into an ANP when training ends, backfills the post and caps the share upskilled', () => {
    // 12 a year = 1 a month from month 0; 6 months' training; at most 25% of 10 nurses: starts 1, 1, 0.5.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100, nurse: 10 } }]);
    const t = monthly(b, scenarioOn(b, {
      parameters: fixedParameters({ 'demand.mix': { ...MIX_GP, gpOnly: 0, nurse: 1 } }),
      interventions: [{ type: 'upskillNurses', perYear: 12, trainingMonths: 6, studyShare: 0.2, courseCost: 1000, backfill: 0, maxShare: 0.25 }],
    }));
    expect(t.metrics['fte.anp'][5]!.p50).toBeCloseTo(0, 9);
    expect(t.metrics['fte.anp'][6]!.p50).toBeCloseTo(1, 9);
    expect(t.metrics['fte.anp'][8]!.p50).toBeCloseTo(2.5, 9);
    expect(t.metrics['fte.anp'][11]!.p50).toBeCloseTo(2.5, 9);
    expect(t.metrics['fte.nurse'][6]!.p50).toBeCloseTo(9, 9);
    // Normal capacity in month 1: nurses (10 - 2 x 0.2) x 28 + GPs 100 x 21.7, a month.
    expect(t.metrics.capacity[1]!.p50).toBeCloseTo((100 * 21.7 + 9.6 * 28) * M, 9);
    // Backfill 1 at the nurse fill rate 0.6: month 0 advertises 1 post and fills 0.05 of it.
    const bf = monthly(b, scenarioOn(b, {
      parameters: fixedParameters({ 'workforce.nurse.fillRate': 0.6 }),
      interventions: [{ type: 'upskillNurses', perYear: 12, trainingMonths: 6, backfill: 1, maxShare: 1 }],
    }));
    expect(bf.metrics['fte.nurse'][0]!.p50).toBeCloseTo(10.05, 9);
  });

  it('fills fillRate of new posts at once, the rest at the role fill rate, and ramps new staff up linearly', () => {
    // 12 posts a year up to 2: posts in months 0 and 1; half filled at once: 0.5 FTE each month.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100 } }]);
    const t = monthly(b, scenarioOn(b, {
      parameters: fixedParameters({ 'workforce.pharmacist.fillRate': 0 }),
      interventions: [{ type: 'hireAhp', role: 'pharmacist', ftePerYear: 12, maxFte: 2, fillRate: 0.5, rampMonths: 4 }],
    }));
    expect(t.metrics['fte.pharmacist'][0]!.p50).toBeCloseTo(0.5, 9);
    expect(t.metrics['fte.pharmacist'][1]!.p50).toBeCloseTo(1, 9);
    expect(t.metrics['fte.pharmacist'][5]!.p50).toBeCloseTo(1, 9); // the vacant posts stay empty at fill rate 0
    // Month 1: hires of age 0 and 1 give 0.5 x 0 + 0.5 x 1/4 = 0.125 FTE of output at 10 a day (normal).
    expect(t.metrics.capacity[1]!.p50 - t.metrics.capacity[0]!.p50).toBeCloseTo(0.125 * 10 * M, 9);
  });

  it('recruits toward a list ratio in every practice', () => {
    // 2,642 patients at 1,321 per FTE need 2 GP FTE; the practice has 1. 120 posts a year, all filled: 10 a month.
    const b = tinyBaseline([{ people: 2642, fte: { gp: 1 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({}), interventions: [{ type: 'recruit', role: 'gp', patientsPerFte: 1321, ftePerYear: 120, fillRate: 1 }] }));
    expect(t.metrics['fte.gp'][0]!.p50).toBeCloseTo(2, 9);
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(2, 9);
  });
});

describe('pools, the gap and the decision measure', () => {
  it('merges practices: each keeps 1 - sharedShare of its capacity and gets its share by demand of the rest, with an access penalty', () => {
    // P1 has 2 GPs and P2 1 for the same demand D each (stretch 3 keeps the ceiling out). Apart: P1 at the
    // England load (f 0.115), P2 at twice it (0.23). Merged with 30% shared: P1 keeps 1.4 + 0.3 x 3 x 0.5 =
    // 1.85 GP FTE of time, P2 0.7 + 0.45 = 1.15; with a 10% efficiency gain and a 0.01 penalty,
    // f_p = 0.115 x (D / (g_p x 18.75 x 1.1)) / 21.7 + 0.01.
    const b = tinyBaseline([ENGLAND, { people: 1953, fte: { gp: 1 } }]);
    const p = fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.stretch': 3 });
    const apart = monthly(b, scenarioOn(b, { parameters: p }));
    expect(apart.metrics.accessFailure[0]!.p50).toBeCloseTo((0.115 + 0.23) / 2, 12);
    const merge = { type: 'merge' as const, groups: [['P1', 'P2']], efficiencyGain: 0.1, sharedShare: 0.3, accessPenalty: 0.01, oneOffCost: 0 };
    const merged = monthly(b, scenarioOn(b, { parameters: p, interventions: [merge] }));
    const f = (g: number) => (0.115 * (D / (g * M * 1.1))) / 21.7 + 0.01;
    expect(merged.metrics.accessFailure[0]!.p50).toBeCloseTo((f(1.85) + f(1.15)) / 2, 12);
    // The gap at England's workload, netted within the pool: 2 D / (20.2 x 18.75 x 1.1) - 3 (negative: none).
    // Apart, P1 lacks D / (20.2 x 18.75) - 2 = 0.1485 and P2 1.1485.
    expect(apart.metrics.gpFteGap[0]!.p50).toBeCloseTo(D / (20.2 * M) - 2 + D / (20.2 * M) - 1, 9);
    expect(merged.metrics.gpFteGap[0]!.p50).toBeCloseTo(Math.max(0, (2 * D) / (20.2 * M * 1.1) - 3), 9);
    // All capacity shared and no penalty: one load, 2 D / (3 x 18.75 x 1.1).
    const pooled = monthly(b, scenarioOn(b, { parameters: p, interventions: [{ ...merge, sharedShare: 1, accessPenalty: 0 }] }));
    expect(pooled.metrics.accessFailure[0]!.p50).toBeCloseTo((0.115 * ((2 * D) / (3 * M * 1.1))) / 21.7, 12);
  });

  it('closes the gap when it is at most target.gapShare of the run\'s start gap and access is within target.accessMargin of failureRef', () => {
    expect(gapClosed(4, 50, 80, 0.12, 0.115, 0.1, 0.1)).toBe(true);
    expect(gapClosed(6, 50, 80, 0.12, 0.115, 0.1, 0.1)).toBe(false); // 6 > 5
    expect(gapClosed(4, 50, 80, 0.13, 0.115, 0.1, 0.1)).toBe(false); // 0.13 > 0.1265
    expect(gapClosed(0.5, 0, 80, 0.1, 0.115, 0.1, 0.1)).toBe(true); // the floor: 1% of 80 GP FTE
    // A practice with GPs to spare: no gap, f = 0.115 x 14.47 / 21.7 = 0.0767: closed, and gapClosedShare 1.
    const ok = tinyBaseline([{ people: 1953, fte: { gp: 3 } }]);
    const p = fixedParameters({ 'demand.mix': MIX_GP });
    const r = runDeterministic(scenarioOn(ok, { parameters: p }), ok).total.metrics;
    expect(r.probGapClosed[0]!.mean).toBe(1);
    expect(r.gapClosedShare[0]!.mean).toBe(1);
    // A practice at twice the England load: a gap of D / (20.2 x 18.75) x 2 - 2 that does not close by itself.
    const bad = tinyBaseline([{ people: 2 * 1953, fte: { gp: 2 } }]);
    const q = runDeterministic(scenarioOn(bad, { parameters: p }), bad).total.metrics;
    expect(q.probGapClosed[0]!.mean).toBe(0);
    expect(q.gpFteGap[0]!.mean).toBeCloseTo((2 * D) / (20.2 * M) - 2, 6);
    expect(q.gapClosedShare[0]!.mean).toBeCloseTo(0, 9);
    // Recruiting from the second year to 900 patients per GP FTE (first attempts 900 x 5 / 225 = 20 a GP day,
    // under 20.2) closes it: no gap, and f = 0.115 x 20 / 21.7 = 0.106 <= 0.1265.
    const fixed = runDeterministic(scenarioOn(bad, { parameters: p, interventions: [{ type: 'recruit', from: '2017-04', role: 'gp', patientsPerFte: 900, ftePerYear: 120, fillRate: 1 }] }), bad).total.metrics;
    expect(fixed.probGapClosed[1]!.mean).toBe(1);
    expect(fixed.gapClosedShare[1]!.mean).toBeGreaterThan(0.99);
  });
});

describe('costs', () => {
  it('adds workforce, hub, merger (primary care) and A&E costs', () => {
    // GP 1 FTE at 120,000 = 10,000 a month; hub 1,200 appointments a year at 40 = 4,000 a month;
    // A&E 1,200 x 120 / 12,000 = 12 a month at 100 = 1,200. Month 0 total 15,200; a year 182,400.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 1 } }, { people: 0, fte: {} }], { gpAppointments: 1200, nurseAppointments: 0 });
    const params = fixedParameters({ 'workforce.gp.costPerFte': 120000, 'hub.costPerAppointment': 40, 'ae.ratePer1000': 120, 'ae.costPerAttendance': 100, 'demand.mix': MIX_GP });
    const t = monthly(b, scenarioOn(b, { parameters: params }));
    expect(t.metrics.cost[0]!.p50).toBeCloseTo(15200, 6);
    expect(t.metrics.costPrimaryCare[0]!.p50).toBeCloseTo(14000, 6);
    expect(t.metrics.costAe[0]!.p50).toBeCloseTo(1200, 6);
    const y = runDeterministic(scenarioOn(b, { parameters: params }), b, 'year').total;
    expect(y.metrics.cost[0]!.p50).toBeCloseTo(182400, 6);
    expect(y.metrics.costCumulative[1]!.p50).toBeCloseTo(2 * 182400, 6);
    expect(y.metrics.costPrimaryCareCumulative[1]!.p50).toBeCloseTo(2 * 168000, 6);
    const m = monthly(b, scenarioOn(b, { parameters: params, interventions: [{ type: 'merge', groups: [['P1', 'P2']], oneOffCost: 7000, efficiencyGain: 0 }] }));
    expect(m.metrics.cost[0]!.p50 - t.metrics.cost[0]!.p50).toBeCloseTo(7000, 6);
    expect(m.metrics.cost[1]!.p50 - t.metrics.cost[1]!.p50).toBeCloseTo(0, 6);
  });
});
