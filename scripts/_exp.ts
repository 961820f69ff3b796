import { loadScenario, runDeterministic } from '../engine/index.ts';
import { mixInterventions } from '../engine/internal.ts';
import { BASELINES } from '../scenarios/baselines.ts';
import { example } from './targets.ts';
const th = BASELINES.thurrock!;
const s = example('do-nothing');
for (const mix of [{}, { pa: 1.7 }, { pa: 3.4 }, { gp: 2.5 }, { gp: 2.5, pa: 1.7 }, { gp: 2.5, pa: 3.4 }]) {
  const ivs = mixInterventions(mix, s, th, { years: 5, from: '2016-04' });
  const r = loadScenario({ ...s, years: 6, interventions: ivs }, BASELINES);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const m = runDeterministic(r.value, th).total.metrics;
  console.log(JSON.stringify(mix), m.gpFteGap[5]!.mean.toFixed(2), m['fte.pa'][5]!.mean.toFixed(2), JSON.stringify(ivs.map((i) => [i.from, i.ftePerYear, i.maxFte])));
}
