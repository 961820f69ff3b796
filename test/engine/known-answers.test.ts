// Hand-computed cases: one or two practices, every parameter fixed. The arithmetic is in the comments.
import { describe, expect, it } from 'vitest';
import { runDeterministic } from '../../engine/index.ts';
import { fixedParameters, scenarioOn, tinyBaseline } from '../helpers.ts';

const MIX_GP = { gpOnly: 1, anpSuitable: 0, nurse: 0, pharmacy: 0, msk: 0, urgent: 0 };
const monthly = (b: ReturnType<typeof tinyBaseline>, s: ReturnType<typeof scenarioOn>) => runDeterministic(s, b, 'month').total;

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
    // 1,200 x 1.1 after a year = 1,320; a housing step of 600 residents in month 3 adds 600 (x 1.1^(9/12) by month 12).
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'population.growth': 0.1 }), housing: [{ locality: 'a', from: '2016-07', residents: 600 }] }));
    expect(t.metrics.population[2]!.p50).toBeCloseTo(1200 * 1.1 ** (2 / 12), 9);
    expect(t.metrics.population[3]!.p50).toBeCloseTo(1200 * 1.1 ** (3 / 12) + 600, 9);
    expect(t.metrics.population[12]!.p50).toBeCloseTo(1320 + 600 * 1.1 ** (9 / 12), 9);
  });
});

describe('allocation', () => {
  it('serves care types with the fewest serving roles first', () => {
    // gpOnly 250 and anpSuitable 250 a month; GP 100 and ANP 100 appointments a month.
    // With anpSuitable preferring the GP, taking it first would leave gpOnly nothing (served 200 of which
    // GP 100 on anpSuitable, ANP 100); the rule takes gpOnly (1 role) first: GP 100 to gpOnly, ANP 100
    // to anpSuitable. Either way served is 200, so we check the GP's appointments went to gpOnly by
    // giving the ANP spare capacity: ANP 300. Then the rule serves 100 + 250 = 350; the other order 100 + 200 + 0 = 300.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 1, anp: 3 } }]);
    const s = scenarioOn(b, {
      parameters: fixedParameters({
        'demand.mix': { ...MIX_GP, gpOnly: 0.5, anpSuitable: 0.5 },
        'demand.servedBy': { anpSuitable: ['gp', 'anp'] },
        'workforce.gp.apptsPerFte': 1200, 'workforce.anp.apptsPerFte': 1200,
      }),
    });
    const t = monthly(b, s);
    expect(t.metrics.served[0]!.p50).toBeCloseTo(350, 9);
    expect(t.metrics.unmet[0]!.p50).toBeCloseTo(150, 9);
    expect(t.metrics.capacity[0]!.p50).toBeCloseTo(400, 9);
  });

  it('tops up from the locality hub after the pools', () => {
    // Demand 500 gpOnly; practice GP 100; hub 1,200 GP appointments a year = 100 a month: served 200, unmet 300.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 1 } }], { gpAppointments: 1200, nurseAppointments: 600 });
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.apptsPerFte': 1200 }) }));
    expect(t.metrics.served[0]!.p50).toBeCloseTo(200, 9);
    expect(t.metrics.unmet[0]!.p50).toBeCloseTo(300, 9);
    // The hub's nurse appointments cannot serve GP-only demand.
    expect(t.metrics.capacity[0]!.p50).toBeCloseTo(100 + 100 + 50, 9);
  });

  it('pools capacity when practices merge, with the efficiency gain', () => {
    // P1: demand 500, GP 600/month; P2: demand 500, GP 200/month. Apart: served 500 + 200 = 700.
    // Merged with a 10% gain: capacity 880 >= ... served min(1000, 880) = 880.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 6 } }, { people: 1200, fte: { gp: 2 } }]);
    const params = fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.apptsPerFte': 1200 });
    const apart = monthly(b, scenarioOn(b, { parameters: params }));
    expect(apart.metrics.served[0]!.p50).toBeCloseTo(700, 9);
    const merged = monthly(b, scenarioOn(b, { parameters: params, interventions: [{ type: 'merge', groups: [['P1', 'P2']], efficiencyGain: 0.1, oneOffCost: 5000 }] }));
    expect(merged.metrics.served[0]!.p50).toBeCloseTo(880, 9);
  });
});

