// Issue 22: baselines from NHS England's public practice files. Every file here is SYNTHETIC, written by
// scripts/nhs-fixtures.ts in the published shapes (test/fixtures/nhs/, with the values it wrote in truth.json).
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { englandLoad, loadBaseline, TODAY_DEMAND_SCALE, PARAM_BY_KEY, ROLES, type Baseline } from '../../engine/index.ts';
import { cli } from '../cli/run-cli.ts';
import { COVERED, type Truth } from '../../scripts/nhs-fixtures.ts';
import { firstYear } from '../../nhs/calibrate.ts';
import { BUILT_GP_FILL_RATE } from '../../nhs/build.ts';

const root = new URL('../../', import.meta.url).pathname;
const F = join(root, 'test/fixtures/nhs');
const truth = JSON.parse(readFileSync(join(F, 'truth.json'), 'utf8')) as Truth;
const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-nhs-'));
const files = (over: Record<string, string> = {}) => [
  '--registrations', over.registrations ?? join(F, 'gp-reg-pat-prac-quin-age.csv'),
  '--map', over.map ?? join(F, 'gp-reg-pat-prac-map.csv'),
  '--workforce', over.workforce ?? join(F, 'GPWPracticeCSV.072026.zip'),
];
const pcnFile = join(F, 'PCNWFIndividualCSV.062026.zip');
const appts = join(F, 'Practice_Level_Crosstab_Jul_26.zip');
const sub = truth.subIcbs[0]!.code;
const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

async function build(extra: string[], over: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; baseline: Baseline | null; out: string }> {
  const out = join(tmp(), 'area.json');
  const r = await cli('baseline', 'build', ...files(over), ...extra, '--out', out, '-q');
  return { ...r, out, baseline: existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Baseline) : null };
}

