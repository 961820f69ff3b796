// Validation messages in a planner's words (issue 31): every field names the field and the reason without the
// schema library's vocabulary. Scenarios are synthetic variants of the examples.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../engine/index.ts';
import { BASELINES } from '../../scenarios/baselines.ts';

const errorsOf = (input: Record<string, unknown>) => {
  const r = loadScenario({ name: 'x', baseline: 'thurrock', ...input }, BASELINES);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('validation messages', () => {
  it('say what a field must be, in words, at its path', () => {
    expect(errorsOf({ years: 2.5 })).toEqual(['years: must be a whole number (no decimals)']);
    expect(errorsOf({ years: 0 })).toEqual(['years: must be at least 1']);
    expect(errorsOf({ years: 99 })).toEqual(['years: must be at most 20']);
    expect(errorsOf({ runs: 'many' })).toEqual(['runs: must be a number']);
    expect(errorsOf({ seed: -1 })).toEqual(['seed: must be at least 0']);
    expect(errorsOf({ interventions: [{ type: 'hireAhp', role: 'pharmacist', ftePerYear: -5, maxFte: 10 }] })).toEqual(['interventions[0].ftePerYear: must be at least 0']);
    expect(errorsOf({ interventions: [{ type: 'hireAhp', role: 'surgeon', ftePerYear: 1, maxFte: 10 }] })[0]).toMatch(/^interventions\[0\]\.role: must be one of "pharmacist", /);
    expect(errorsOf({ name: '' })).toEqual(['name: must not be empty']);
  });

  it('never use the schema library\'s own words', () => {
    const all = [
      ...errorsOf({ years: 2.5 }), ...errorsOf({ runs: 'x' }), ...errorsOf({ seed: 1.5 }), ...errorsOf({ years: -3 }),
      ...errorsOf({ interventions: [{ type: 'expandHub', locality: 'grays', gpAppointments: -1 }] }),
    ];
    expect(all.length).toBeGreaterThan(4);
    for (const m of all) expect(m).not.toMatch(/Invalid input|Too small|Too big|expected int|received|>=|<=/);
  });
});

describe('ordinals', () => {
  it('are English: 1st, 2nd, 3rd, 11th to 13th, 21st, 63rd, 100th', async () => {
    const { ordinal } = await import('../../engine/index.ts');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 63, 100, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '63rd', '100th', '111th']);
  });
});
