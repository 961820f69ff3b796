// The web app in Debian's Chromium (playwright-core) against the real server with the built app.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch, root, startServer } from './harness.ts';

const artefacts = join(root, 'test-artifacts');
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}; .ci/run installs it`);

describe.skipIf(!available)('web app in Chromium', () => {
  let server: { base: string; child: ChildProcess };
  let browser: Browser;

  beforeAll(async () => {
    const b = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts'), '--logLevel', 'error'], { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (b.status !== 0) throw new Error(`vite build failed: ${b.stderr}`);
    mkdirSync(artefacts, { recursive: true });
    server = await startServer();
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.child.kill();
  });

  const open = async (path = '/') => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.base + path);
    return { page, errors };
  };
  const settled = (page: Page) => page.waitForSelector('section.cards[aria-busy="false"]', { timeout: 30_000 });
  const gap = (page: Page) => page.locator('[data-testid=gap] .value').innerText();

  it('loads the workspace with headline numbers and charts, without errors', async () => {
    const { page, errors } = await open();
    await settled(page);
    expect(await gap(page)).toMatch(/^\d[\d,]* \(\d[\d,]*–\d[\d,]*\)$/);
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('figure.chart table').first().locator('tr').count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(artefacts, 'workspace.png') });
    // No tick label is clipped: every one lies inside its chart (7-digit values once lost their first digits).
    const clipped = await page.evaluate(() => [...document.querySelectorAll('figure.chart svg')].flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('g[aria-label$="tick label"] text')].map((t) => ({ t: t.textContent, r: t.getBoundingClientRect() }))
        .filter(({ r }) => r.left < box.left - 0.5 || r.right > box.right + 0.5).map(({ t }) => t);
    }));
    expect(clipped).toEqual([]);
    expect(await page.locator('figure.chart svg g[aria-label$="tick label"] text').count()).toBeGreaterThan(40);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('changes the headline numbers when an intervention changes, and keeps them in the URL', async () => {
    const { page } = await open();
    await settled(page);
    const before = await gap(page);
    // Care navigation (intervention 12) from half to all of navigable demand: less demand, a smaller gap.
    await page.fill('#iv11-share-likely', '1');
    await page.locator('#iv11-share-likely').press('Tab');
    await page.waitForFunction((b) => document.querySelector('[data-testid=gap] .value')?.textContent !== b, before, { timeout: 10_000 });
    await settled(page);
    const after = await gap(page);
    expect(after).not.toBe(before);
    expect(Number(after.split(' ')[0]!.replace(/,/g, ''))).toBeLessThan(Number(before.split(' ')[0]!.replace(/,/g, '')));
    const url = page.url();
    expect(url).toContain('?s=');
    await page.reload();
    await settled(page);
    expect(await gap(page)).toBe(after);
    await page.close();
  });

  it('compares a scenario with itself without going blank (the same example in two slots)', async () => {
    const { page, errors } = await open('/');
    await page.selectOption('select[aria-label="Open an example scenario"]', 'do-nothing');
    await settled(page);
    await page.click('a:has-text("Compare")');
    await page.waitForSelector('[data-testid=compare-table]', { timeout: 30_000 });
    const heads = await page.locator('[data-testid=compare-table] thead th').allInnerTexts();
    expect(heads).toEqual(['Measure', '1. Do nothing', '2. Do nothing']);
    expect(await page.locator('[data-testid=compare-table]').innerText()).toMatch(/P\(better\) 0%/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compares two scenarios with the chance of beating the first', async () => {
    const { page } = await open('/compare');
    await page.waitForSelector('[data-testid=compare-table]', { timeout: 30_000 });
    const table = await page.locator('[data-testid=compare-table]').innerText();
    expect(table).toMatch(/Do nothing/);
    expect(table).toMatch(/P\(better\) \d+%/);
    await page.close();
  });

  it('shares a version whose link shows the same numbers in a fresh browser context, and prints', async () => {
    const { page } = await open();
    await settled(page);
    const shown = await gap(page);
    await page.click('button:has-text("Share")');
    const link = await page.locator('[data-testid=share-link]').getAttribute('href', { timeout: 10_000 });
    expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{22}\/1$/);
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const viewer = await fresh.newPage();
    await viewer.goto(link!);
    const text = await viewer.locator('[data-testid=present-gap]').innerText({ timeout: 30_000 });
    expect(text).toBe(`GP FTE gap: ${shown}`);
    await viewer.screenshot({ path: join(artefacts, 'presentation.png') });
    await viewer.emulateMedia({ media: 'print' });
    const pdf = await viewer.pdf({ format: 'A4' });
    writeFileSync(join(artefacts, 'presentation.pdf'), pdf);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(await viewer.locator('footer a').isVisible()).toBe(false);
    // Offline once loaded: with the service worker in control, a reload without network shows the same.
    await viewer.emulateMedia({ media: 'screen' });
    await viewer.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await viewer.reload();
    await viewer.locator('[data-testid=present-gap]').waitFor({ timeout: 30_000 });
    await fresh.setOffline(true);
    await viewer.reload();
    expect(await viewer.locator('[data-testid=present-gap]').innerText({ timeout: 30_000 })).toBe(`GP FTE gap: ${shown}`);
    await fresh.close();
    await page.close();
  });

  it('names an invalid field the way the editor numbers it (from 1)', async () => {
    const { page } = await open();
    await settled(page);
    const legend = await page.locator('fieldset legend').nth(11).innerText();
    expect(legend).toMatch(/^12\./);
    await page.fill('#iv11-share-likely', '2');
    await page.locator('#iv11-share-likely').press('Tab');
    const alert = await page.locator('[role=alert]').first().innerText({ timeout: 10_000 });
    expect(alert).toMatch(/intervention 12: share/);
    await page.close();
  });

  it('shows a clear error naming the field when importing a bad file', async () => {
    const { page } = await open();
    await page.setInputFiles('[data-testid=import]', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: 'x', baseline: 'thurrock', years: 99 })) });
    expect(await page.locator('[data-testid=import-error]').innerText()).toMatch(/bad\.json:\s+years:/);
    await page.setInputFiles('[data-testid=import]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n "name": \n}') });
    expect(await page.locator('[data-testid=import-error]').innerText()).toMatch(/broken\.json: invalid JSON at line 3/);
    await page.close();
  });

  it('serves a CSP without inline script that the app runs under', () => {
    const html = readFileSync(join(root, 'web/dist/index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*src=)[^>]*>/);
  });
});
