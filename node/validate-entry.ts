/**
 * Entry of the bundled validation worker (node/lane.ts): parses and validates a scenario, formulas included,
 * against the built-in baselines (and a stored one it names), and checks baseline bodies, off the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { baselineKey, loadBaseline, loadScenario, type Baseline, type Result, type Scenario } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';

export const validateApi = {
  /** `extra`: a stored baseline the scenario names by its key (server/routes/scenarios.ts looks it up). */
  validate(input: unknown, extra: Record<string, Baseline> = {}): Result<Scenario> {
    return loadScenario(input, { ...BASELINES, ...extra });
  },
  /** A baseline body, checked, with its content key. */
  baseline(input: unknown): Result<Baseline> & { key?: string } {
    const r = loadBaseline(input);
    return r.ok ? { ...r, key: baselineKey(r.value) } : r;
  },
};
export type ValidateApi = typeof validateApi;

expose(validateApi, nodeEndpoint(parentPort!));
