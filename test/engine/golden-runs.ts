/**
 * Golden outputs of every example (issue 30): the deterministic run and 200 Monte Carlo runs, each as its
 * total's metrics in full and a SHA-256 of the whole result with every number at 9 significant digits.
 * A kernel rewrite keeps them (the totals to a relative 1e-9); `npx tsx test/engine/golden-runs.ts --write`
 * rewrites them, and a change of model says in its commit why they moved.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { contentHash, loadScenario, runDeterministic, type ScenarioResult } from '../../engine/index.ts';
import { runScenario } from '../../engine/internal.ts';
import { BASELINES } from '../../scenarios/baselines.ts';

export const EXAMPLES_DIR = new URL('../../scenarios/examples/', import.meta.url);
export const GOLDEN_DIR = new URL('../fixtures/golden/', import.meta.url);
export const GOLDEN_RUNS = 200;

export interface Golden { example: string; deterministic: { hash: string; total: ScenarioResult['total'] }; monteCarlo: { runs: number; hash: string; total: ScenarioResult['total'] } }

const rounded = (r: ScenarioResult) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(9)) : v))) as ScenarioResult;

export function goldenOf(example: string): Golden {
  const loaded = loadScenario(JSON.parse(readFileSync(new URL(`${example}.json`, EXAMPLES_DIR), 'utf8')), BASELINES);
  if (!loaded.ok) throw new Error(`${example}: ${loaded.errors[0]!.message}`);
  const s = loaded.value, b = BASELINES[s.baseline]!;
  const det = runDeterministic(s, b);
  const mc = runScenario(s, b, { runs: GOLDEN_RUNS });
  return {
    example,
    deterministic: { hash: contentHash(rounded(det)), total: det.total },
    monteCarlo: { runs: GOLDEN_RUNS, hash: contentHash(rounded(mc)), total: mc.total },
  };
}

export const examples = () => readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();

if (process.argv.includes('--write')) {
  for (const e of examples()) {
    writeFileSync(new URL(`${e}.json`, GOLDEN_DIR), JSON.stringify(goldenOf(e)) + '\n');
    console.log(`wrote test/fixtures/golden/${e}.json`);
  }
}
