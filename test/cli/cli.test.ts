// The capsim program in-process (captured output, exit codes) and as a real subprocess.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';
import { METRICS } from '../../engine/index.ts';
import { RESULT_SCHEMA_ID } from '../../engine/internal.ts';

const root = new URL('../../', import.meta.url).pathname;
const ex = (f: string) => join(root, 'scenarios/examples', f);

const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-cli-'));
const bad = (dir: string, name: string, json: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof json === 'string' ? json : JSON.stringify(json));
  return f;
};

describe('capsim run', () => {
  it('prints the result JSON (docs/model.md, "Results"), in one shape for any number of scenarios', async () => {
    const r = await cli('run', ex('do-nothing.json'), '--runs', '60', '--workers', '0');
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout);
    expect(all.schema).toBe('capsim/run@1');
    expect(all.results).toHaveLength(1);
    const two = JSON.parse((await cli('run', ex('do-nothing.json'), ex('strategy.json'), '--runs', '20', '--workers', '0', '-q')).stdout);
    expect(Object.keys(two)).toEqual(Object.keys(all));
    expect(two.results).toHaveLength(2);
    const j = all.results[0];
    expect(j.schema).toBe(RESULT_SCHEMA_ID);
    expect(j.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(j.periods[0]).toBe('2015/16');
    expect(j.periods).toHaveLength(10);
    expect(j.localities.map((l: { id: string }) => l.id)).toEqual(['corringham', 'grays', 'ockendon', 'tilbury']);
    expect(Object.keys(j.total.metrics)).toContain('fte.pharmacist');
    expect(j.total.start.population).toBe(169745);
  });

  it('prints a readable final-year table and long CSV', async () => {
    const t = await cli('run', ex('strategy.json'), '--runs', '60', '--workers', '0', '--format', 'table');
    expect(t.stdout).toMatch(/2024\/25/);
    expect(t.stdout).toMatch(/patientsPerGpFte/);
    const c = await cli('run', ex('strategy.json'), '--runs', '60', '--workers', '0', '--format', 'csv');
    const lines = c.stdout.trim().split('\n');
    expect(lines[0]).toBe('scenario,area,locality,period,metric,mean,p10,p50,p90');
    expect(lines).toHaveLength(1 + 5 * 10 * METRICS.length);
  });

  it('rejects invalid files with the file, JSON path and reason, exit 2, nothing written', async () => {
    const d = tmp();
    const f = bad(d, 'neg.json', { name: 'x', baseline: 'thurrock', interventions: [{ type: 'upskillNurses', perYear: -1 }] });
    const g = bad(d, 'syntax.json', '{\n  "name": "x",\n  "baseline": \n}');
    const out = join(d, 'out.json');
    const r = await cli('run', f, g, '--out', out, '--workers', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}: interventions[0].perYear:`);
    expect(r.stderr).toMatch(new RegExp(`${g}: \\(file\\): invalid JSON at line 4`));
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to overwrite an output without --force', async () => {
    const d = tmp();
    const out = bad(d, 'out.json', 'keep me');
    const r = await cli('run', ex('do-nothing.json'), '--runs', '10', '--workers', '0', '--out', out);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await cli('run', ex('do-nothing.json'), '--runs', '10', '--workers', '0', '--out', out, '--force', '-q')).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).results[0].runs).toBe(10);
  });
});

describe('capsim batch', () => {
  it('runs every scenario of a folder, writes results.csv and summary.csv, reports failures but runs the others', async () => {
    const d = tmp();
    const inputs = tmp();
    for (const f of ['do-nothing.json', 'strategy.json']) writeFileSync(join(inputs, f), readFileSync(ex(f)));
    bad(inputs, 'broken.json', { name: 'b', baseline: 'thurrock', years: 99 });
    const r = await cli('batch', inputs, '--out', d, '--runs', '60', '--workers', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.json: years:');
    const summary = readFileSync(join(d, 'summary.csv'), 'utf8').trim().split('\n');
    expect(summary).toHaveLength(3);
    expect(summary[0]).toContain('gp_fte_gap_p50');
    expect(summary.slice(1).map((l) => l.split(',')[0])).toEqual(['do-nothing', 'strategy']);
    const results = readFileSync(join(d, 'results.csv'), 'utf8').trim().split('\n');
    expect(results).toHaveLength(1 + 2 * 5 * 10 * METRICS.length);
    expect(readdirSync(d).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('writes one JSON per scenario with --format json', async () => {
    const d = tmp();
    const r = await cli('batch', ex('do-nothing.json'), ex('merge-localities.json'), '--out', d, '--runs', '20', '--workers', '0', '--format', 'json');
    expect(r.code).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['do-nothing.json', 'merge-localities.json', 'summary.csv']);
  });
});

describe('capsim compare and sweep', () => {
  it('compares against the first scenario on common random numbers', async () => {
    const r = await cli('compare', ex('do-nothing.json'), ex('traditional-45-gps.json'), '--runs', '60', '--workers', '0', '--format', 'json');
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout);
    expect(all.schema).toBe('capsim/compare@1');
    const [c] = all.comparisons;
    const gap = c.total.metrics.gpFteGap.at(-1);
    expect(gap.mean).toBeLessThan(0);
    expect(gap.pBetter).toBeGreaterThan(0.9);
    const t = await cli('compare', ex('do-nothing.json'), ex('traditional-45-gps.json'), '--runs', '30', '--workers', '0');
    expect(t.stdout).toMatch(/P\(better\)/);
  });

  it('runs the Cartesian product with the varied values as columns, and refuses grids above --max', async () => {
    const d = tmp();
    const r = await cli('sweep', ex('hire-pharmacists.json'), '--vary', 'interventions[0].ftePerYear=0..8:4', '--vary', 'parameters.demand.trend=0.01,0.02', '--runs', '20', '--workers', '0', '--out', d);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/6 combination/);
    const rows = readFileSync(join(d, 'summary.csv'), 'utf8').trim().split('\n');
    expect(rows[0]!.startsWith('interventions[0].ftePerYear,parameters.demand.trend,scenario')).toBe(true);
    expect(rows.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['0,0.01', '0,0.02', '4,0.01', '4,0.02', '8,0.01', '8,0.02']);
    const refused = await cli('sweep', ex('hire-pharmacists.json'), '--vary', 'interventions[0].ftePerYear=0..100:1', '--max', '50', '--workers', '0', '--out', tmp());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/101 combinations, more than --max 50/);
  });

  it('reports a sweep value that makes the scenario invalid, naming the path', async () => {
    const r = await cli('sweep', ex('hire-pharmacists.json'), '--vary', 'interventions[0].fillRate=0.5,1.5', '--runs', '10', '--workers', '0', '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/interventions\[0\]\.fillRate/);
  });
});

describe('capsim validate and help', () => {
  it('validates files without running them', async () => {
    const ok = await cli('validate', join(root, 'scenarios/examples'));
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n').filter((l) => l.endsWith(')')).length).toBeGreaterThanOrEqual(11);
    const d = tmp();
    const r = await cli('validate', bad(d, 'x.json', { name: 'x', baseline: 'thurrock', parameters: { 'demand.trend': 'process.exit()' } }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/parameters\.demand\.trend: formula may not (use accessor|call)/);
  });

  it('has help with examples for the program and each command', async () => {
    const h = await cli('--help');
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Examples:/);
    const b = await cli('batch', '--help');
    expect(b.stdout).toMatch(/capsim batch scenarios\/examples/);
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('capsim as a subprocess (npx capsim)', () => {
  const bin = join(root, 'cli/bin.mjs');
  it('gives identical results with 1 and 2 worker threads', () => {
    const run = (w: string) => spawnSync(process.execPath, [bin, 'run', ex('strategy.json'), '--runs', '200', '--workers', w, '-q'], { encoding: 'utf8' });
    const one = run('1'), two = run('2');
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('gives identical batch files with 1 and 2 workers (whole jobs per worker)', () => {
    const outs = ['1', '2'].map((w) => {
      const d = tmp();
      const r = spawnSync(process.execPath, [bin, 'batch', ex('do-nothing.json'), ex('merge-localities.json'), ex('divert-ae.json'), ex('care-navigation.json'), '--runs', '100', '--workers', w, '--out', d, '-q'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      return readFileSync(join(d, 'results.csv'), 'utf8') + readFileSync(join(d, 'summary.csv'), 'utf8');
    });
    expect(outs[1]).toBe(outs[0]);
    const inProcess = tmp();
    return cli('batch', ex('do-nothing.json'), ex('merge-localities.json'), ex('divert-ae.json'), ex('care-navigation.json'), '--runs', '100', '--workers', '0', '--out', inProcess, '-q').then(() => {
      expect(readFileSync(join(inProcess, 'results.csv'), 'utf8') + readFileSync(join(inProcess, 'summary.csv'), 'utf8')).toBe(outs[0]);
    });
  });

  it('prints help through npx', () => {
    const r = spawnSync('npx', ['--no-install', 'capsim', '--help'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: capsim/);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('leaves no partial file when interrupted with %s', async (signal) => {
    const d = tmp();
    // Scenarios of 4,000 runs each: the first finishes (and prints progress) in seconds, the whole batch takes far longer.
    const child = spawn(process.execPath, [bin, 'batch', join(root, 'scenarios/examples'), '--runs', '4000', '--workers', '2', '--out', d], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    // Interrupt once the run has started (its first progress line), however long start-up takes.
    const started = new Promise<void>((resolve) => {
      child.stderr.on('data', (b) => { err += b; if (/progress: /.test(err)) resolve(); });
      child.on('exit', () => resolve()); // an early exit fails the assertions below instead of hanging
    });
    await started;
    child.kill(signal);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(err).toMatch(/interrupted/);
    expect(readdirSync(d)).toEqual([]);
  }, 180_000);
});
