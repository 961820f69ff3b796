// Summaries: exact quantiles up to 2,000 runs; past that, log-binned sketches with bounded memory.
import { describe, expect, it } from 'vitest';
import { addRun, cellSummary, emptyPartial, mergePartial, quantileSorted } from '../../engine/summary.ts';
import seedrandom from 'seedrandom';

describe('summaries', () => {
  it('computes type-7 quantiles exactly (hand-checked)', () => {
    // 1..5: p10 at h = 0.4 -> 1.4; p50 = 3; p90 at h = 3.6 -> 4.6.
    const p = emptyPartial(1, false, 5);
    for (const v of [5, 1, 4, 2, 3]) addRun(p, Float64Array.of(v));
    expect(cellSummary(p, 0)).toEqual({ mean: 3, p10: 1.4, p50: 3, p90: 4.6 });
    expect(quantileSorted([10], 0.9)).toBe(10);
  });

  it('keeps sketches small and within 0.5% as runs grow, including zeros and negatives', () => {
    const acc = emptyPartial(3, true, 50);
    let block = emptyPartial(3, true, 50);
    const xs: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const v = 1000 + ((i * 7919) % 1000); // 1000..1999, spread evenly
      xs.push(v);
      addRun(block, Float64Array.of(v, i % 10 === 0 ? 0 : -v, (i % 3) * 1e-12));
      if (block.count === 50) { mergePartial(acc, block); block = emptyPartial(3, true, 50); }
    }
    const s = acc.sketches!;
    expect(acc.values).toBeNull();
    expect(s[0]!.pos.length).toBeLessThan(200);
    expect(s[1]!.neg.length).toBeLessThan(200);
    const sorted = xs.sort((a, b) => a - b);
    const got = cellSummary(acc, 0);
    for (const q of [0.1, 0.5, 0.9] as const) {
      const exact = quantileSorted(sorted, q);
      const key = q === 0.1 ? 'p10' : q === 0.5 ? 'p50' : 'p90';
      expect(Math.abs(got[key] - exact) / exact).toBeLessThan(0.005);
    }
    expect(cellSummary(acc, 2)).toMatchObject({ p10: 0, p50: 0, p90: 0 });
    // Cell 1 is -v in 90% of runs and 0 in the rest: its median is the negatives' 5/9 quantile.
    const negs = xs.map((v) => -v).sort((a, b) => a - b);
    expect(Math.abs(cellSummary(acc, 1).p10 - quantileSorted(negs, 0.1 / 0.9)) / 1000).toBeLessThan(0.01);
    expect(cellSummary(acc, 1).p50).toBeLessThan(0);
  });
});

describe('exact quantiles by selection', () => {
  it('equal the type-7 quantiles of the sorted values for every run count up to 60, ties included', () => {
    const rng = seedrandom.alea('quantiles');
    for (let n = 1; n < 60; n++) {
      for (let rep = 0; rep < 20; rep++) {
        const p = emptyPartial(1, false, n);
        const vals: number[] = [];
        for (let k = 0; k < n; k++) {
          const v = rep % 3 === 0 ? Math.floor(rng() * 3) : rng() - 0.5;
          vals.push(v);
          addRun(p, Float64Array.of(v));
        }
        const sorted = Float64Array.from(vals).sort();
        const s = cellSummary(p, 0);
        expect([s.p10, s.p50, s.p90]).toEqual([quantileSorted(sorted, 0.1), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.9)]);
      }
    }
  });
});
