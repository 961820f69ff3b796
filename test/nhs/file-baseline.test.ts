// Issue 22: "baseline": "./my-area.json" in every command. The baseline is built from the SYNTHETIC files of
// test/fixtures/nhs (scripts/nhs-fixtures.ts).
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentHash, type Baseline } from '../../engine/index.ts';
import { cli } from '../cli/run-cli.ts';

const root = new URL('../../', import.meta.url).pathname;
const F = join(root, 'test/fixtures/nhs');
let dir = '';
let baseline: Baseline;
const scen = (name: string, body: object) => {
  const f = join(dir, 'scenarios', name);
  writeFileSync(f, JSON.stringify(body));
  return f;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capsim-area-'));
  const r = await cli('baseline', 'build', '--registrations', join(F, 'gp-reg-pat-prac-quin-age.csv'), '--map', join(F, 'gp-reg-pat-prac-map.csv'),
    '--workforce', join(F, 'GPWPracticeCSV.072026.zip'), '--pcn-workforce', join(F, 'PCNWFIndividualCSV.062026.zip'), '--icb', 'Q90', '--out', join(dir, 'area.json'), '-q');
  expect(r.code, r.stderr).toBe(0);
  baseline = JSON.parse(readFileSync(join(dir, 'area.json'), 'utf8')) as Baseline;
  (await import('node:fs')).mkdirSync(join(dir, 'scenarios'));
  scen('do-nothing.json', { name: 'Doing nothing', baseline: '../area.json', years: 3, runs: 200 });
  scen('pharmacists.json', { name: 'Pharmacists', baseline: '../area.json', years: 3, runs: 200,
    interventions: [{ type: 'hireAhp', role: 'pharmacist', ftePerYear: 4, maxFte: 40 }] });
});

describe('a scenario on a baseline file', () => {
  it('is named by the baseline\'s id and content hash, and starts in the April of the data\'s financial year (whole years)', async () => {
    const r = await cli('validate', join(dir, 'scenarios'), join(dir, 'area.json'));
    expect(r.code, r.stderr).toBe(0);
    const key = `${baseline.id}@${contentHash(baseline).slice(0, 12)}…`;
    expect(r.stdout).toContain(`do-nothing.json: ok (Doing nothing; baseline ${key}, 0 intervention(s))`);
    expect(r.stdout).toContain(`area.json: ok (baseline ${key}: ${baseline.practices.length} practices`);
    const run = await cli('run', join(dir, 'scenarios/do-nothing.json'), '--runs', '20', '--workers', '0', '-q');
    const res = JSON.parse(run.stdout).results[0];
    expect(res.periods[0]).toBe('2026/27');
    expect(res.periods.every((p: string) => !p.includes('('))).toBe(true);
    expect(res.localities.map((l: { id: string }) => l.id)).toEqual(baseline.localities.map((l) => l.id));
  });

  it('runs in batch, compare, sweep, explain, sensitivity and solve', async () => {
    const out = join(dir, 'out');
    const batch = await cli('batch', join(dir, 'scenarios'), '--runs', '200', '--workers', '1', '--out', out, '-q');
    expect(batch.code, batch.stderr).toBe(0);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/Pharmacists/);
    const cmp = await cli('compare', join(dir, 'scenarios/do-nothing.json'), join(dir, 'scenarios/pharmacists.json'), '--runs', '200', '--workers', '0', '--format', 'json', '-q');
    expect(cmp.code, cmp.stderr).toBe(0);
    const c = JSON.parse(cmp.stdout).comparisons[0];
    expect(c.total.metrics.gpFteGap.at(-1).mean).toBeLessThan(0);
    const sweep = await cli('sweep', join(dir, 'scenarios/pharmacists.json'), '--vary', 'interventions[0].ftePerYear=0,4', '--runs', '100', '--workers', '0', '--out', join(dir, 'sweep'), '-q');
    expect(sweep.code, sweep.stderr).toBe(0);
    const ex = await cli('explain', join(dir, 'scenarios/pharmacists.json'), '--workers', '0', '--format', 'json', '-q');
    expect(ex.code, ex.stderr).toBe(0);
    const sens = await cli('sensitivity', join(dir, 'scenarios/do-nothing.json'), '--samples', '16', '--top', '2', '--workers', '0', '--format', 'json', '-q');
    expect(sens.code, sens.stderr).toBe(0);
    const solve = await cli('solve', join(dir, 'scenarios/do-nothing.json'), '--target', '0.5', '--year', '2028/29', '--candidate-runs', '20', '--workers', '0', '--format', 'json', '-q');
    expect(solve.code, solve.stderr).toBe(0);
  }, 240_000);

  it('shards carry the baseline: the merge equals the single-machine batch byte for byte; a changed baseline is refused', async () => {
    const sh = join(dir, 'shards');
    for (const i of [1, 2]) expect((await cli('batch', join(dir, 'scenarios'), '--runs', '2000', '--workers', '1', '--shard', `${i}/2`, '--out', sh, '-q')).code).toBe(0);
    const merged = await cli('merge', sh, '--out', join(dir, 'merged'), '-q');
    expect(merged.code, merged.stderr).toBe(0);
    const whole = await cli('batch', join(dir, 'scenarios'), '--runs', '2000', '--workers', '1', '--out', join(dir, 'whole'), '-q');
    expect(whole.code).toBe(0);
    expect(readFileSync(join(dir, 'merged/summary.csv'), 'utf8')).toBe(readFileSync(join(dir, 'whole/summary.csv'), 'utf8'));
    const f = join(sh, readdirSync(sh)[0]!);
    const s = JSON.parse(readFileSync(f, 'utf8'));
    const key = Object.keys(s.baselines)[0]!;
    s.baselines[key].practices[0].fte.gp += 1;
    writeFileSync(f, JSON.stringify(s));
    const bad = await cli('merge', sh, '--out', join(dir, 'merged2'), '-q');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`baseline ${key.replace('.', '\\.')} does not match its content hash`));
  }, 240_000);

  it('a missing or malformed baseline file is an error at "baseline" naming the file', async () => {
    const a = scen('missing.json', { name: 'x', baseline: './nope.json' });
    const r = await cli('validate', a);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing\.json: baseline: .*nope\.json: file not found/);
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...baseline, practices: [{ ...baseline.practices[0], list: [1, 2] }] }));
    const b = scen('broken-ref.json', { name: 'x', baseline: '../broken.json' });
    const r2 = await cli('validate', b);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/broken-ref\.json: baseline: .*broken\.json: not a capsim\/baseline@1: practices\[0\]\.list: must give 7 age bands/);
    const r3 = await cli('run', join(dir, 'area.json'));
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/this is a baseline, not a scenario/);
  });
});
