// The evidence contract of the model (docs/model.md, "What the evidence says"): what each lever does on
// Thurrock against doing nothing, and the examples on 200 runs of common random numbers. Every row is a
// test; a known miss is held to the band it reaches (scripts/targets.ts, KNOWN_MISSES).
import { describe, expect, it } from 'vitest';
import { evidenceTargets, runExamples } from '../../scripts/targets.ts';
import { check } from './check-target.ts';

const { results, mergeCompare, strategyCompare } = runExamples();
const targets = evidenceTargets(results, mergeCompare, strategyCompare);

describe('levers and examples against the evaluations', () => {
  it.each(targets.map((t) => [t.quantity, t] as const))('%s', (_q, t) => check(t));

  it('has every row of the evidence table', () => {
    expect(targets.map((t) => t.id)).toEqual(['perFte.gp', 'perFte.anp', 'perFte.pa', 'perFte.pharmacist', 'perFte.physio', 'perFte.paramedic', 'noRoleBeatsGp',
      'gp.ae', 'navigation', 'merge.access', 'merge.unmet', 'merge.cost', 'merge.pBetter', 'ae.rise', 'ae.order', 'pGap.doNothing', 'pGap.england', 'pGap.englandRef',
      'strategy.closed', 'strategy.pBetter', 'traditional.says', 'traditional.pace']);
  });

  it('never has more unmet episodes than demand in any example, and no practice nurses vanish', () => {
    for (const [name, r] of results) {
      const m = r.total.metrics;
      m.unmet.forEach((u, t) => expect(u.p90, name).toBeLessThanOrEqual(m.demand[t]!.p10));
      for (const s of m['fte.nurse']) expect(s.p10, name).toBeGreaterThan(0.5 * r.total.start['fte.nurse']!);
    }
  });
});
