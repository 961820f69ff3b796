// No input can crash, hang or silently empty a run: one test per finding of the hardening probe.
import { describe, expect, it } from 'vitest';
import { LIMITS, loadScenario, runDeterministic } from '../../engine/index.ts';
import { buildPlan, resultOf, runBlock } from '../../engine/internal.ts';
import { BASELINES } from '../../scenarios/baselines.ts';

const load = (input: Record<string, unknown>) => loadScenario({ name: 'T', baseline: 'thurrock', ...input }, BASELINES);
const errorsOf = (input: Record<string, unknown>) => {
  const r = load(input);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('formulas', () => {
  it('are checked at every month of the horizon: finite at the old sample months is not enough', () => {
    const e = errorsOf({ years: 20, parameters: { 'demand.trend': '0.02 * sqrt(12 - year) / sqrt(12)' } });
    expect(e[0]!.path).toBe('parameters.demand.trend');
    expect(e[0]!.message).toMatch(/NaN at t = 156 \(year 13\)/);
  });

  it('treat a value outside the parameter\'s range as a plain number is treated: an error, not a clamp', () => {
    const formula = errorsOf({ parameters: { 'ae.avoidableShare': '5' } });
    const number = errorsOf({ parameters: { 'ae.avoidableShare': 5 } });
    expect(formula[0]!.path).toBe('parameters.ae.avoidableShare');
    expect(number[0]!.path).toBe('parameters.ae.avoidableShare');
    expect(formula[0]!.message).toMatch(/between 0 and 1/);
    expect(errorsOf({ interventions: [{ type: 'careNavigation', share: '0.5 + year' }] })[0]!.path).toBe('interventions[0].share');
  });

  it('have a length and depth limit with a clear error instead of a stack overflow', () => {
    const flat = errorsOf({ parameters: { 'demand.trend': Array.from({ length: 2000 }, () => '0.00001').join(' + ') } });
    expect(flat[0]!.message).toMatch(/characters long; at most 1000/);
    const deep = errorsOf({ parameters: { 'demand.trend': `${'('.repeat(40)}0.01${')'.repeat(40)}` } });
    expect(deep[0]!.message).toMatch(/nests brackets 40 deep/);
  });
});

describe('names that are not baselines', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('refuses baseline "%s" by name', (name) => {
    const e = errorsOf({ baseline: name });
    expect(e).toEqual([{ path: 'baseline', message: expect.stringMatching(/^unknown baseline/) }]);
  });

  it('keeps a "__proto__" parameter of a version-1 file as an unknown key', () => {
    const e = errorsOf(JSON.parse('{"schema":"capsim/scenario@1","parameters":{"__proto__":{"x":1}}}'));
    expect(e[0]!.path).toBe('parameters.__proto__');
  });
});

describe('caps on work', () => {
  it('refuses more runs than the cap', () => {
    expect(errorsOf({ runs: LIMITS.runs + 1 })[0]).toEqual({ path: 'runs', message: expect.stringMatching(/at most 100,000/) });
  });

  it('refuses more interventions than the cap', () => {
    const many = Array.from({ length: LIMITS.interventions + 1 }, () => ({ type: 'careNavigation', share: 0.01 }));
    expect(errorsOf({ interventions: many })[0]).toEqual({ path: 'interventions', message: expect.stringMatching(/at most 200 interventions/) });
  });
});

describe('validation gaps', () => {
  it('warns, by path, when a merged pool is outside the target', () => {
    const r = load({ interventions: [{ type: 'merge', groups: [['F81010', 'F81082']], target: [30000, 50000] }] });
    expect(r.ok).toBe(false); // F81010 (South Ockendon) and F81082 (East Tilbury) are in different localities
    const same = BASELINES.thurrock!.practices.filter((p) => p.locality === 'grays').slice(0, 2).map((p) => p.code);
    const ok = load({ interventions: [{ type: 'merge', groups: [same], target: [30000, 50000] }] });
    if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
    expect(ok.warnings).toEqual([{ path: 'interventions[0].groups[0]', message: expect.stringMatching(/outside the target 30,000-50,000/) }]);
  });

  it('names pools as the planner named them (issue 19 #19): in warnings and errors, checked one per group, and changing no number', () => {
    const grays = BASELINES.thurrock!.practices.filter((p) => p.locality === 'grays').map((p) => p.code);
    const pools = [grays.slice(0, 2), grays.slice(2, 4)];
    const named = load({ interventions: [{ type: 'merge', groups: pools, names: ['Grays North', 'Grays South'] }] });
    if (!named.ok) throw new Error(JSON.stringify(named.errors));
    expect(named.warnings?.map((w) => w.message)).toEqual([expect.stringMatching(/^pool "Grays North" has [\d,]+ patients, outside/), expect.stringMatching(/^pool "Grays South" has/)]);
    const plain = load({ interventions: [{ type: 'merge', groups: pools }] });
    if (!plain.ok) throw new Error('expected ok');
    const gap = (s: typeof plain.value) => runDeterministic(s, BASELINES.thurrock!).total.metrics.gpFteGap.at(-1)!.p50;
    expect(gap(named.value)).toBe(gap(plain.value));
    expect(errorsOf({ interventions: [{ type: 'merge', groups: pools, names: ['One'] }] })).toEqual([{ path: 'interventions[0].names', message: '1 pool name(s) for 2 pool(s): give one name per group, in the same order' }]);
    expect(errorsOf({ interventions: [{ type: 'merge', groups: pools, names: ['A', 'A'] }] })).toEqual([{ path: 'interventions[0].names[1]', message: 'pool name "A" is also the name of pool 1' }]);
    expect(errorsOf({ interventions: [{ type: 'merge', names: ['A'] }] })[0]!.path).toBe('interventions[0].names');
    expect(errorsOf({ interventions: [{ type: 'merge', groups: pools, names: ['A', ' '] }] })).toEqual([{ path: 'interventions[0].names[1]', message: 'a pool name cannot be empty' }]);
    expect(errorsOf({ interventions: [{ type: 'merge', groups: [grays.slice(0, 2), grays.slice(1, 3)], names: ['A', 'B'] }] })[0]!.message).toBe(`practice ${grays[1]} is already in pool "A"`);
  });

  it('refuses a pool spanning two localities before anything is applied', () => {
    const e = errorsOf({ interventions: [{ type: 'merge', groups: [['F81010', 'F81082']] }] });
    expect(e[0]).toEqual({ path: 'interventions[0].groups[0]', message: expect.stringMatching(/one locality/) });
  });

  it('refuses an England workload of zero, which would make the gap undefined, and a role output of zero', () => {
    expect(errorsOf({ parameters: { 'target.gpDaily': 0 } })[0]!.path).toBe('parameters.target.gpDaily');
    expect(errorsOf({ parameters: { 'workforce.nurse.refDaily': 0 } })[0]!.path).toBe('parameters.workforce.nurse.refDaily');
  });

  it('never reports a result holding a value that is not a number', () => {
    const r = load({ years: 1 });
    if (!r.ok) throw new Error('invalid');
    const plan = buildPlan(r.value, BASELINES.thurrock!);
    const block = runBlock([plan], 1, 0, 2, 2);
    block.partials[0]!.sums[3] = Number.NaN;
    expect(() => resultOf(r.value, plan, block.partials[0]!, 1)).toThrow(/population is not a finite number in 2015\/16/);
    expect(Number.isFinite(runDeterministic(r.value, BASELINES.thurrock!).total.metrics.gpFteGap[0]!.mean)).toBe(true);
  });
});
