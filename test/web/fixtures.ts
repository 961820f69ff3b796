import { loadScenario, type ScenarioResult } from '../../engine/index.ts';
import { runScenario } from '../../engine/internal.ts';
import { BASELINES } from '../../scenarios/baselines.ts';

/** A small real result (Thurrock do nothing, 3 years, 40 runs) for component tests. */
export function smallResult(): ScenarioResult {
  const r = loadScenario({ name: 'Do nothing', baseline: 'thurrock', years: 3, runs: 40, seed: 3 }, BASELINES);
  if (!r.ok) throw new Error('invalid');
  return runScenario(r.value, BASELINES.thurrock!);
}
