/**
 * Fits the parameters the model marks "calibrated" (docs/model.md): the GP fill rate, so that doing
 * nothing Thurrock's GP FTE falls from September 2015 to June 2017 as it did (78 -> 70 FTE, -10.3%,
 * Thurrock CCG). Prints the fitted value; engine/defaults.ts holds it (GP_FILL_RATE) and
 * test/engine/calibration.test.ts checks the target band. Run: npx tsx scripts/calibrate.ts
 */
import { loadScenario, runDeterministic } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';

const TARGET = 70 / 78 - 1;

/** GP FTE change from the end of September 2015 (month 5) to the end of June 2017 (month 26), doing nothing. */
export function gpFteFall(fillRate: number): number {
  const r = loadScenario({ name: 'calibration', baseline: 'thurrock', start: '2015-04', years: 3, parameters: { 'workforce.gp.fillRate': fillRate } }, BASELINES);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const g = runDeterministic(r.value, BASELINES.thurrock!, 'month').total.metrics['fte.gp'];
  return g[26]!.mean / g[5]!.mean - 1;
}

let lo = 0, hi = 1;
for (let i = 0; i < 40; i++) {
  const mid = (lo + hi) / 2;
  if (gpFteFall(mid) < TARGET) lo = mid;
  else hi = mid;
}
const fit = (lo + hi) / 2;
console.log(`workforce.gp.fillRate = ${fit.toFixed(3)} gives ${(100 * gpFteFall(fit)).toFixed(1)}% (target ${(100 * TARGET).toFixed(1)}%)`);
for (const x of [0, 0.2, 0.4, 0.6, 1]) console.log(`  fillRate ${x}: ${(100 * gpFteFall(x)).toFixed(1)}%`);
