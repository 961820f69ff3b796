/**
 * Formulas need mathjs, which the main thread loads only when a scenario uses one (it is a quarter of the
 * app's compressed size). Whoever meets FORMULA_PENDING loads it and validates again.
 */
import { FORMULA_PENDING, type Result, type ValidationError } from '../../../engine/core.ts';

let loading: Promise<void> | null = null;

export function loadFormulas(): Promise<void> {
  loading ??= import('../../../engine/formula-math.ts').then((m) => m.enableFormulas());
  return loading;
}

/** Whether a validation failed only for want of mathjs (so it should be retried once loaded). */
export function waitsForFormulas(r: Result<unknown>): boolean {
  return !r.ok && r.errors.some((e: ValidationError) => e.message === FORMULA_PENDING);
}
