/**
 * Validating a scenario (formulas included) for the API: in a worker thread with a time limit, so no body
 * can stall the event loop. The engine also bounds formula work (LIMITS.formulaWork), so the limit is a
 * backstop.
 */
import type { Remote } from 'comlink';
import { loadScenario, type Baseline, type Result, type Scenario } from '../engine/index.ts';
import { WorkerLane } from '../node/lane.ts';
import { validateApi, type BaselineChecked, type ValidateApi } from '../node/validate-api.ts';
import { BASELINES } from '../scenarios/baselines.ts';

/** A scenario, against the built-in baselines and `extra` (a stored baseline it names); `.baseline` checks a baseline body's text. */
export type Validate = ((input: unknown, extra?: Record<string, Baseline>) => Promise<Result<Scenario>>) & {
  baseline?: (text: string) => Promise<BaselineChecked>;
};

/** In this thread (tests): the engine's own bound on formula work keeps it under about half a second. */
export const inProcessValidator: Validate = Object.assign(async (input: unknown, extra: Record<string, Baseline> = {}) => loadScenario(input, { ...BASELINES, ...extra }), {
  baseline: async (text: string) => validateApi.baselineText(text),
});

/** In a worker thread; a check that overruns is tried once more on a fresh worker (a loaded machine's slow moment) before it is refused. */
export function workerValidator(timeoutMs = 5000): Validate & { warm(): Promise<void>; close(): Promise<void> } {
  const lane = new WorkerLane<ValidateApi>('validate-entry.ts');
  const run = (input: unknown, extra: Record<string, Baseline> = {}) => lane.run<Result<Scenario>>(async (api: Remote<ValidateApi>) => (await api.validate(input, extra)) as Result<Scenario>, { timeoutMs, retries: 1 });
  const baseline = (text: string) => lane.run<BaselineChecked>((api: Remote<ValidateApi>) => api.baselineText(text), { timeoutMs, retries: 1 });
  return Object.assign(run, { baseline, warm: () => lane.warm(), close: () => lane.close() });
}
