import { readFileSync } from 'node:fs';
import { loadScenario, runDeterministic } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';
const file = process.argv[2] ?? 'do-nothing';
const params = process.argv[3] ? JSON.parse(process.argv[3]) : {};
const raw = JSON.parse(readFileSync(`/work/main/scenarios/examples/${file}.json`, 'utf8'));
raw.parameters = { ...(raw.parameters ?? {}), ...params };
const r = loadScenario(raw, BASELINES); if (!r.ok) throw new Error(JSON.stringify(r.errors));
const b = BASELINES[r.value.baseline]!;
const y = runDeterministic(r.value, b).total; const mo = runDeterministic(r.value, b, 'month').total.metrics;
const M = y.metrics; const f = (k: string, t: number) => (M as any)[k][t].mean;
for (const t of [0, 3, 9]) console.log(t, 'servedPH', f('servedPerHead', t).toFixed(2), 'access', f('accessFailure', t).toFixed(3), 'unmet', f('unmetShare', t).toFixed(3),
  'gpDay', f('gpApptsPerGpDay', t).toFixed(1), 'gp', f('fte.gp', t).toFixed(1), 'locum', f('locumFte', t).toFixed(2), 'gap', f('gpFteGap', t).toFixed(1), 'closed', f('gapClosedShare', t).toFixed(2),
  'ae/1000', (1000 * f('aeAttendances', t) / f('population', t)).toFixed(0), 'nurse/100k', (1e5 * f('fte.nurse', t) / f('population', t)).toFixed(1), 'pcCost', (f('costPrimaryCareCumulative', t)/1e6).toFixed(1), 'sign', f('signposted', t).toFixed(0));
const g = mo['fte.gpAll']; console.log('GP incl locum Sep15->Jun17', (g[26]!.mean / g[5]!.mean - 1).toFixed(3), 'gp srv/head yr1', (f('workload.gp',0)*f('fte.gpAll',0)*225/f('population',0)).toFixed(2));
