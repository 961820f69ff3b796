// England's comparator in the web app (issue 31): from the result's own reference, labelled with its year and
// basis; the seeds' 1,321 only for results saved before model 4 (which carry no reference).
import { describe, expect, it } from 'vitest';
import { englandLoad } from '../../engine/core.ts';
import { englandOf } from '../../web/src/lib/reference.ts';

describe('englandOf', () => {
  it('labels England\'s reference with its year and basis, and derives its practice\'s day from the load the run used', () => {
    const e = englandOf({ model: 'capsim-model@4', reference: { patientsPerGpFte: 1650, seedsPatientsPerGp: 1321, loadRef: 30 }, periods: ['2026/27', '2027/28'] });
    expect(e.label).toBe('England 1,650 per GP FTE in 2026/27, same basis');
    expect(e.perDay).toBeCloseTo(30 * 0.885, 12);
    expect(englandOf({ model: 'capsim-model@4', reference: { patientsPerGpFte: 1650, seedsPatientsPerGp: 1321, loadRef: englandLoad(1650).loadRef }, periods: ['2015/16 (Jan–Mar)'] }).label)
      .toBe('England 1,650 per GP FTE in 2015/16, same basis');
    expect(englandOf(null).label).toMatch(/1,321 \(the seeds' headcount ratio, as saved\)/);
  });
});