describe('backlog, spill and A&E', () => {
  it('rebooks and spills unmet demand and keeps served + unmet = demand + backlogIn', () => {
    // Demand 500, capacity 200 a month. Month 0: unmet 300 -> backlog 0.5 x 300 = 150, spill 0.2 x 300 = 60.
    // A&E base: 1,200 x 120 / 1,000 / 12 = 12, so month 0 has 72. Month 1: unmet = 500 + 150 - 200 = 450.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 2 } }]);
    const t = monthly(b, scenarioOn(b, {
      parameters: fixedParameters({ 'demand.mix': MIX_GP, 'workforce.gp.apptsPerFte': 1200, 'access.rebook': 0.5, 'ae.spill': 0.2, 'ae.ratePer1000': 120 }),
    }));
    expect(t.metrics.unmet[0]!.p50).toBeCloseTo(300, 9);
    expect(t.metrics.backlog[0]!.p50).toBeCloseTo(150, 9);
    expect(t.metrics.aeAttendances[0]!.p50).toBeCloseTo(72, 9);
    expect(t.metrics.unmet[1]!.p50).toBeCloseTo(450, 9);
    expect(t.metrics.served[1]!.p50 + t.metrics.unmet[1]!.p50).toBeCloseTo(t.metrics.demand[1]!.p50 + t.metrics.backlog[0]!.p50, 9);
    // waitWeeks: backlog 150 / weekly capacity (200 x 12 / 52).
    expect(t.metrics.waitWeeks[0]!.p50).toBeCloseTo(150 / ((200 * 12) / 52), 9);
    // GP FTE gap nets out rebooking: lost + spilled = 300 x 0.5 = 150 a month = 150 / (1200 / 12) = 1.5 FTE.
    expect(t.metrics.gpFteGap[0]!.p50).toBeCloseTo(1.5, 9);
  });

  it('diverts avoidable A&E attendances into the hub first', () => {
    // A&E base 12 a month; avoidable 0.5 x share 0.5 = 3 diverted, all seen at the hub (10 GP a month).
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100 } }], { gpAppointments: 120, nurseAppointments: 0 });
    const t = monthly(b, scenarioOn(b, {
      parameters: fixedParameters({ 'ae.ratePer1000': 120, 'ae.avoidableShare': 0.5, 'demand.mix': MIX_GP }),
      interventions: [{ type: 'divertAe', share: 0.5 }],
    }));
    expect(t.metrics.aeDiverted[0]!.p50).toBeCloseTo(3, 9);
    expect(t.metrics.aeAttendances[0]!.p50).toBeCloseTo(9, 9);
    expect(t.metrics.demand[0]!.p50).toBeCloseTo(503, 9);
    expect(t.metrics.unmet[0]!.p50).toBeCloseTo(0, 9);
  });
});

