// Model 4, section 13b: baselines built from NHS England's files are judged against England in the same files.
// Every file here is SYNTHETIC (scripts/nhs-fixtures.ts): a national-size set (106 Sub-ICBs, 6,148 practices,
// 36 ICBs) written for the test, a medium one for building every ICB, and the small committed one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenario, runDeterministic, type Baseline } from '../../engine/index.ts';
import { ENGLAND_GP_SHARE_2024 } from '../../engine/internal.ts';
import { buildArea, firstYear } from '../../nhs/calibrate.ts';
import type { BuildInputs } from '../../nhs/build.ts';
import { EARLIER_CHANGE, writeNhsFixtures } from '../../scripts/nhs-fixtures.ts';
import { fixtureFile, NHS_FIXTURES } from './fixture-baseline.ts';

const inputsIn = (dir: string, extra: Partial<BuildInputs> = {}): BuildInputs => ({
  registrations: fixtureFile('gp-reg-pat-prac-quin-age.csv', dir), map: fixtureFile('gp-reg-pat-prac-map.csv', dir),
  workforce: fixtureFile('GPWPracticeCSV.072026.zip', dir), pcnWorkforce: fixtureFile('PCNWFIndividualCSV.062026.zip', dir), ...extra,
});
const monthly = (b: Baseline, years = 1) => {
  const r = loadScenario({ name: 'Doing nothing', baseline: b.id, years, runs: 1 }, { [b.id]: b });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return runDeterministic(r.value, b, 'month').total;
};

describe('England built from its own files (--all, national size), doing nothing', () => {
  let england: Baseline;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-national-'));
    writeNhsFixtures(dir, { subIcbs: 106, practicesPerSubIcb: 58, icbs: 36 });
    england = (await buildArea(inputsIn(dir), { select: { all: true } })).baseline;
  }, 240_000);

  it('has no gap against itself, fails 10-13% of first attempts in its first 12 months, and keeps its GPs within 3%', () => {
    expect(england.practices.length).toBeGreaterThan(6000);
    const t = monthly(england);
    const m = t.metrics;
    const mean = (k: 'accessFailure' | 'gpFteGap') => m[k].slice(0, 12).reduce((a, s) => a + s.mean, 0) / 12;
    expect(mean('accessFailure')).toBeGreaterThanOrEqual(0.1);
    expect(mean('accessFailure')).toBeLessThanOrEqual(0.13);
    expect(mean('gpFteGap') / t.start['fte.gpAll']!).toBeLessThan(0.03);
    const change = m['fte.gpAll'][11]!.mean / t.start['fte.gpAll']! - 1;
    expect(Math.abs(change)).toBeLessThanOrEqual(0.03);
    // The reference is England in the same files: its patients over its GP FTE, trainees and locums counted.
    const patients = england.practices.reduce((a, p) => a + p.list.reduce((x, y) => x + y, 0), 0);
    const gp = england.practices.reduce((a, p) => a + p.fte.gp + (p.gpLocum ?? 0), 0);
    expect(england.reference!.patientsPerGpFte).toBeCloseTo(patients / gp, -1);
    expect(england.reference!.source).toMatch(/^England in the same files/);
  });

  it('serves 5.7-6.3 appointments a head in every Sub-ICB without an appointments file, 40-52% of them with GPs (GPAD 2024: 45.6%)', () => {
    const fy = firstYear(england);
    expect(fy.size).toBe(106);
    for (const [area, v] of fy) {
      expect(v.perHead, area).toBeGreaterThanOrEqual(5.7);
      expect(v.perHead, area).toBeLessThanOrEqual(6.3);
      expect(v.gpPerHead / v.perHead, area).toBeGreaterThanOrEqual(0.4);
      expect(v.gpPerHead / v.perHead, area).toBeLessThanOrEqual(0.52);
    }
    expect(ENGLAND_GP_SHARE_2024).toBe(0.456);
  });
});

describe('every ICB of a national fixture builds', () => {
  it('builds each of 36 ICBs, never stopping on a quirk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-icbs-'));
    const truth = writeNhsFixtures(dir, { subIcbs: 40, practicesPerSubIcb: 6, icbs: 36 });
    const icbs = [...new Set(truth.subIcbs.map((s) => s.icb))];
    expect(icbs).toHaveLength(36);
    for (const icb of icbs) {
      const r = await buildArea(inputsIn(dir), { select: { icb } });
      expect(r.baseline.practices.length, icb).toBeGreaterThan(0);
      expect(r.baseline.reference!.patientsPerGpFte, icb).toBeGreaterThan(1000);
    }
  }, 240_000);
});

describe('GP fill rates fitted to an earlier workforce file (--workforce-earlier)', () => {
  it("reproduces each Sub-ICB's own change between the two snapshots within 1 percentage point", async () => {
    const r = await buildArea(inputsIn(NHS_FIXTURES, { workforceEarlier: fixtureFile('GPWPracticeCSV.072025.zip') }), { select: { all: true } });
    expect(r.fill).toHaveLength(2);
    const t = monthly(r.baseline);
    r.fill!.forEach((row, s) => {
      expect(row.observed).toBeCloseTo(EARLIER_CHANGE[s]!, 4);
      expect(Math.abs(row.modelled - row.observed), row.area).toBeLessThan(0.01);
      expect(r.baseline.areas.find((a) => a.id === row.area)!.gpFillRate).toBe(row.fillRate);
    });
    // The fitted rates move GP FTE apart as the snapshots did: the growing Sub-ICB ends above the shrinking one.
    expect(r.fill![0]!.fillRate).toBeGreaterThan(r.fill![1]!.fillRate);
    expect(t.metrics['fte.gpAll'][11]!.mean).toBeGreaterThan(0);
    expect(r.baseline.sources['areas[].gpFillRate']).toMatch(/^fitted/);
  });
});
