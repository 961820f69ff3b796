// Same seed, same bytes; common random numbers; identical summaries however runs are split.
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { compareScenarios, loadScenario, type Scenario } from '../../engine/index.ts';
import { runScenario } from '../../engine/internal.ts';
import { BlockMerger, blocksOf, buildPlan, mergeBlocks, resultOf, runBlock } from '../../engine/internal.ts';
import { BASELINES } from '../../scenarios/baselines.ts';

const load = (input: object): Scenario => {
  const r = loadScenario({ baseline: 'thurrock', years: 5, ...input }, BASELINES);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
const thurrock = BASELINES.thurrock!;

describe('determinism', () => {
  it('gives byte-identical JSON for the same seed, and different results for another seed', () => {
    const s = load({ name: 'a', seed: 11 });
    const a = JSON.stringify(runScenario(s, thurrock, { runs: 120 }));
    expect(JSON.stringify(runScenario(s, thurrock, { runs: 120 }))).toBe(a);
    expect(JSON.stringify(runScenario(s, thurrock, { runs: 120, seed: 12 }))).not.toBe(a);
  });

  it('gives identical summaries whatever the order blocks are computed in and arrive in', () => {
    // 1,150 runs: 23 blocks, so two groups of 20 blocks; they are computed in reverse and handed to the
    // merger in a shuffled order (its out-of-order path), and must give the bytes of the in-order merge.
    const runs = 1150;
    const s = load({ name: 'a', seed: 5, years: 2 });
    const plan = buildPlan(s, thurrock);
    const blocks = blocksOf(runs);
    const inOrder = blocks.map((b) => runBlock([plan], 5, b.firstRun, b.count, runs));
    const computed = new Map([...blocks.keys()].reverse().map((i) => [i, runBlock([plan], 5, blocks[i]!.firstRun, blocks[i]!.count, runs)] as const));
    const order = [...blocks.keys()];
    const rng = seedrandom('shuffle');
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!]; }
    expect(order).not.toEqual([...blocks.keys()]);
    const merger = new BlockMerger();
    let waited = 0;
    for (const i of order) { merger.add(i, computed.get(i)!); waited = Math.max(waited, merger.pending); }
    expect(waited).toBeGreaterThan(0); // some blocks did arrive early and waited
    const a = resultOf(s, plan, mergeBlocks(inOrder).partials[0]!, 5);
    const b = resultOf(s, plan, merger.result().partials[0]!, 5);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('survives a structuredClone round trip (what crosses the worker boundary)', () => {
    const s = load({ name: 'a', seed: 5 });
    const plan = buildPlan(s, thurrock);
    const direct = runBlock([plan], 5, 0, 50, 50);
    const cloned = structuredClone(runBlock([buildPlan(structuredClone(s), structuredClone(thurrock))], 5, 0, 50, 50));
    expect(Array.from(cloned.partials[0]!.sums)).toEqual(Array.from(direct.partials[0]!.sums));
  });

  it('uses common random numbers: a scenario compared with itself differs by exactly zero', () => {
    const s = load({ name: 'a', seed: 3 });
    const { comparisons } = compareScenarios([s, { ...s, name: 'b' }], thurrock, { runs: 100 });
    const d = comparisons[0]!.total.metrics.unmet;
    expect(d.every((c) => c.mean === 0 && c.p10 === 0 && c.p90 === 0 && c.pBetter === 0)).toBe(true);
  });

  it('compares run by run: more GPs are better in (nearly) every run', () => {
    const s = load({ name: 'base', seed: 3 });
    const more = load({ name: 'more', seed: 3, interventions: [{ type: 'recruit', role: 'gp', ftePerYear: 12, targetFte: 200 }] });
    const { comparisons } = compareScenarios([s, more], thurrock, { runs: 100 });
    const last = comparisons[0]!.total.metrics.unmet.at(-1)!;
    expect(last.mean).toBeLessThan(0);
    expect(last.pBetter).toBeGreaterThan(0.95);
  });

  it('switches to bounded-memory summaries past 2,000 runs, within 0.5% of exact quantiles', () => {
    const s = load({ name: 'a', seed: 9, years: 1 });
    const plan = buildPlan(s, thurrock);
    const exact = resultOf(s, plan, mergeBlocks(blocksOf(2000).map((b) => runBlock([plan], 9, b.firstRun, b.count, 2000))).partials[0]!, 9);
    const sketch = resultOf(s, plan, mergeBlocks(blocksOf(2000).map((b) => runBlock([plan], 9, b.firstRun, b.count, 2001))).partials[0]!, 9);
    for (const k of ['p10', 'p50', 'p90'] as const) {
      const e = exact.total.metrics.unmet[0]![k], a = sketch.total.metrics.unmet[0]![k];
      expect(Math.abs(a - e) / e).toBeLessThan(0.005);
    }
    expect(sketch.total.metrics.unmet[0]!.mean).toBe(exact.total.metrics.unmet[0]!.mean);
  });
});
