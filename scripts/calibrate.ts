/**
 * Fits the parameters the model marks "calibrated" (docs/model.md, "Calibration"):
 * - the GP fill rate, so that doing nothing Thurrock's GP FTE including locums falls from September 2015
 *   to June 2017 as it did (78 -> 70 FTE counting locums and registrars, -10.3%, Thurrock CCG);
 * - each other mid and south Essex CCG's GP fill rate, so that its GP FTE per head including locums is
 *   about flat from 2015/16 to 2018/19 (England -1%, NHS Digital).
 * Prints the fitted values; engine/defaults.ts (GP_FILL_RATE) and scripts/build-baselines.ts
 * (AREA_GP_FILL) hold them and test/engine/calibration.test.ts checks the targets. Run: npx tsx scripts/calibrate.ts
 */
import { loadScenario, runDeterministic, type Baseline } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';

const TARGET = 70 / 78 - 1;
const ENGLAND_PER_HEAD = -0.01;

/** GP FTE including locums, change from the end of September 2015 (month 5) to the end of June 2017 (month 26), doing nothing. */
export function gpFteFall(fillRate: number): number {
  const r = loadScenario({ name: 'calibration', baseline: 'thurrock', start: '2015-04', years: 3, parameters: { 'workforce.gp.fillRate': fillRate } }, BASELINES);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const g = runDeterministic(r.value, BASELINES.thurrock!, 'month').total.metrics['fte.gpAll'];
  return g[26]!.mean / g[5]!.mean - 1;
}

/** Change in GP FTE per head including locums, 2015/16 to 2018/19, of each locality of mid and south Essex. */
export function perHeadChange(b: Baseline): Map<string, number> {
  const r = loadScenario({ name: 'calibration', baseline: b.id, start: '2015-04', years: 4 }, { [b.id]: b });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const out = new Map<string, number>();
  for (const l of runDeterministic(r.value, b).localities) {
    const m = l.metrics, per = (t: number) => m['fte.gpAll'][t]!.mean / m.population[t]!.mean;
    out.set(l.area + ':' + l.id, per(3) / per(0) - 1);
  }
  return out;
}

const bisect = (f: (x: number) => number, target: number) => {
  let lo = 0, hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const fit = bisect(gpFteFall, TARGET);
  console.log(`workforce.gp.fillRate = ${fit.toFixed(3)} gives ${(100 * gpFteFall(fit)).toFixed(1)}% (target ${(100 * TARGET).toFixed(1)}%)`);
  const mse = BASELINES.mse!;
  for (const area of mse.areas.filter((a) => a.gpFillRate !== undefined)) {
    const at = (x: number) => {
      const b: Baseline = { ...mse, areas: mse.areas.map((a) => (a.id === area.id ? { ...a, gpFillRate: x } : a)) };
      return [...perHeadChange(b)].find(([k]) => k.startsWith(area.id + ':'))![1];
    };
    const x = bisect(at, ENGLAND_PER_HEAD);
    console.log(`${area.id} (${area.name}): gpFillRate = ${x.toFixed(3)} gives ${(100 * at(x)).toFixed(1)}% per head 2015/16-2018/19`);
  }
}
