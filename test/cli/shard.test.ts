// Batch runs past one machine: `--shard i/n` partial files merged by `capsim merge` give the bytes of a
// single-machine run, for any number of shards and workers.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';
import { parseShard, shardPairs } from '../../cli/shard.ts';

const root = new URL('../../', import.meta.url).pathname;

const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-shard-'));

/** Three short scenarios: one of 2,100 runs (three groups, past the exact-quantile limit), one of 1,200 (two groups), one of 120. */
function inputs(): string[] {
  const dir = tmp();
  const sizes: [string, number][] = [['do-nothing', 2100], ['strategy', 1200], ['hire-pharmacists', 120]];
  return sizes.map(([f, runs]) => {
    const s = JSON.parse(readFileSync(join(root, 'scenarios/examples', `${f}.json`), 'utf8'));
    const file = join(dir, `${f}.json`);
    writeFileSync(file, JSON.stringify({ ...s, runs, years: 2 }));
    return file;
  });
}

const files = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

async function sharded(args: string[], n: number, workers: string): Promise<Record<string, string>> {
  const parts = tmp(), out = tmp();
  for (let i = 1; i <= n; i++) expect((await cli(...args, '--shard', `${i}/${n}`, '--out', parts, '--workers', workers, '-q')).code).toBe(0);
  expect(readdirSync(parts)).toHaveLength(n);
  const m = await cli('merge', parts, '--out', out, '--force');
  expect(m.stderr).toContain(`merged ${n} shard(s)`);
  expect(m.code).toBe(0);
  return files(out);
}

describe('capsim batch --shard and capsim merge', () => {
  it('merges 1, 3 and 7 shards into exactly the bytes of one machine, split scenarios included', async () => {
    const scen = inputs();
    const one = tmp();
    expect((await cli('batch', ...scen, '--out', one, '--workers', '2', '-q')).code).toBe(0);
    const single = files(one);
    expect(Object.keys(single)).toEqual(['results.csv', 'summary.csv']);
    expect(single['summary.csv']!.split('\n')).toHaveLength(5);
    for (const [n, workers] of [[1, '0'], [3, '1'], [7, '0']] as const) {
      expect(await sharded(['batch', ...scen], n, workers)).toEqual(single);
    }
  }, 240_000);

  it('does the same for a sweep written as JSON files', async () => {
    const [file] = inputs().slice(1);
    const sweep = ['sweep', file!, '--vary', 'interventions[2].ftePerYear=1..3:1', '--runs', '1100', '--format', 'json'];
    const one = tmp();
    expect((await cli(...sweep, '--out', one, '--workers', '0', '-q')).code).toBe(0);
    const single = files(one);
    expect(Object.keys(single)).toHaveLength(4);
    expect(await sharded(sweep, 3, '0')).toEqual(single);
  }, 240_000);

  it('refuses to merge an incomplete, repeated, mixed or edited set, naming the file', async () => {
    const scen = inputs();
    const parts = tmp(), other = tmp();
    for (const i of [1, 2, 3]) await cli('batch', ...scen, '--runs', '60', '--shard', `${i}/3`, '--out', parts, '--workers', '0', '-q');
    await cli('batch', ...scen, '--runs', '61', '--shard', '1/3', '--out', other, '--workers', '0', '-q');
    const p = (i: number) => join(parts, `shard-${i}-of-3.json`);

    let r = await cli('merge', p(1), p(3), '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing shard(s) 2 of 3');
    r = await cli('merge', p(1), p(2), p(3), p(2), '--out', tmp());
    expect(r.stderr).toMatch(/shard 2 given twice/);
    r = await cli('merge', join(other, 'shard-1-of-3.json'), p(2), p(3), '--out', tmp());
    expect(r.stderr).toMatch(/from a different batch/);
    const edited = JSON.parse(readFileSync(p(2), 'utf8'));
    edited.jobs[0].runs = 5;
    writeFileSync(p(2), JSON.stringify(edited));
    r = await cli('merge', parts, '--out', tmp());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shard-2-of-3.json: its batch hash does not match');
    r = await cli('merge', tmp(), '--out', tmp());
    expect(r.stderr).toContain('no shard files');
  }, 120_000);

  it('parses i/n and gives every (scenario, group) pair to exactly one shard', () => {
    expect(parseShard('2/7')).toEqual({ index: 2, count: 7 });
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/i\/n/);
    const jobs = [{ runs: 2100 }, { runs: 50 }, { runs: 1000 }, { runs: 1001 }];
    for (const n of [1, 2, 3, 7, 11]) {
      const all = Array.from({ length: n }, (_, i) => shardPairs(jobs, { index: i + 1, count: n })).flat();
      expect(all).toEqual([{ job: 0, group: 0 }, { job: 0, group: 1 }, { job: 0, group: 2 }, { job: 1, group: 0 }, { job: 2, group: 0 }, { job: 3, group: 0 }, { job: 3, group: 1 }]);
    }
  });
});

