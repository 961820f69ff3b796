/**
 * The timings `bench/side-by-side.sh` takes of two versions of the engine, alternately. It uses only the
 * engine API that model 1 already had (buildPlan, Workspace, simulate, runBlock), so the same file runs
 * against either version. Prints "name value" lines; `mse` as an argument times mid and south Essex.
 */
import { loadScenario, type Scenario } from '../engine/index.ts';
import { blocksOf, buildPlan, mergeBlocks, resultOf, runBlock, simulate, Workspace } from '../engine/internal.ts';
import { BASELINES } from '../scenarios/baselines.ts';

const load = (baseline: string, extra: object = {}): Scenario => {
  const r = loadScenario({ name: baseline, baseline, ...extra }, BASELINES);
  if (!r.ok) throw new Error('invalid scenario');
  return r.value;
};
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;

/** One deterministic run: the median over 9 batches of `n`, after 200 to warm up. */
function deterministic(baseline: string, n: number): number {
  const ws = new Workspace(buildPlan(load(baseline), BASELINES[baseline]!));
  for (let i = 0; i < 200; i++) simulate(ws, 1, null);
  return median(Array.from({ length: 9 }, () => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) simulate(ws, 1, null);
    return (performance.now() - t0) / n;
  }));
}

/** 1,000 Monte Carlo runs and their summary: the median of `reps`. */
function monteCarlo(s: Scenario, reps: number): number {
  const plan = buildPlan(s, BASELINES[s.baseline]!);
  return median(Array.from({ length: reps }, () => {
    const t0 = performance.now();
    let acc = null;
    for (const b of blocksOf(1000)) {
      const r = runBlock([plan], 1, b.firstRun, b.count, 1000);
      acc = acc ? mergeBlocks([acc, r]) : r;
    }
    resultOf(s, plan, acc!.partials[0]!, 1);
    return performance.now() - t0;
  }));
}

if (process.argv.includes('mse')) {
  console.log(`deterministic-mse-ms ${deterministic('mse', 30).toFixed(3)}`);
  console.log(`montecarlo-mse-ms ${monteCarlo(load('mse'), 1).toFixed(0)}`);
} else {
  const four = { interventions: [{ type: 'merge' }, { type: 'upskillNurses', perYear: 6 }, { type: 'hireAhp', role: 'pharmacist', ftePerYear: 4, maxFte: 12 }, { type: 'divertAe', share: 0.5 }] };
  console.log(`deterministic-thurrock-ms ${deterministic('thurrock', 150).toFixed(3)}`);
  console.log(`montecarlo-thurrock-ms ${monteCarlo(load('thurrock'), 3).toFixed(0)}`);
  console.log(`montecarlo-thurrock-four-interventions-ms ${monteCarlo(load('thurrock', four), 3).toFixed(0)}`);
}
