/** One assertion for a calibration or evidence target: met, or a known miss held to the band it reaches. */
import { expect } from 'vitest';
import { KNOWN_MISSES, type Target } from '../../scripts/targets.ts';

export function check(t: Target): void {
  const miss = KNOWN_MISSES[t.id];
  if (miss) {
    expect(t.value, `${t.quantity}: the figure reached`).toBeGreaterThanOrEqual(miss.reached[0]);
    expect(t.value, `${t.quantity}: the figure reached`).toBeLessThanOrEqual(miss.reached[1]);
    expect(t.met, `${t.quantity} now meets ${t.band}: take it out of KNOWN_MISSES and docs/model.md`).toBe(false);
  } else expect(t.met, `${t.quantity}: ${t.shown}, target ${t.band}`).toBe(true);
}
