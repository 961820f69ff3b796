/**
 * "Your area" in headless Chromium (npm run bench, issue 22): one ICB built from SYNTHETIC national-size files
 * (scripts/nhs-fixtures.ts: 6,148 practices; the page reads the whole of each file to find the ICB's
 * practices) on the page's worker, timed from the click on "Build" to the summary (target: under 20 s);
 * then "Open the workspace on this baseline", timed to its first numbers and to its Monte Carlo bands
 * (issue 30's target: the bands within 5 s).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, launch, root, startServer } from '../test/browser/harness.ts';
import { writeNhsFixtures } from '../scripts/nhs-fixtures.ts';
import { areaRuns } from '../web/src/lib/area-runs.ts';

if (!existsSync(CHROMIUM)) {
  console.log(`area browser bench: SKIPPED (no Chromium at ${CHROMIUM})`);
  process.exit(0);
}
spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts'), '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
const dir = mkdtempSync(join(tmpdir(), 'capsim-area-bench-'));
const truth = writeNhsFixtures(dir, { subIcbs: 106, practicesPerSubIcb: 58, icbs: 36 });
const icb = truth.subIcbs[0]!.icb;
const files = ['gp-reg-pat-prac-quin-age.csv', 'gp-reg-pat-prac-map.csv', 'GPWPracticeCSV.072026.zip', 'PCNWFIndividualCSV.062026.zip', 'Practice_Level_Crosstab_Jul_26.zip'].map((f) => join(dir, f));
const { base, child } = await startServer();
const browser = await launch();
const times: number[] = [], firstNumbers: number[] = [], bands: number[] = [];
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
for (let k = 0; k < rounds; k++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(base + '/area');
  await page.locator('[data-testid=area-drop]').setInputFiles(files);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=area-code] option').length > 0, undefined, { timeout: 60_000 });
  await page.selectOption('[data-testid=area-level]', 'icb');
  await page.selectOption('[data-testid=area-code]', icb);
  const t0 = Date.now();
  await page.click('[data-testid=area-build]');
  await page.locator('[data-testid=area-summary]').waitFor({ timeout: 300_000 });
  times.push((Date.now() - t0) / 1000);
  const t1 = Date.now();
  await page.click('[data-testid=area-open]');
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=gap] .value')?.textContent ?? ''), undefined, { timeout: 60_000 });
  firstNumbers.push((Date.now() - t1) / 1000);
  await page.waitForSelector('section.cards[aria-busy="false"]', { timeout: 300_000 });
  bands.push((Date.now() - t1) / 1000);
  await ctx.close();
}
await browser.close();
child.kill();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const all = (xs: number[]) => xs.map((t) => t.toFixed(2)).join(', ');
const practices = truth.practices.filter((p) => truth.subIcbs.find((s) => s.code === p.subIcb)!.icb === icb).length;
console.log(`area browser bench: one ICB (${practices} practices) from national-size files, calibrated, in Chromium: median ${median(times).toFixed(2)} s (${all(times)})   target < 20 s`);
console.log(`  its workspace, doing nothing (${areaRuns(practices)} runs): first numbers ${median(firstNumbers).toFixed(2)} s (${all(firstNumbers)}); bands ${median(bands).toFixed(2)} s (${all(bands)})   target < 5 s`);
