// The one door for scenarios: every shipped file loads; every kind of bad input names its path and reason.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../engine/index.ts';
import { BASELINES } from '../../scenarios/baselines.ts';
import { schemaText } from '../../scripts/build-schema.ts';
import { buildBaselines } from '../../scripts/build-baselines.ts';

const dir = new URL('../../scenarios/', import.meta.url);
const base = { name: 'x', baseline: 'thurrock' };
const errorsOf = (input: unknown) => {
  const r = loadScenario(input, BASELINES);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('scenario files', () => {
  it.each(readdirSync(new URL('examples/', dir)).filter((f) => f.endsWith('.json')))('examples/%s loads and has a description', (f) => {
    const r = loadScenario(JSON.parse(readFileSync(new URL(`examples/${f}`, dir), 'utf8')), BASELINES);
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(r.ok && r.value.description && r.value.description.length > 20).toBe(true);
  });

  it('drift guard (code against its own output): baselines in scenarios/ are what scripts/build-baselines.ts builds from scenarios/data', () => {
    for (const b of buildBaselines()) {
      expect(JSON.parse(readFileSync(new URL(`baselines/${b.id}.json`, dir), 'utf8'))).toEqual(JSON.parse(JSON.stringify(b)));
    }
  });

  it('every baseline field has a source', () => {
    for (const b of Object.values(BASELINES)) {
      const keys = Object.keys(b.sources).join(' ');
      for (const field of ['list', 'need', 'fte.gp', 'fte.nurse', 'fte.hca', 'gpHeadcount', 'hub']) expect(keys).toContain(field);
    }
  });

  it('drift guard (code against its own output): scenarios/schema.json is what the schema in code generates', () => {
    expect(readFileSync(new URL('schema.json', dir), 'utf8')).toBe(schemaText());
  });

  it('fills defaults', () => {
    const r = loadScenario(base, BASELINES);
    expect(r.ok && { start: r.value.start, years: r.value.years, runs: r.value.runs }).toEqual({ start: '2015-04', years: 10, runs: 1000 });
  });
});

describe('invalid input names the JSON path and the reason', () => {
  const cases: [string, unknown, string, RegExp][] = [
    ['not an object', 42, '(root)', /object/],
    ['missing name', { baseline: 'thurrock' }, 'name', /./],
    ['unknown key', { ...base, colour: 'red' }, 'colour', /unknown key/],
    ['unknown baseline', { ...base, baseline: 'narnia' }, 'baseline', /unknown baseline "narnia"/],
    ['bad month', { ...base, start: '2016-13' }, 'start', /YYYY-MM/],
    ['years out of range', { ...base, years: 40 }, 'years', /20/],
    ['negative perYear', { ...base, interventions: [{ type: 'merge' }, { type: 'merge' }, { type: 'upskillNurses', perYear: -2 }] }, 'interventions[2].perYear', /^must be at least 0$/],
    ['share above 1', { ...base, interventions: [{ type: 'careNavigation', share: 1.5 }] }, 'interventions[0].share', /1/],
    ['unknown intervention', { ...base, interventions: [{ type: 'teleport' }] }, 'interventions[0].type', /./],
    ['unknown parameter', { ...base, parameters: { 'demand.trendy': 0.1 } }, 'parameters.demand.trendy', /unknown key/],
    ['mix not summing to 1', { ...base, parameters: { 'demand.mix': { gpOnly: 0.5, anpSuitable: 0.1, nurse: 0.1, pharmacy: 0.1, msk: 0.1, urgent: 0.05 } } }, 'parameters.demand.mix', /sum to 1/],
    ['interval reversed', { ...base, parameters: { 'demand.trend': { p10: 0.03, p90: 0.01 } } }, 'parameters.demand.trend.p90', /p10 must be <= p90/],
    ['bad distribution', { ...base, parameters: { 'demand.trend': { dist: 'triangular', min: 0.03, mode: 0.01, max: 0.05 } } }, 'parameters.demand.trend', /min <= mode <= max/],
    ['unsafe formula', { ...base, parameters: { 'demand.trend': 'import({}, {})' } }, 'parameters.demand.trend', /may not call "import"/],
    ['formula with unknown variable', { ...base, parameters: { 'demand.trend': '0.01 * x' } }, 'parameters.demand.trend', /only use the variables year and t/],
    ['formula assignment', { ...base, parameters: { 'demand.trend': 'a = 2' } }, 'parameters.demand.trend', /may not use assignment/],
    ['unknown locality', { ...base, interventions: [{ type: 'divertAe', share: 0.5, localities: ['atlantis'] }] }, 'interventions[0].localities[0]', /unknown locality "atlantis"/],
    ['unknown ODS code', { ...base, interventions: [{ type: 'merge', groups: [['F81010', 'Z99999']] }] }, 'interventions[0].groups[0][1]', /unknown ODS code "Z99999"/],
    ['group across localities', { ...base, interventions: [{ type: 'merge', groups: [['F81010', 'F81206']] }] }, 'interventions[0].groups[0]', /within one locality/],
    ['hub in unknown locality', { ...base, interventions: [{ type: 'expandHub', locality: 'moon', gpAppointments: 10 }] }, 'interventions[0].locality', /unknown locality/],
    ['housing in unknown locality', { ...base, housing: [{ locality: 'moon', from: '2017-04', residents: 100 }] }, 'housing[0].locality', /unknown locality/],
  ];
  it.each(cases)('%s', (_label, input, path, reason) => {
    const errs = errorsOf(input);
    const e = errs.find((x) => x.path === path);
    expect(e, `errors were ${JSON.stringify(errs)}`).toBeDefined();
    expect(e!.message).toMatch(reason);
  });
});
