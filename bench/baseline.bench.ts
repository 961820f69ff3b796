/**
 * Baselines from NHS England's files at national size (npm run bench, issue 22). The files are SYNTHETIC,
 * written by scripts/nhs-fixtures.ts in the published shapes at England's size (106 Sub-ICBs of 58
 * practices: 6,148 practices in about 1,270 PCNs), with three months of practice-level appointments.
 * Each build runs `capsim baseline build` in its own process on one core (taskset where there is one);
 * peak memory is the process's maxRSS (GNU time). Targets: England under 15 s and 1 GB; 1,000 Monte Carlo
 * runs of an ICB of about 200 practices under 2 s on one core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNhsFixtures } from '../scripts/nhs-fixtures.ts';

const root = new URL('../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'capsim-nhs-bench-'));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const t0 = performance.now();
const truth = writeNhsFixtures(dir, { subIcbs: 106, practicesPerSubIcb: 58, icbs: 36 });
const mb = (f: string) => (statSync(join(dir, f)).size / 1e6).toFixed(1);
console.log(`baseline bench: SYNTHETIC national-size files (${truth.practices.length} practices, ${new Set(truth.practices.map((p) => p.pcn)).size} PCNs) written in ${((performance.now() - t0) / 1000).toFixed(1)} s: registrations ${mb('gp-reg-pat-prac-quin-age.csv')} MB, workforce zip ${mb('GPWPracticeCSV.072026.zip')} MB, appointments zip ${mb('Practice_Level_Crosstab_Jul_26.zip')} MB`);

const oneCore = existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0'] : [];
function timed(args: string[]): { s: number; rssMb: number; out: string } {
  const cmd = [...oneCore, '/usr/bin/time', '-f', 'MAXRSS %M', process.execPath, join(root, 'cli/bin.mjs'), ...args];
  const t = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const m = /MAXRSS (\d+)/.exec(r.stderr);
  return { s, rssMb: m ? Number(m[1]) / 1024 : NaN, out: r.stdout };
}
const files = ['--registrations', join(dir, 'gp-reg-pat-prac-quin-age.csv'), '--map', join(dir, 'gp-reg-pat-prac-map.csv'),
  '--workforce', join(dir, 'GPWPracticeCSV.072026.zip'), '--pcn-workforce', join(dir, 'PCNWFIndividualCSV.062026.zip')];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const icb = truth.subIcbs[0]!.icb;

const res: Record<string, { s: number[]; rss: number[] }> = { england: { s: [], rss: [] }, englandCalibrated: { s: [], rss: [] }, icb: { s: [], rss: [] }, icbRuns: { s: [], rss: [] } };
writeFileSync(join(dir, 'icb-runs.json'), JSON.stringify({ name: 'ICB, doing nothing', baseline: './icb.json', years: 10, runs: 1000 }));
for (let k = 0; k < rounds; k++) {
  // Alternate the cases within each round (the machine's speed drifts).
  const e = timed(['baseline', 'build', ...files, '--all', '--out', join(dir, 'england.json'), '--force', '-q']);
  res.england!.s.push(e.s); res.england!.rss.push(e.rssMb);
  const i = timed(['baseline', 'build', ...files, '--icb', icb, '--appointments', join(dir, 'Practice_Level_Crosstab_Jul_26.zip'), '--out', join(dir, 'icb.json'), '--force', '-q']);
  res.icb!.s.push(i.s); res.icb!.rss.push(i.rssMb);
  const c = timed(['baseline', 'build', ...files, '--all', '--appointments', join(dir, 'Practice_Level_Crosstab_Jul_26.zip'), '--out', join(dir, 'england-cal.json'), '--force', '-q']);
  res.englandCalibrated!.s.push(c.s); res.englandCalibrated!.rss.push(c.rssMb);
  // 1,000 runs of the ICB in one worker thread (the process's own start-up and loading are in the figure).
  const r = timed(['run', join(dir, 'icb-runs.json'), '--workers', '1', '--out', join(dir, 'icb-runs-out.json'), '--force', '-q']);
  res.icbRuns!.s.push(r.s); res.icbRuns!.rss.push(r.rssMb);
}
const icbPractices = truth.practices.filter((p) => truth.subIcbs.find((s) => s.code === p.subIcb)!.icb === icb).length;
const line = (label: string, k: string, target: string) => console.log(`  ${label.padEnd(58)} ${median(res[k]!.s).toFixed(2).padStart(6)} s  (${res[k]!.s.map((x) => x.toFixed(2)).join(', ')})  peak ${Math.round(median(res[k]!.rss))} MB   target ${target}`);
console.log(`baseline bench: medians of ${rounds} rounds, one core, whole process (start-up included)`);
line(`England, ${truth.practices.length} practices (--all)`, 'england', '< 15 s, < 1 GB');
line('England, calibrated with 3 months of practice appointments', 'englandCalibrated', '(none)');
line(`one ICB (${icbPractices} practices), calibrated`, 'icb', '(none in the CLI)');
line(`1,000 Monte Carlo runs of that ICB, 10 years`, 'icbRuns', '< 2 s');
