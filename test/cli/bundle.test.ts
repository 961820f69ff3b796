// The published entry runs bundled JavaScript (issue 30): built by npm ci's prepare step or on first run,
// rebuilt when a source is newer, and without mathjs until a formula needs it. Start-up times are measured
// by npm run bench (bench/cli.bench.ts), not asserted here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE, ensureBuilt, isStale } from '../../scripts/build-cli.mjs';

const root = new URL('../../', import.meta.url).pathname;

describe('the bundled CLI', () => {
  it('answers through the bundle, which loads no mathjs at start', async () => {
    await ensureBuilt();
    const r = spawnSync(process.execPath, [join(root, 'cli/bin.mjs'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^capsim \d+\.\d+\.\d+ \(capsim-model@4\)/);
    const text = readFileSync(BUNDLE, 'utf8');
    expect(text).not.toMatch(/from\s+"mathjs/);
    expect(text).not.toContain('"tsx');
  });

  it('is stale once any source is newer than it, and fresh again when none is', async () => {
    await ensureBuilt();
    expect(isStale()).toBe(false);
    const source = join(root, 'engine/types.ts');
    const { atime, mtime } = statSync(source);
    try {
      utimesSync(source, atime, new Date(statSync(BUNDLE).mtimeMs + 60_000));
      expect(isStale()).toBe(true);
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(isStale()).toBe(false);
  });

  it('runs a scenario with a formula the same through the bundle as in-process (mathjs loaded when needed)', () => {
    const scenario = { ...JSON.parse(readFileSync(join(root, 'scenarios/examples/do-nothing.json'), 'utf8')), parameters: { 'demand.trend': '0.01 + 0.002 * year' } };
    // A synthetic variant of the example.
    const file = join(mkdtempSync(join(tmpdir(), 'capsim-formula-')), 'formula.json');
    writeFileSync(file, JSON.stringify(scenario));
    const run = (workers: string) => spawnSync(process.execPath, [join(root, 'cli/bin.mjs'), 'run', file, '--runs', '60', '--format', 'csv', '--workers', workers], { encoding: 'utf8' });
    const inThread = run('0'), pooled = run('2');
    expect(inThread.status, inThread.stderr).toBe(0);
    expect(pooled.stdout).toBe(inThread.stdout);
    expect(inThread.stdout.split('\n').length).toBeGreaterThan(100);
  });
});
