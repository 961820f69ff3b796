import { compareScenarios, runDeterministic, loadScenario } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';
import { example } from './evidence.ts';
const names = ['do-nothing', 'merge-localities', 'strategy', 'england-ratio', 'traditional-45-gps', 'hire-ahps', 'hire-pharmacists', 'upskill-nurses', 'expand-hubs', 'divert-ae', 'care-navigation'];
const sc = names.map(example);
const { results, comparisons } = compareScenarios(sc, BASELINES.thurrock!, { runs: 200 }) as any;
const t = results[0].periods.length - 1;
for (const [i, r] of results.entries()) {
  const m = r.total.metrics;
  console.log(names[i].padEnd(20), 'gap', m.gpFteGap[t].p50.toFixed(1), 'closedShare', m.gapClosedShare[t].p50.toFixed(2), 'pGap2020', m.probGapClosed[5].mean.toFixed(2), 'pGapMax', Math.max(...m.probGapClosed.map((s: any) => s.mean)).toFixed(2),
    'access', m.accessFailure[t].p50.toFixed(3), 'unmet', m.unmetShare[t].p50.toFixed(3), 'ae/1000', (1000 * m.aeAttendances[t].p50 / m.population[t].p50).toFixed(0), 'pcCost', (m.costPrimaryCareCumulative[t].p50 / 1e6).toFixed(1), 'locum%', (100 * m.locumFte[t].p50 / m['fte.gpAll'][t].p50).toFixed(1));
}
console.log(Object.keys(comparisons?.[0] ?? {}));