describe('workforce', () => {
  it('loses exactly the attrition share in a year without replacement', () => {
    const b = tinyBaseline([{ people: 1200, fte: { gp: 10, nurse: 5 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'workforce.gp.attrition': 0.12, 'workforce.gp.replacement': 0, 'workforce.nurse.attrition': 0.2, 'workforce.nurse.replacement': 0.5 }) }));
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(8.8, 9);
    // Nurses: half of each month's leavers replaced: 5 x (1 - 0.5 x (1 - 0.8^(1/12)))^12.
    expect(t.metrics['fte.nurse'][11]!.p50).toBeCloseTo(5 * (1 - 0.5 * (1 - 0.8 ** (1 / 12))) ** 12, 9);
  });

  it('retires GPs aged 55+ evenly over retirementYears', () => {
    // 10 FTE, 25% over 55, over 10 years: 2.5 / 120 a month; a year later 9.75.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 10 } }]);
    const t = monthly(b, scenarioOn(b, { parameters: fixedParameters({ 'workforce.gp.over55Share': 0.25, 'workforce.gp.retirementYears': 10, 'workforce.gp.replacement': 0 }) }));
    expect(t.metrics['fte.gp'][11]!.p50).toBeCloseTo(9.75, 9);
  });

  it('turns a trainee nurse into an ANP in the month training ends', () => {
    // 12 a year = 1 a month starts from month 0; 6 months' training: the first ANP appears in month 6.
    // While training, a nurse loses 20% of her time: month 2 has 3 in training -> 0.6 FTE lost.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100, nurse: 10 } }]);
    const t = monthly(b, scenarioOn(b, {
      parameters: fixedParameters({ 'demand.mix': { ...MIX_GP, gpOnly: 0, nurse: 1 }, 'workforce.nurse.apptsPerFte': 1200, 'workforce.gp.apptsPerFte': 1200 }),
      interventions: [{ type: 'upskillNurses', perYear: 12, trainingMonths: 6, studyShare: 0.2, courseCost: 1000 }],
    }));
    expect(t.metrics['fte.anp'][5]!.p50).toBeCloseTo(0, 9);
    expect(t.metrics['fte.anp'][6]!.p50).toBeCloseTo(1, 9);
    expect(t.metrics['fte.anp'][7]!.p50).toBeCloseTo(2, 9);
    expect(t.metrics['fte.nurse'][6]!.p50).toBeCloseTo(9, 9);
    // Nurse capacity month 2: (10 - 3 x 0.2) x 100 = 940; demand 500 is all served.
    expect(t.metrics.capacity[2]!.p50).toBeCloseTo(100 * 100 + 940, 9);
  });

  it('fills only fillRate of AHP posts and ramps new staff up linearly', () => {
    // 12 posts a year x 0.5 filled = 0.5 FTE a month, up to 2 FTE; ramp 4 months.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 100 } }]);
    const t = monthly(b, scenarioOn(b, {
      parameters: fixedParameters({ 'workforce.pharmacist.apptsPerFte': 1200 }),
      interventions: [{ type: 'hireAhp', role: 'pharmacist', ftePerYear: 12, maxFte: 2, fillRate: 0.5, rampMonths: 4 }],
    }));
    expect(t.metrics['fte.pharmacist'][0]!.p50).toBeCloseTo(0.5, 9);
    expect(t.metrics['fte.pharmacist'][3]!.p50).toBeCloseTo(2, 9);
    expect(t.metrics['fte.pharmacist'][5]!.p50).toBeCloseTo(2, 9);
    // Month 1: hires of age 0 and 1 give 0.5 x 0 + 0.5 x 1/4 = 0.125 FTE of output = 12.5 appointments.
    expect(t.metrics.capacity[1]!.p50 - t.metrics.capacity[0]!.p50).toBeCloseTo(12.5, 9);
  });
});

describe('costs', () => {
  it('adds workforce, hub, A&E, course and merger costs', () => {
    // GP 1 FTE at 120,000 = 10,000 a month; hub 1,200 appointments a year at 40 = 4,000 a month;
    // A&E 12 a month at 100 = 1,200. Month 0 total 15,200; a year 182,400.
    const b = tinyBaseline([{ people: 1200, fte: { gp: 1 } }, { people: 0, fte: {} }], { gpAppointments: 1200, nurseAppointments: 0 });
    const params = fixedParameters({ 'workforce.gp.costPerFte': 120000, 'hub.costPerAppointment': 40, 'ae.ratePer1000': 120, 'ae.costPerAttendance': 100, 'demand.mix': MIX_GP, 'workforce.gp.apptsPerFte': 12000 });
    const t = monthly(b, scenarioOn(b, { parameters: params }));
    expect(t.metrics.cost[0]!.p50).toBeCloseTo(15200, 6);
    const y = runDeterministic(scenarioOn(b, { parameters: params }), b, 'year').total;
    expect(y.metrics.cost[0]!.p50).toBeCloseTo(182400, 6);
    expect(y.metrics.costCumulative[1]!.p50).toBeCloseTo(2 * 182400, 6);
    // A merger of the two practices in month 0 adds its one-off cost once.
    const m = monthly(b, scenarioOn(b, { parameters: params, interventions: [{ type: 'merge', groups: [['P1', 'P2']], oneOffCost: 7000, efficiencyGain: 0 }] }));
    expect(m.metrics.cost[0]!.p50 - t.metrics.cost[0]!.p50).toBeCloseTo(7000, 6);
    expect(m.metrics.cost[1]!.p50 - t.metrics.cost[1]!.p50).toBeCloseTo(0, 6);
  });
});
