// A merger never serves less: the case where one greedy pass over pooled demand would (hand-computed).
import { expect, it } from 'vitest';
import { runDeterministic } from '../../engine/index.ts';
import { fixedParameters, scenarioOn, tinyBaseline } from '../helpers.ts';

it('serves each practice by its own staff first, then pools the spare capacity', () => {
  // Two practices of 1,200 people: 500 appointments a month each, half anpSuitable, half nurse.
  // P2 has 1 ANP FTE at 6,000 a year = 500 a month; the hub has 250 GP appointments a month, no nurses.
  // Apart: P2's ANP serves P2's anpSuitable 250 and then P2's nurse demand 250; P1's anpSuitable 250 goes
  // to the hub's GPs. Served 750.
  // One greedy pass over the merged pool would spend the ANP on the pooled anpSuitable 500 first, leaving
  // all 500 nurse appointments unmet and the hub idle: served 500. Own staff first, then the pool's spare
  // capacity, then the hub: 750, as apart.
  const b = tinyBaseline([{ people: 1200 }, { people: 1200, fte: { anp: 1 } }], { gpAppointments: 3000, nurseAppointments: 0 });
  const params = fixedParameters({ 'demand.mix': { gpOnly: 0, anpSuitable: 0.5, nurse: 0.5, pharmacy: 0, msk: 0, urgent: 0 }, 'workforce.anp.apptsPerFte': 6000 });
  const served = (merge: boolean) => runDeterministic(scenarioOn(b, {
    parameters: params,
    interventions: merge ? [{ type: 'merge', groups: [['P1', 'P2']], efficiencyGain: 0 }] : [],
  }), b, 'month').total.metrics.served[0]!.p50;
  expect(served(false)).toBeCloseTo(750, 9);
  expect(served(true)).toBeCloseTo(750, 9);
});
