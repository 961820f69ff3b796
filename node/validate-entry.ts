/**
 * Entry of the bundled validation worker (node/lane.ts): parses and validates a scenario, formulas included,
 * against the built-in baselines, off the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { loadScenario, type Result, type Scenario } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';

export const validateApi = {
  validate(input: unknown): Result<Scenario> {
    return loadScenario(input, BASELINES);
  },
};
export type ValidateApi = typeof validateApi;

expose(validateApi, nodeEndpoint(parentPort!));
