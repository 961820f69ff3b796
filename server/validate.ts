/**
 * Validating a scenario (formulas included) for the API: in a worker thread with a time limit, so no body
 * can stall the event loop. The engine also bounds formula work (LIMITS.formulaWork), so the limit is a
 * backstop.
 */
import type { Remote } from 'comlink';
import { loadScenario, type Result, type Scenario } from '../engine/index.ts';
import { WorkerLane } from '../node/lane.ts';
import type { ValidateApi } from '../node/validate-entry.ts';
import { BASELINES } from '../scenarios/baselines.ts';

export type Validate = (input: unknown) => Promise<Result<Scenario>>;

/** In this thread (tests): the engine's own bound on formula work keeps it under about half a second. */
export const inProcessValidator: Validate = async (input) => loadScenario(input, BASELINES);

export function workerValidator(timeoutMs = 5000): Validate & { warm(): Promise<void>; close(): Promise<void> } {
  const lane = new WorkerLane<ValidateApi>('validate-entry.ts');
  const run: Validate = (input) => lane.run<Result<Scenario>>(async (api: Remote<ValidateApi>) => (await api.validate(input)) as Result<Scenario>, { timeoutMs });
  return Object.assign(run, { warm: () => lane.warm(), close: () => lane.close() });
}
