/** The baselines shipped with capsim, built by scripts/build-baselines.ts from scenarios/data/. */
import type { Baseline } from '../engine/types.ts';
import mse from './baselines/mse.json' with { type: 'json' };
import thurrock from './baselines/thurrock.json' with { type: 'json' };

export const BASELINES: Readonly<Record<string, Baseline>> = {
  thurrock: thurrock as Baseline,
  mse: mse as Baseline,
};

/** The baseline named `id`, or undefined: an own-property lookup, so "__proto__" or "toString" name nothing. */
export function baselineById(id: string): Baseline | undefined {
  return Object.prototype.hasOwnProperty.call(BASELINES, id) ? BASELINES[id] : undefined;
}
