/**
 * The pictures in the README and docs/ (npm run screenshots), from the production build and the real
 * server in headless Chromium: the workspace at 1280 and 390 px, Compare with four scenarios, the board
 * view and the pages of its PDF (as PNGs when poppler's pdftoppm is installed; the PDF is written anyway).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, root, startServer } from '../test/browser/harness.ts';

const docs = join(root, 'docs');
const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts'), '--logLevel', 'error'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
if (build.status !== 0) process.exit(build.status ?? 1);
const { base, child } = await startServer();
const browser = await launch();
const settled = 'section.cards[aria-busy="false"]';
try {
  // The workspace: the top of the page at 1280 px, and the first two screens at 390 px.
  for (const [width, height, file] of [[1280, 900, 'workspace.png'], [390, 1700, 'workspace-390.png']] as const) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(base + '/');
    await page.waitForSelector(settled, { timeout: 60_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('figure.chart')].every((f) => f.querySelector('.plot svg')), undefined, { timeout: 30_000 });
    await page.screenshot({ path: join(docs, file) });
    console.log(`wrote docs/${file}`);
    await page.close();
  }
  // Compare: the open scenario (the strategy) and three examples, all their bands in.
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await page.goto(base + '/');
  await page.waitForSelector(settled, { timeout: 60_000 });
  await page.click('nav a:has-text("Compare")');
  await page.selectOption('select[aria-label="Scenario 3 to compare"]', 'ex:hire-ahps');
  await page.selectOption('select[aria-label="Scenario 4 to compare"]', 'ex:traditional-45-gps');
  await page.waitForFunction(() => !document.querySelector('[data-testid=compare-status]') && document.querySelectorAll('[data-testid=compare-table] thead th').length === 5 && document.querySelectorAll('figure.chart .plot svg').length >= 5, undefined, { timeout: 120_000 });
  await page.screenshot({ path: join(docs, 'compare-4.png'), fullPage: true });
  console.log('wrote docs/compare-4.png');
  await page.close();
  // The board view of the shared strategy, and its PDF.
  const res = await fetch(`${base}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readFileSync(join(root, 'scenarios/examples/strategy.json'), 'utf8') });
  const { url } = (await res.json()) as { url: string };
  const board = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await board.goto(base + url);
  await board.locator('[data-testid=present-tornado] svg').first().waitFor({ timeout: 120_000 });
  await board.screenshot({ path: join(docs, 'presentation.png') });
  await board.emulateMedia({ media: 'print' });
  writeFileSync(join(docs, 'board-pack.pdf'), await board.pdf({ preferCSSPageSize: true }));
  console.log('wrote docs/presentation.png, docs/board-pack.pdf');
  const png = spawnSync('pdftoppm', ['-png', '-r', '60', join(docs, 'board-pack.pdf'), join(docs, 'board-pack')]);
  if (png.error) console.log('pdftoppm (poppler-utils) is not installed: the PDF pages were not written as PNGs');
  else console.log('wrote docs/board-pack-N.png, a page each');
} finally {
  await browser.close();
  child.kill();
}