describe('capsim explain and capsim sensitivity', () => {
  const strategy = join(root, 'scenarios/examples/strategy.json');
  it('explain prints a waterfall from doing nothing whose steps add up, in readable names', async () => {
    const r = await cli('explain', strategy, '--format', 'csv', '--permutations', '8');
    expect(r.code).toBe(0);
    const values = r.stdout.trim().split('\n').slice(1).map((l) => Number(l.slice(l.lastIndexOf(',') + 1)));
    const start = values[0]!, end = values.at(-1)!;
    const steps = values.slice(1, -1);
    expect(steps).toHaveLength(13); // the strategy's 13 interventions (model 4 adds recruit and retain)
    expect(steps.reduce((a, x) => a + x, 0)).toBeCloseTo(end - start, 4); // CSV keeps 6 decimals
    expect(r.stdout).toContain('Physician associate posts');
    const t = await cli('explain', strategy, '--permutations', '8');
    expect(t.stdout).toMatch(/^Do nothing\s+\d/m);
  }, 60_000);

  it('sensitivity prints the tornado and Sobol indices, and names a bad locality', async () => {
    const r = await cli('sensitivity', strategy, '--metric', 'accessFailure', '--top', '2', '--samples', '16');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Sobol indices of the top 2 \(N = 16/);
    expect(r.stdout).toContain('Growth in consultations per head each year');
    const bad = await cli('sensitivity', strategy, '--locality', 'nowhere');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--locality: unknown locality "nowhere"');
  }, 60_000);
});

describe('capsim solve', () => {
  it('gives the same answer in this thread and on two worker threads, and writes a scenario that loads', async () => {
    const file = join(root, 'scenarios/examples/do-nothing.json');
    // Levers start a year after the start (April 2016); with GP recruitment allowed past the default supply
    // limit, a 30% chance by 2018/19 is within reach.
    const args = ['solve', file, '--target', '0.3', '--year', '2018/19', '--max', 'gp=30,merge=0', '--candidate-runs', '16', '--format', 'json', '-q'];
    const a = await cli(...args, '--workers', '0');
    const b = await cli(...args, '--workers', '2');
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const r = JSON.parse(a.stdout);
    expect(r.schema).toBe('capsim/solve@1');
    expect(r.mixes.length).toBeGreaterThan(0);
    const out = join(tmp(), 'more.json');
    const w = await cli('solve', file, '--target', '0.3', '--year', '2018/19', '--max', 'gp=30,merge=0', '--candidate-runs', '16', '-q', '--workers', '0', '--write', out);
    expect(w.stdout).toMatch(/^Best: £[\d.]+m extra to 2018\/19/m);
    expect(w.stdout).toMatch(/^Levers from 2016-04; at most: Recruit 30 GP FTE a year; /m);
    expect((await cli('validate', out)).code).toBe(0);
    const bad = await cli('solve', file, '--target', '0.8', '--year', '2030/31');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--year/--from: the target year must be a financial year of the scenario, 2015/16 to 2024/25');
  }, 240_000);
});