describe('capsim baseline build: one Sub-ICB from the synthetic files', () => {
  it('gives each practice the list by band, GP FTE and PCN roles the fixture wrote', async () => {
    const r = await build(['--sub-icb', sub, '--pcn-workforce', pcnFile]);
    expect(r.code, r.stderr).toBe(0);
    const b = r.baseline!;
    const mine = truth.practices.filter((p) => p.subIcb === sub);
    const withWf = mine.filter((p) => p.hasWorkforce);
    expect(b.practices.map((p) => p.code)).toEqual(withWf.map((p) => p.code).sort());
    const listOf = (code: string) => sum(truth.practices.find((p) => p.code === code)!.list7);
    for (const t of withWf) {
      const p = b.practices.find((x) => x.code === t.code)!;
      expect(p.list).toEqual(t.list7);
      expect(p.fte.gp).toBeCloseTo(t.fte.gp, 3);
      expect(p.gpLocum!).toBeCloseTo(t.gpLocum, 3);
      // A GP headcount of 0 beside GP FTE is missing: estimated as FTE / 0.85 (model 4, 1a).
      expect(p.gpHeadcount).toBe(t.quirk === 'hc-zero' ? Math.max(1, Math.round(t.fte.gp / 0.85)) : t.gpHeadcount);
      // PCN staff shared by list between the PCN's members (those outside the selection or left out included).
      const members = truth.practices.filter((m) => m.pcn === t.pcn);
      const share = t.pcn === 'U' ? 0 : listOf(t.code) / sum(members.map((m) => listOf(m.code)));
      // Direct patient care published as NA: the selection's average per head of the practices that report it.
      const reporting = withWf.filter((m) => m.quirk !== 'dpc-na');
      const own = (role: (typeof ROLES)[number]) => t.quirk === 'dpc-na' && ['hca', 'pharmacist', 'physio', 'paramedic', 'pa'].includes(role)
        ? (sum(reporting.map((m) => m.fte[role])) / sum(reporting.map((m) => listOf(m.code)))) * listOf(t.code) : t.fte[role];
      for (const role of ROLES.filter((x) => x !== 'gp')) {
        expect(p.fte[role], `${t.code} ${role}`).toBeCloseTo(own(role) + (t.pcn === 'U' ? 0 : truth.pcnFte[t.pcn]![role] * share), 2);
      }
      expect(p.locality).toBe(t.pcn === 'U' ? `no-pcn-${sub}` : t.pcn);
    }
    // Quoted commas survive; the practice without a workforce row is named and left out; U is its own locality.
    expect(b.practices.some((p) => p.name.includes('SYNTHETIC MEDICAL GROUP, 1'))).toBe(true);
    const missing = mine.find((p) => !p.hasWorkforce)!;
    expect(r.stderr).toContain(`warning: ${missing.code} ${missing.name}: no workforce data`);
    expect(r.stderr).toContain('outside a PCN');
    // The files' quirks (model 4, 1a): each kept or set aside, named and counted; the build never stops on one.
    const dpc = mine.find((p) => p.quirk === 'dpc-na')!, hc = mine.find((p) => p.quirk === 'hc-zero')!;
    expect(r.stderr).toMatch(new RegExp(`1 practice\\(s\\) publish their direct patient care staff as NA in GPWPracticeCSV.072026.zip \\(${dpc.code}\\)`));
    expect(r.stderr).toMatch(new RegExp(`1 practice\\(s\\) have a GP headcount of 0 but GP FTE above 0 in GPWPracticeCSV.072026.zip \\(${hc.code}\\)`));
    expect(r.stderr).toMatch(/2 row\(s\) of PCNWFIndividualCSV\.062026\.zip give more than 2 FTE for one person or service \(line \d+ \(Health and Wellbeing Coach, 5 FTE\); line \d+ \(Pharmacist, 2\.4 FTE\)\)/);
    expect(r.stdout).toContain('Quirks of the files (each named in a warning): 2 PCN row(s) above 2 FTE kept; 1 practice(s) with direct patient care as NA given the area\'s average; 1 practice(s) with a GP headcount of 0 estimated from FTE.');
    // The data's date: the registrations' extract (2026-07-01); scenarios start in April of its financial year.
    expect(b.start).toBe('2026-04');
    expect(b.provenance).toEqual({ publisher: 'NHS England Digital', extract: 'July 2026', area: truth.subIcbs[0]!.name });
    // Every field has its source; the summary prints each locality with patients per GP FTE.
    for (const k of ['practices[].list', 'practices[].fte.gp', 'practices[].gpLocum', 'practices[].need', 'localities[].hub', 'areas[].demandScale']) expect(b.sources[k], k).toBeTruthy();
    expect(b.sources['areas[].demandScale']).toMatch(/^derived: England's recorded appointments, about 6 a head/);
    expect(b.areas.every((a) => a.demandScale === TODAY_DEMAND_SCALE && a.gpFillRate === BUILT_GP_FILL_RATE)).toBe(true);
    expect(r.stdout).toMatch(/patients\/GP FTE/);
    expect(r.stdout).toMatch(/No appointments file given: demand is set to England's recorded rate \(about 6 appointments a head a year/);
    expect(r.stdout).toMatch(/England in the same files: 1,\d{3} patients per GP FTE/);
  });

  it('says how each PCN compares with every PCN of England in the same files (model 4)', async () => {
    const r = await build(['--sub-icb', sub, '--pcn-workforce', pcnFile, '--appointments', appts, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const c = (JSON.parse(r.stdout) as { comparison: { id: string; england: { n: number; p50: number }; rows: { id: string; value: number; percentile: number }[] }[] }).comparison;
    expect(c.map((m) => m.id)).toEqual(['patientsPerGpFte', 'pcnStaffPer100k', 'appointmentsPerHead']);
    const pcns = [...new Set(truth.practices.filter((p) => p.pcn !== 'U').map((p) => p.pcn))];
    expect(c[0]!.england.n).toBe(pcns.length);
    const mine = [...new Set(truth.practices.filter((p) => p.subIcb === sub && p.pcn !== 'U').map((p) => p.pcn))].sort();
    expect(c[0]!.rows.map((x) => x.id)).toEqual(mine);
    // Patients per GP FTE of a PCN: all its practices in the files (those outside the selection too), locums counted.
    for (const row of c[0]!.rows) {
      const members = truth.practices.filter((p) => p.pcn === row.id && p.hasWorkforce);
      expect(row.value).toBeCloseTo(sum(members.map((p) => sum(p.list7))) / sum(members.map((p) => p.fte.gp + p.gpLocum)), 0);
      expect(row.percentile).toBeGreaterThanOrEqual(0);
      expect(row.percentile).toBeLessThanOrEqual(1);
    }
    // The fewer patients per GP, the lower the percentile.
    const [a, b] = c[0]!.rows;
    expect(Math.sign(a!.value - b!.value)).toBe(Math.sign(a!.percentile - b!.percentile));
    // Every synthetic practice records about the same appointments a head (counts are rounded): so does England's median PCN.
    for (const row of c[2]!.rows) expect(row.value).toBeCloseTo(truth.appointmentsPerHead, 2);
    expect(c[2]!.england.p50).toBeCloseTo(truth.appointmentsPerHead, 2);
  });

  it('with --fill-missing, the practice without workforce data gets its PCN\'s average per head', async () => {
    const r = await build(['--sub-icb', sub, '--fill-missing']);
    const missing = truth.practices.find((p) => p.subIcb === sub && !p.hasWorkforce)!;
    const p = r.baseline!.practices.find((x) => x.code === missing.code)!;
    const peers = r.baseline!.practices.filter((x) => x.code !== missing.code && truth.practices.find((t) => t.code === x.code)!.pcn === missing.pcn);
    const perHead = sum(peers.map((x) => x.fte.gp)) / sum(peers.map((x) => sum(x.list)));
    expect(p.fte.gp).toBeCloseTo(perHead * sum(missing.list7), 2);
    expect(r.stderr).toContain(`${missing.code} ${missing.name}: no workforce data (not in GPWPracticeCSV.072026.zip): given its PCN's average`);
  });

  it('reads the zip and the CSV inside it alike, and the same ICB by its code or its ONS code', async () => {
    const d = tmp();
    const entries = unzipSync(readFileSync(join(F, 'GPWPracticeCSV.072026.zip')));
    const name = Object.keys(entries).find((n) => /Detailed\.csv$/.test(n))!;
    expect(name).toContain('\u2013'); // the en dash of the published name
    writeFileSync(join(d, name), entries[name]!);
    const fromZip = await build(['--icb', truth.subIcbs[0]!.icb]);
    const fromCsv = await build(['--icb', 'E54900000'], { workforce: join(d, name) });
    expect(fromZip.code, fromZip.stderr).toBe(0);
    expect(fromCsv.baseline!.practices).toEqual(fromZip.baseline!.practices);
  });

  it('calibrated with the appointments, capsim run serves the recorded appointments a head within 2% in the first year, with England-like access and GP load', async () => {
    const r = await build(['--sub-icb', sub, '--pcn-workforce', pcnFile, '--appointments', appts]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Calibration to recorded appointments/);
    expect(r.baseline!.areas[0]!.demandScale).toBeGreaterThan(0.5);
    expect(r.baseline!.sources['areas[].demandScale']).toMatch(/^calibrated/);
    // A scenario beside the baseline names it by path; run it month by month and add the first twelve.
    const dir = join(r.out, '..');
    writeFileSync(join(dir, 'do-nothing.json'), JSON.stringify({ name: 'Doing nothing', baseline: './area.json', years: 2, runs: 100 }));
    const run = await cli('run', join(dir, 'do-nothing.json'), '--monthly', '--workers', '0', '-q');
    expect(run.code, run.stderr).toBe(0);
    const res = (JSON.parse(run.stdout) as { results: { scenario: { hash: string }; localities: { metrics: Record<string, { p50: number; mean: number }[]> }[] }[] }).results[0]!;
    let served = 0, pop = 0;
    for (const l of res.localities) for (let t = 0; t < 12; t++) { served += l.metrics.served![t]!.mean; pop += l.metrics.population![t]!.mean / 12; }
    expect(Math.abs(served / pop / truth.appointmentsPerHead - 1)).toBeLessThan(0.02);
    // At England's GP ratio (the fixture's), the England-practice ranges of the model's calibration targets.
    const fy = firstYear(r.baseline!).get(sub)!;
    // Near England's staffing, near England's access (the GP Patient Survey's 11.5%), on the better side when the
    // Sub-ICB has more GP FTE per head than England in the same files (its PCN roles take a little GP-type care too).
    const bb = r.baseline!;
    const ownPpg = bb.practices.reduce((a, p) => a + p.list.reduce((x, y) => x + y, 0), 0) / bb.practices.reduce((a, p) => a + p.fte.gp + (p.gpLocum ?? 0), 0);
    expect(fy.accessFailure).toBeGreaterThanOrEqual(0.08);
    expect(fy.accessFailure).toBeLessThanOrEqual(0.15);
    expect(Math.sign(fy.accessFailure - 0.115)).toBe(Math.sign(ownPpg - bb.reference!.patientsPerGpFte));
    // Model 4: England's reference comes from the national files themselves (the synthetic fixture's England is
    // at about 1,321 patients per GP FTE including locums), and the reference load is derived from it.
    const ref = r.baseline!.reference!;
    expect(ref.patientsPerGpFte).toBeGreaterThan(1321 * 0.9);
    expect(ref.patientsPerGpFte).toBeLessThan(1321 * 1.1);
    expect(ref.source).toMatch(/^England in the same files/);
    const served1 = (1 - (PARAM_BY_KEY.get('access.failureRef')!.value as { likely: number }).likely) * englandLoad(ref.patientsPerGpFte, ref.demandScale).loadRef;
    // The Sub-ICB's GPs each see what England's do, scaled by its own patients per GP FTE against England's,
    // less what its other roles take (the fixture's PCNs have about 28 FTE per 100,000 of them): 80-105%.
    const b = r.baseline!;
    const own = b.practices.reduce((a, p) => a + p.list.reduce((x, y) => x + y, 0), 0) / b.practices.reduce((a, p) => a + p.fte.gp + (p.gpLocum ?? 0), 0);
    const relative = fy.gpApptsPerGpDay / (served1 * (own / ref.patientsPerGpFte));
    expect(relative).toBeGreaterThan(0.8);
    expect(relative).toBeLessThan(1.05);
  });
});

describe('capsim baseline build: Sub-ICB appointments and their coverage', () => {
  it('scales Sub-ICB counts to all practices by the coverage file; without it, says the counts are taken as complete', async () => {
    const zip = join(F, 'Appointments_GP_Regional_CSV_Jul_26.zip');
    const withCov = await build(['--sub-icb', sub, '--pcn-workforce', pcnFile, '--appointments', zip, '--format', 'json']);
    expect(withCov.code, withCov.stderr).toBe(0);
    const rows = (JSON.parse(withCov.stdout) as { calibration: { area: string; recorded: number }[] }).calibration;
    expect(rows[0]!.recorded).toBeCloseTo(truth.appointmentsPerHead, 2);
    const d = tmp();
    const entries = unzipSync(readFileSync(zip));
    const name = Object.keys(entries).find((n) => /^Regional_CSV/.test(n))!;
    writeFileSync(join(d, name), entries[name]!);
    const without = await build(['--sub-icb', sub, '--pcn-workforce', pcnFile, '--appointments', join(d, name), '--format', 'json']);
    const rows2 = (JSON.parse(without.stdout) as { calibration: { recorded: number }[] }).calibration;
    expect(rows2[0]!.recorded / truth.appointmentsPerHead).toBeCloseTo(COVERED, 2);
    expect(without.stderr).toMatch(/no appointments coverage file given: Sub-ICB counts are taken to cover every practice/);
  });
});

describe('capsim baseline build: the optional tables', () => {
  it('--imd gives the need index (mean 1, rising with the score); --hubs the hubs; --ae each Sub-ICB\'s A&E rate', async () => {
    const r = await build(['--icb', truth.subIcbs[0]!.icb, '--imd', join(F, 'imd.csv'), '--hubs', join(F, 'hubs.csv'), '--ae', join(F, 'ae.csv')]);
    expect(r.code, r.stderr).toBe(0);
    const b = r.baseline!;
    const lists = b.practices.map((p) => sum(p.list));
    expect(sum(b.practices.map((p, i) => p.need * lists[i]!)) / sum(lists)).toBeCloseTo(1, 3);
    const scores = new Map(readFileSync(join(F, 'imd.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).map((c) => [c[0]!, Number(c.at(-1))] as const).filter(([, v]) => Number.isFinite(v)));
    const scored = b.practices.filter((p) => scores.has(p.code));
    const hi = scored.reduce((a, p) => (scores.get(p.code)! > scores.get(a.code)! ? p : a)), lo = scored.reduce((a, p) => (scores.get(p.code)! < scores.get(a.code)! ? p : a));
    expect(hi.need).toBeGreaterThan(lo.need);
    // need = 1 + 1% per point above the list-weighted mean, renormalised: the ratio of two practices' needs is that of their raw indices.
    const mean = sum(scored.map((p) => scores.get(p.code)! * sum(p.list))) / sum(scored.map((p) => sum(p.list)));
    const raw = (code: string) => 1 + 0.01 * (scores.get(code)! - mean);
    expect(hi.need / lo.need).toBeCloseTo(raw(hi.code) / raw(lo.code), 3);
    expect(r.stderr).toMatch(/have no deprivation score: given the area's mean/);
    const firstPcn = truth.practices[0]!.pcn;
    expect(b.localities.find((l) => l.id === firstPcn)!.hub).toEqual({ gpAppointments: 1200, nurseAppointments: 3000 });
    // A&E: the latest financial year of one Sub-ICB, three months annualised of the other, per 1,000 registered.
    for (const a of b.areas) expect(a.aeRatePer1000!, a.id).toBeCloseTo(300, -1);
    expect(r.stderr).toMatch(/A&E for .*: 3 month\(s\), annualised/);
  });

  it('an odd deprivation score never gives a baseline capsim refuses: set aside, named (issue 32)', async () => {
    const d = tmp();
    const rows = readFileSync(join(F, 'imd.csv'), 'utf8').trim().split('\n');
    const code = truth.practices[0]!.code;
    writeFileSync(join(d, 'imd.csv'), [rows[0], ...rows.slice(1).map((l) => (l.startsWith(`${code},`) ? l.replace(/,[^,]*$/, ',5000') : l))].join('\n') + '\n');
    const r = await build(['--sub-icb', sub, '--imd', join(d, 'imd.csv')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`1 row\\(s\\) of imd\\.csv have a deprivation score outside 0-100 \\(line 2 \\(${code}, 5000\\)\\): set aside`));
    expect(r.stderr).not.toMatch(/need index outside/);
    // Set aside, the practice gets the area's mean score: a need index near 1, and the others keep theirs.
    const need = r.baseline!.practices.find((p) => p.code === code)!.need;
    expect(need).toBeGreaterThan(0.8);
    expect(need).toBeLessThan(1.2);
    expect(loadBaseline(r.baseline).ok).toBe(true);
  });

  it('--localities sub-icb and a file of the user\'s own', async () => {
    const bySub = await build(['--icb', truth.subIcbs[0]!.icb, '--localities', 'sub-icb']);
    expect(bySub.baseline!.localities.map((l) => l.id).sort()).toEqual(truth.subIcbs.map((s) => s.code).sort());
    const d = tmp();
    const rows = truth.practices.map((p, i) => `${p.code},${i % 2 ? 'east' : 'west'},${i % 2 ? 'East' : 'West'}`);
    writeFileSync(join(d, 'loc.csv'), ['practice,locality,locality_name', ...rows].join('\n') + '\n');
    const own = await build(['--icb', truth.subIcbs[0]!.icb, '--localities', join(d, 'loc.csv')]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.baseline!.localities.map((l) => l.name).sort()).toEqual(['East', 'West']);
  });
});

describe('capsim baseline build: bad input is one clear line, exit 2, nothing written', () => {
  const expectRefused = (r: { code: number; stderr: string; baseline: Baseline | null }, re: RegExp) => {
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.baseline).toBeNull();
  };
  it('a missing required column names the file, the line and what the file should be', async () => {
    const d = tmp();
    const text = readFileSync(join(F, 'gp-reg-pat-prac-map.csv'), 'utf8').replace('PCN_CODE,', 'PCN_CODX,');
    writeFileSync(join(d, 'map.csv'), text);
    expectRefused(await build(['--sub-icb', sub], { map: join(d, 'map.csv') }), /map\.csv:1: missing column PCN_CODE: is this the practice to PCN, Sub-ICB and ICB map/);
  });
  it('the map given as --registrations says which file it expected', async () => {
    expectRefused(await build(['--sub-icb', sub], { registrations: join(F, 'gp-reg-pat-prac-map.csv') }), /gp-reg-pat-prac-map\.csv:1: missing column ORG_TYPE: is this patients registered by five-year age band/);
  });
  it('an unknown code and an empty selection', async () => {
    expectRefused(await build(['--sub-icb', 'ZZZ']), /--sub-icb: no practice in gp-reg-pat-prac-map\.csv has Sub-ICB code "ZZZ" \(known: /);
    expectRefused(await build(['--pcn', ' , ']), /the selection is empty/);
    expectRefused(await build([]), /give exactly one of --icb, --sub-icb, --pcn, --practices and --all \(got 0\)/);
  });
  it('a number that does not parse names the file, line and column', async () => {
    const d = tmp();
    const lines = readFileSync(join(F, 'gp-reg-pat-prac-quin-age.csv'), 'utf8').split('\n');
    const k = lines.findIndex((l) => l.includes(',GP,') && l.includes(',MALE,5_9,'));
    lines[k] = lines[k]!.replace(/,\d+$/, ',12a');
    writeFileSync(join(d, 'reg.csv'), lines.join('\n'));
    expectRefused(await build(['--sub-icb', sub], { registrations: join(d, 'reg.csv') }), new RegExp(`reg\\.csv:${k + 1}:9: NUMBER_OF_PATIENTS "12a" is not a number`));
  });
  it('a row counted twice is refused, naming both lines', async () => {
    const d = tmp();
    const lines = readFileSync(join(F, 'gp-reg-pat-prac-quin-age.csv'), 'utf8').trimEnd().split('\n');
    const k = lines.findIndex((l) => l.includes(',GP,') && l.includes(',FEMALE,0_4,'));
    lines.push(lines[k]!);
    writeFileSync(join(d, 'reg.csv'), lines.join('\n') + '\n');
    expectRefused(await build(['--sub-icb', sub], { registrations: join(d, 'reg.csv') }), new RegExp(`reg\\.csv:${lines.length}: \\w+ FEMALE 0_4 appears twice \\(first at line ${k + 1}\\)`));
  });
  it('a file that is neither CSV nor zip, and a zip without the file', async () => {
    const d = tmp();
    copyFileSync(join(F, 'PCNWFIndividualCSV.062026.zip'), join(d, 'wf.zip'));
    expectRefused(await build(['--sub-icb', sub], { workforce: join(d, 'wf.zip') }), /wf\.zip: no CSV of the practice-level detailed workforce file .* inside the zip \(it holds: 1\.Primary Care Networks - June 2026 Individual Level\.csv\)/);
  });
});
