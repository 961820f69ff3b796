/** Parameters resolved for one run: a value per month (constants are filled, formulas evaluated). */
import { compileFormula } from './formula.ts';
import { centralValue, quantile, type ParamValue } from './param-value.ts';

export interface Slot {
  /** Stream name for the random draw; shared across scenarios so common random numbers hold. */
  key: string;
  value: ParamValue;
  min: number;
  max: number;
  /** Filled once per plan for numbers and formulas; null for distributions (filled per run). */
  fixed: Float64Array | null;
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

export function makeSlot(key: string, value: ParamValue, min: number, max: number, months: number): Slot {
  let fixed: Float64Array | null = null;
  if (typeof value === 'number') fixed = new Float64Array(months).fill(clamp(value, min, max));
  else if (typeof value === 'string') {
    const c = compileFormula(value);
    if (!c.ok) throw new Error(`${key}: ${c.message}`);
    fixed = new Float64Array(months);
    for (let t = 0; t < months; t++) fixed[t] = clamp(c.value(t), min, max);
  }
  return { key, value, min, max, fixed };
}

/**
 * Value of an uncertain slot for a run: `u` null means the deterministic (central) value.
 * @example drawSlot({ value: { p10: 1, p90: 3 }, min: 0, max: 9, ... }, 0.5) // 2
 */
export function drawSlot(slot: Slot, u: number | null): number {
  const v = slot.value;
  if (typeof v !== 'object') throw new Error(`${slot.key} is not uncertain`);
  return clamp(u === null ? centralValue(v) : quantile(v, u), slot.min, slot.max);
}
