// Hand-computed cases of model 2: one or two practices, every parameter fixed. The arithmetic is in the
// comments. Defaults used: 225 working days (18.75 a month), GP safe 25 and stretch 37 a day, failureRef
// 0.115 at loadRef 21.7, elasticity 1, failure clamped to [0.03, 0.6]; demand 5 a head a year.
import { describe, expect, it } from 'vitest';
import { accessFailureShare, runDeterministic, unmetPerFirstAttempt } from '../../engine/index.ts';
import { fixedParameters, scenarioOn, tinyBaseline } from '../helpers.ts';

const MIX_GP = { gpOnly: 1, anpSuitable: 0, nurse: 0, pharmacy: 0, msk: 0, urgent: 0 };
const monthly = (b: ReturnType<typeof tinyBaseline>, s: ReturnType<typeof scenarioOn>) => runDeterministic(s, b, 'month').total;
const M = 225 / 12; // working days a month
/** 1,953 people ask 1,953 x 5 / 12 = 813.75 GP appointments a month: with 2 GP FTE, 21.7 a GP day (the England load). */
const ENGLAND = { people: 1953, fte: { gp: 2 } };
const D = (1953 * 5) / 12;

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

  it('scales demand by demand.scale and removes navigable GP-type demand', () => {
    // Scale 1.2: 500 -> 600 a month. Navigation 50% of a 10% navigable share removes 5% of GP-type: 570.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.scale': 1.2, 'demand.navigable': 0.1, 'demand.mix': MIX_GP }), interventions: [{ type: 'careNavigation', share: 0.5 }] }));
    expect(t.metrics.demand[0]!.p50).toBeCloseTo(570, 9);
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

  it('rises with the required GP load, by the elasticity', () => {
    // Twice the list: L = 43.4, f = 0.23; with elasticity 1.5, f = 0.115 x 2^1.5 = 0.3253.
    const b = tinyBaseline([{ people: 2 * 1953, fte: { gp: 2 } }]);
    const lin = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP }) }));
    expect(lin.metrics.accessFailure[0]!.p50).toBeCloseTo(0.23, 12);
    const el = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP, 'access.elasticity': 1.5 }) }));
    expect(el.metrics.accessFailure[0]!.p50).toBeCloseTo(0.115 * 2 ** 1.5, 12);
  });

  it('never serves above the stretch ceiling, and locums cover part of the shortfall', () => {
    // 1,627.5 asked of 1 GP: L = 86.8, f = 0.46, but (1 - f) x 1,627.5 = 878.9 > 37 x 18.75 = 693.75: served 693.75.
    const b = tinyBaseline([{ people: 2 * 1953, fte: { gp: 1 } }]);
    const G = 2 * D;
    const capped = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP }) }));
    expect(capped.metrics.served[0]!.p50).toBeCloseTo(37 * M, 9);
    expect(capped.metrics.accessFailure[0]!.p50).toBeCloseTo(1 - (37 * M) / G, 12);
    expect(capped.metrics.gpApptsPerGpDay[0]!.p50).toBeCloseTo(37, 9);
    // Locum cover 0.5 of the shortfall at the ceiling: 0.5 x (1,627.5 / 693.75 - 1) = 0.6730 FTE;
    // L = 1,627.5 / (1.6730 x 18.75) = 51.88, f = 0.2750; served = min(0.7250 x 1,627.5, 1.6730 x 693.75) = 1,160.6.
    const withLocum = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.locumCover': 0.5, 'workforce.gp.locumCostPerFte': 120000 }) }));
    const locum = 0.5 * (G / (37 * M) - 1);
    const f = (0.115 * (G / ((1 + locum) * M))) / 21.7;
    const served = Math.min((1 - f) * G, (1 + locum) * 37 * M);
    expect(withLocum.metrics.locumFte[0]!.p50).toBeCloseTo(locum, 9);
    expect(withLocum.metrics.served[0]!.p50).toBeCloseTo(served, 9);
    expect(withLocum.metrics.accessFailure[0]!.p50).toBeCloseTo(1 - served / G, 12);
    // The locum's cost: 0.6730 FTE x 120,000 / 12 on top of the GP's 110,000 / 12.
    expect(withLocum.metrics.cost[0]!.p50 - capped.metrics.cost[0]!.p50).toBeCloseTo((locum * 120000) / 12, 6);
  });

  it('asks of GPs only what the other roles leave, at the same failure share for all GP-type care', () => {
    // Pharmacy 406.875 a month; 1 pharmacist FTE at 19 a day takes 356.25; GPs are asked 406.875 + 50.625 = 457.5:
    // L = 457.5 / 37.5 = 12.2, f = 0.115 x 12.2 / 21.7 = 0.06465. The pharmacist's patients fail at f too.
    const b = tinyBaseline([{ people: 1953, fte: { gp: 2, pharmacist: 1 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': { ...MIX_GP, gpOnly: 0.5, pharmacy: 0.5 } }) }));
    const f = (0.115 * 12.2) / 21.7;
    expect(t.metrics.accessFailure[0]!.p50).toBeCloseTo(f, 12);
    expect(t.metrics.served[0]!.p50).toBeCloseTo(D * (1 - f), 9);
    expect(t.metrics['workload.pharmacist'][0]!.p50).toBeCloseTo((356.25 * (1 - f)) / M, 9);
    expect(t.metrics['workload.gp'][0]!.p50).toBeCloseTo((457.5 * (1 - f)) / (2 * M), 9);
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

  it('starts A&E at the observed level and moves the access share with unmet demand per head', () => {
    // A0 = 1,953 x 120 / 1,000 / 12 = 19.53 a month. With f held, unmet per head grows with the trend:
    // after 12 months at +12%, A&E = 19.53 x (1 - 0.265 + 0.265 x 1.12).
    const b = tinyBaseline([ENGLAND]);
    const p = fixedParameters({ 'demand.mix': MIX_GP, 'access.failureMin': 0.2, 'access.failureMax': 0.2, 'ae.ratePer1000': 120, 'ae.accessShare': 0.265, 'demand.trend': 0.12 });
    const t = monthly(b, scenarioOn(b, { parameters: p }));
    expect(t.metrics.aeAttendances[0]!.p50).toBeCloseTo(19.53, 9);
    expect(t.metrics.aeAttendances[12]!.p50).toBeCloseTo(19.53 * (1 - 0.265 + 0.265 * 1.12), 9);
  });

  it('diverts avoidable A&E attendances into primary care, into commissioned sessions when asked', () => {
    // Diverted 19.53 x avoidable 0.5 x share 0.5 = 4.8825 a month; A&E falls by as much.
    const b = tinyBaseline([ENGLAND]);
    const p = fixedParameters({ 'demand.mix': MIX_GP, 'access.failureMin': 0.2, 'access.failureMax': 0.2, 'ae.ratePer1000': 120, 'ae.avoidableShare': 0.5 });
    const into = monthly(b, scenarioOn(b, { parameters: p, interventions: [{ type: 'divertAe', share: 0.5, withCapacity: false }] }));
    expect(into.metrics.aeDiverted[0]!.p50).toBeCloseTo(4.8825, 9);
    expect(into.metrics.aeAttendances[0]!.p50).toBeCloseTo(19.53 - 4.8825, 9);
    expect(into.metrics.demand[0]!.p50).toBeCloseTo(D + 4.8825, 9);
    expect(into.metrics.unmet[0]!.p50).toBeCloseTo(0.2 * (D + 4.8825), 9); // they join the practice's queue
    const own = monthly(b, scenarioOn(b, { parameters: p, interventions: [{ type: 'divertAe', share: 0.5 }] }));
    expect(own.metrics.unmet[0]!.p50).toBeCloseTo(0.2 * D, 9); // seen in their own sessions
    expect(own.metrics.cost[0]!.p50 - into.metrics.cost[0]!.p50).toBeCloseTo(4.8825 * 40, 6);
  });
});

describe('workforce', () => {
  it('loses exactly the attrition share in a year with no vacancy filling', () => {
    const b = tinyBaseline([{ people: 1200, fte: { gp: 10 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'workforce.gp.attrition': 0.12, 'workforce.gp.fillRate': 0 }) }));
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(8.8, 9);
  });

  it('raises leavers with workload above the safe level (burnout)', () => {
    // At the stretch ceiling every month (37 a day), leavers are the monthly rate x (1 + 1 x (37/25 - 1)).
    const b = tinyBaseline([{ people: 40000, fte: { gp: 10 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.attrition': 0.12, 'workforce.gp.fillRate': 0, 'workforce.burnout': 1 }) }));
    const monthlyLeave = (1 - 0.88 ** (1 / 12)) * (37 / 25);
    expect(t.metrics.gpApptsPerGpDay[0]!.p50).toBeCloseTo(37, 9);
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

  it('moves a small practice\'s expected failed share to its neighbours, with staffTransfer of its staff', () => {
    // The deterministic run fails 1 - (1 - 0.2)^(1/12) of the one-GP practice each month, so a year on it
    // has lost 20% of its list, demand and staff. Its neighbour takes all the list and demand, and half the
    // staff with their posts (no vacancy opens): GPs 3 + 1 - 0.5 x 0.2 x 1 = 3.9, nurses 2 - 0.5 x 0.2 x 2 = 1.8.
    const b = tinyBaseline([{ people: 1000, fte: { gp: 1, nurse: 2 }, gpHeadcount: 1 }, { people: 3000, fte: { gp: 3 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'resilience.smallPracticeFailure': 0.2, 'resilience.staffTransfer': 0.5 }) }));
    expect(t.metrics.demand[11]!.p50).toBeCloseTo((4000 * 5) / 12, 9);
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(3.9, 9);
    expect(t.metrics['fte.nurse'][11]!.p50).toBeCloseTo(1.8, 9);
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
    // Safe capacity in month 1: nurses (10 - 2 x 0.2) x 28 + GPs 100 x 25, a month.
    expect(t.metrics.capacity[1]!.p50).toBeCloseTo((100 * 25 + 9.6 * 28) * M, 9);
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
    // Month 1: hires of age 0 and 1 give 0.5 x 0 + 0.5 x 1/4 = 0.125 FTE of output at 16 safe a day.
    expect(t.metrics.capacity[1]!.p50 - t.metrics.capacity[0]!.p50).toBeCloseTo(0.125 * 16 * M, 9);
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
  it('pools capacity when practices merge: one load, one failure share, and a gap net only within the pool', () => {
    // P1 at the England load (f 0.115), P2 at twice it (f 0.23). Merged with a 10% gain: L = 1,627.5 /
    // (3 x 18.75 x 1.1) = 26.30, f = 0.1394. Gap apart: P1 0 (surplus), P2 813.75 / (25 x 18.75) - 1 = 0.736;
    // merged: 1,627.5 / (25 x 20.625) - 3 = 0.156.
    const b = tinyBaseline([ENGLAND, { people: 1953, fte: { gp: 1 } }]);
    const p = fixedParameters({ 'demand.mix': MIX_GP });
    const apart = monthly(b, scenarioOn(b, { parameters: p }));
    expect(apart.metrics.accessFailure[0]!.p50).toBeCloseTo((0.115 + 0.23) / 2, 12);
    expect(apart.metrics.gpFteGap[0]!.p50).toBeCloseTo(D / (25 * M) - 1, 9);
    const merged = monthly(b, scenarioOn(b, { parameters: p, interventions: [{ type: 'merge', groups: [['P1', 'P2']], efficiencyGain: 0.1, oneOffCost: 0 }] }));
    const L = (2 * D) / (3 * M * 1.1);
    expect(merged.metrics.accessFailure[0]!.p50).toBeCloseTo((0.115 * L) / 21.7, 12);
    expect(merged.metrics.gpFteGap[0]!.p50).toBeCloseTo((2 * D) / (25 * M * 1.1) - 3, 9);
  });

  it('closes the gap only when workload and access are both on target', () => {
    // England load: f 0.115 <= 0.13 and 19.2 a day <= 25: closed. Twice the list: f 0.23: not closed.
    const ok = tinyBaseline([ENGLAND]);
    const p = fixedParameters({ 'demand.mix': MIX_GP });
    expect(runDeterministic(scenarioOn(ok, { parameters: p }), ok).total.metrics.probGapClosed[0]!.mean).toBe(1);
    const bad = tinyBaseline([{ people: 2 * 1953, fte: { gp: 2 } }]);
    expect(runDeterministic(scenarioOn(bad, { parameters: p }), bad).total.metrics.probGapClosed[0]!.mean).toBe(0);
    // Access on target but workload not: target.safeDaily 15 < 19.2.
    expect(runDeterministic(scenarioOn(ok, { parameters: { ...p, 'target.safeDaily': 15 } }), ok).total.metrics.probGapClosed[0]!.mean).toBe(0);
  });
});

describe('costs', () => {
  it('adds workforce, hub, A&E and merger costs', () => {
    // GP 1 FTE at 120,000 = 10,000 a month; hub 1,200 appointments a year at 40 = 4,000 a month;
    // A&E 1,200 x 120 / 12,000 = 12 a month at 100 = 1,200. Month 0 total 15,200; a year 182,400.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 1 } }, { people: 0, fte: {} }], { gpAppointments: 1200, nurseAppointments: 0 });
    const params = fixedParameters({ 'workforce.gp.costPerFte': 120000, 'hub.costPerAppointment': 40, 'ae.ratePer1000': 120, 'ae.costPerAttendance': 100, 'demand.mix': MIX_GP });
    const t = monthly(b, scenarioOn(b, { parameters: params }));
    expect(t.metrics.cost[0]!.p50).toBeCloseTo(15200, 6);
    const y = runDeterministic(scenarioOn(b, { parameters: params }), b, 'year').total;
    expect(y.metrics.cost[0]!.p50).toBeCloseTo(182400, 6);
    expect(y.metrics.costCumulative[1]!.p50).toBeCloseTo(2 * 182400, 6);
    const m = monthly(b, scenarioOn(b, { parameters: params, interventions: [{ type: 'merge', groups: [['P1', 'P2']], oneOffCost: 7000, efficiencyGain: 0 }] }));
    expect(m.metrics.cost[0]!.p50 - t.metrics.cost[0]!.p50).toBeCloseTo(7000, 6);
    expect(m.metrics.cost[1]!.p50 - t.metrics.cost[1]!.p50).toBeCloseTo(0, 6);
  });
});
