import { runDeterministic } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';
import { example } from './evidence.ts';
for (const [n, p] of [['england-ratio', {}], ['england-ratio', { 'demand.trend': 0 }], ['strategy', {}], ['do-nothing', {}]] as const) {
  const s = example(n); s.parameters = { ...s.parameters, ...p } as any;
  const r = runDeterministic(s, BASELINES.thurrock!);
  const m = r.total.metrics;
  console.log(n, JSON.stringify(p), r.periods.map((_, t) => `${m.gpFteGap[t]!.mean.toFixed(1)}/${m.accessFailure[t]!.mean.toFixed(3)}/${m['fte.gpAll'][t]!.mean.toFixed(0)}`).join(' '));
}
