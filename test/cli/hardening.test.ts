// The CLI's hardening (issue 20, items 9-14) and its one policy (issue 21): each test failed on a255f4d.
// Scenario files here are the repository's examples or synthetic variants of them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';
import { batchHash, isJobId } from '../../cli/shard.ts';
import { openDb } from '../../store/db.ts';
import { SqliteStore } from '../../store/store.ts';

const root = new URL('../../', import.meta.url).pathname;
const ex = (f: string) => join(root, 'scenarios/examples', f);
const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-cli-hard-'));
const bin = join(root, 'cli/bin.mjs');
const example = JSON.parse(readFileSync(ex('do-nothing.json'), 'utf8'));
const write = (dir: string, name: string, body: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body));
  return f;
};

describe('9. outputs appear only when the whole command succeeded', () => {
  it('an interrupted batch --format json leaves no output file at all', async () => {
    const d = join(tmp(), 'out');
    const child = spawn(process.execPath, [bin, 'batch', join(root, 'scenarios/examples'), '--runs', '3000', '--workers', '1', '--format', 'json', '--out', d], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    // Interrupt once some scenarios are done (a progress line counting one), not after a fixed sleep.
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (b) => { err += b; if (/progress: .* [1-9]\d*\/\d+ scenarios/.test(err)) resolve(); });
      child.on('exit', () => resolve());
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(err).toContain('capsim: interrupted; no output was written');
    // The folder it created is removed again, with every temporary file.
    expect(existsSync(d) ? readdirSync(d) : []).toEqual([]);
  }, 120_000);

  it('db backup goes through a temporary file: a failed backup leaves nothing, a finished one opens', async () => {
    const d = tmp();
    const db = join(d, 'capsim.db');
    const store = new SqliteStore(openDb(db));
    store.create({ ...example }, { modelVersion: 'm', schemaVersion: 's', results: null });
    const missing = await cli('db', 'backup', join(d, 'b.db'), '--db', join(d, 'nope.db'));
    expect(missing.code).toBe(2);
    expect(existsSync(join(d, 'b.db'))).toBe(false);
    expect(readdirSync(d).filter((f) => f.includes('capsim-') && f.endsWith('.tmp'))).toEqual([]);
    const ok = await cli('db', 'backup', join(d, 'b.db'), '--db', db);
    expect(ok.code).toBe(0);
    expect([...new SqliteStore(openDb(join(d, 'b.db'))).all()]).toHaveLength(1);
  });

  it('checks that outputs can be written before computing, naming the output, not a temporary file', async () => {
    const d = tmp();
    const r = await cli('run', ex('strategy.json'), '--runs', '20000', '--workers', '0', '--out', join(d, 'no-such-folder', 'x.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`capsim: cannot write ${join(d, 'no-such-folder', 'x.json')}: the folder ${join(d, 'no-such-folder')} does not exist\n`);
    expect(r.stderr).not.toMatch(/\.tmp|progress: /);
  });
});

describe('10. validation accepts only what runs', () => {
  it('refuses a formula for demand.scale, which is fixed for a run', async () => {
    const f = write(tmp(), 's.json', { ...example, parameters: { 'demand.scale': '1 + t / 100' } });
    const v = await cli('validate', f);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain(`capsim: ${f}: parameters.demand.scale: this parameter is fixed for a whole run`);
  });
});

describe('11. sweep counts the grid before building it', () => {
  it('refuses a fine grid at once, without running out of memory', async () => {
    const r = await cli('sweep', ex('hire-pharmacists.json'), '--vary', 'interventions[0].ftePerYear=0..1000000:0.001', '--vary', 'parameters.demand.trend=0..0.05:0.00001', '--workers', '0', '--out', join(tmp(), 'o'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the grid has 5,001,000,005,001 combinations, more than capsim runs in one sweep/);
    const forced = await cli('sweep', ex('hire-pharmacists.json'), '--vary', 'interventions[0].ftePerYear=0..1000:1', '--vary', 'parameters.demand.trend=0..0.05:0.0001', '--force', '--workers', '0', '--out', join(tmp(), 'o'));
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/501,501 combinations/);
  });
});

describe('12. name clashes and overwrites', () => {
  it('refuses two scenarios that would write one output, before running', async () => {
    const a = join(tmp(), 'a'), b = join(tmp(), 'b');
    mkdirSync(a);
    mkdirSync(b);
    const fa = write(a, 'x.json', example), fb = write(b, 'x.json', { ...example, name: 'Other' });
    const out = join(tmp(), 'out');
    for (const format of ['json', 'csv']) {
      const r = await cli('batch', fa, fb, '--format', format, '--out', out, '--workers', '0', '--runs', '10', '-q');
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`capsim: ${fa} and ${fb} would both be written as x: give the scenarios distinct file names\n`);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('db export --out refuses to overwrite without --force', async () => {
    const d = tmp();
    const db = join(d, 'capsim.db');
    new SqliteStore(openDb(db)).create({ ...example }, { modelVersion: 'm', schemaVersion: 's', results: null });
    const out = write(d, 'export.jsonl', 'keep me');
    const r = await cli('db', 'export', '--db', db, '--out', out);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await cli('db', 'export', '--db', db, '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^\{"deleted":false,"id":/);
  });
});

describe('issue 32: --workers never starts more threads than the cores', () => {
  it('takes a larger --workers as the number of cores, and the run is the same bytes', async () => {
    const { workersOption } = await import('../../cli/policy.ts');
    const { availableParallelism } = await import('node:os');
    const parse = workersOption().parseArg as (v: string, prev: unknown) => number;
    expect(parse('300', undefined)).toBe(availableParallelism());
    expect(parse('1', undefined)).toBe(Math.min(1, availableParallelism()));
    expect(() => parse('-1', undefined)).toThrow(/--workers must be a whole number >= 0/);
    const many = await cli('run', ex('do-nothing.json'), '--runs', '40', '--workers', '300', '--format', 'json', '-q');
    const one = await cli('run', ex('do-nothing.json'), '--runs', '40', '--workers', '0', '--format', 'json', '-q');
    expect(many.code, many.stderr).toBe(0);
    expect(many.stdout).toBe(one.stdout);
  }, 120_000);
});

describe('13. merge refuses edited shards, naming the file', () => {
  const shards = async () => {
    const parts = tmp();
    // Three scenarios of two groups each over two shards: shard 1 holds one whole and one half of another.
    const scen = [ex('do-nothing.json'), ex('strategy.json'), ex('divert-ae.json')];
    for (const i of [1, 2]) expect((await cli('batch', ...scen, '--runs', '1100', '--shard', `${i}/2`, '--out', parts, '--workers', '0', '-q')).code).toBe(0);
    return parts;
  };

  it('an edited result value, truncated partial sums or a broken shape', async () => {
    const parts = await shards();
    const file = join(parts, 'shard-1-of-2.json');
    const original = readFileSync(file, 'utf8');
    const s = JSON.parse(original);
    const whole = s.items.findIndex((it: { result?: unknown }) => it.result);
    const part = s.items.findIndex((it: { partial?: unknown }) => it.partial);
    expect(whole).toBeGreaterThanOrEqual(0);
    expect(part).toBeGreaterThanOrEqual(0);
    const edited = structuredClone(s);
    edited.items[whole].result.total.metrics.gpFteGap[0].p50 += 1;
    writeFileSync(file, JSON.stringify(edited));
    let r = await cli('merge', parts, '--out', join(tmp(), 'o'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`capsim: ${file}: item ${whole + 1} (`);
    expect(r.stderr).toContain('was changed after the shard wrote it');
    const truncated = structuredClone(s);
    truncated.items[part].partial.sums = truncated.items[part].partial.sums.slice(0, 40);
    writeFileSync(file, JSON.stringify(truncated));
    r = await cli('merge', parts, '--out', join(tmp(), 'o'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`capsim: ${file}: item ${part + 1} (`);
    writeFileSync(file, JSON.stringify({ ...s, items: 7 }));
    r = await cli('merge', parts, '--out', join(tmp(), 'o'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`capsim: ${file}: items is missing or malformed (edited or damaged); rerun the shard\n`);
    writeFileSync(file, original);
    expect((await cli('merge', parts, '--out', join(tmp(), 'o'))).code).toBe(0);
  }, 120_000);

  it('a job id that would write outside --out, even with its hashes forged (issue 32)', async () => {
    const parts = tmp();
    const scen = [ex('do-nothing.json'), ex('divert-ae.json')];
    for (const i of [1, 2]) expect((await cli('batch', ...scen, '--runs', '20', '--format', 'json', '--shard', `${i}/2`, '--out', parts, '--workers', '0', '-q')).code).toBe(0);
    const out = join(tmp(), 'o');
    for (const i of [1, 2]) {
      const file = join(parts, `shard-${i}-of-2.json`);
      const s = JSON.parse(readFileSync(file, 'utf8'));
      s.jobs[0].id = '../escaped';
      s.batch = batchHash(s.command, s.format, s.header, s.jobs);
      writeFileSync(file, JSON.stringify(s));
    }
    const r = await cli('merge', parts, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/job id "\.\.\/escaped" is not a file name/);
    expect(existsSync(join(out, '..', 'escaped.json'))).toBe(false);
    expect(isJobId('do-nothing')).toBe(true);
    for (const bad of ['..', '.', 'a/b', 'a\\b', 'a\u0000', '']) expect(isJobId(bad), bad).toBe(false);
  }, 120_000);
});

describe('14. names, paths and bytes from files are data', () => {
  it('--vary cannot reach the prototype, and a path must follow the grammar', async () => {
    const before = ({} as Record<string, unknown>).polluted;
    for (const vary of ['__proto__.polluted=1,2', 'constructor.prototype.polluted=1', 'interventions[-1].ftePerYear=1,2', 'interventions[0]..ftePerYear=1']) {
      const r = await cli('sweep', ex('hire-pharmacists.json'), '--vary', vary, '--workers', '0', '--out', join(tmp(), 'o'));
      expect(r.code, vary).toBe(2);
      expect(r.stderr, vary).toMatch(/is not a (scenario field|path)/);
    }
    expect(({} as Record<string, unknown>).polluted).toBe(before);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('refuses "__proto__" keys in a scenario rather than ignoring them', async () => {
    const d = tmp();
    const f = write(d, 'p.json', `{"name":"p","baseline":"thurrock","parameters":{"__proto__":{"demand.trend":0.5}}}`);
    const r = await cli('validate', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}: parameters.__proto__: "__proto__" is not a scenario field`);
  });

  it('prints a name with terminal escapes harmlessly, and a name starting with = as text in CSV', async () => {
    const d = tmp();
    const f = write(d, 'esc.json', { ...example, name: '=HYPERLINK("http://x")\u001b[2J\u001b]0;pwned\u0007' });
    const t = await cli('run', f, '--runs', '10', '--workers', '0', '--format', 'table', '-q');
    expect(t.code).toBe(0);
    expect(t.stdout).not.toContain('\u001b');
    expect(t.stdout).toContain('\\u001b[2J');
    const out = join(d, 'out');
    expect((await cli('batch', f, '--runs', '10', '--workers', '0', '--out', out, '-q')).code).toBe(0);
    const row = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n')[1]!;
    expect(row.split(',')[1]).toBe('"\'=HYPERLINK(""http://x"")\u001b[2J\u001b]0;pwned\u0007"');
  });

  it('reads a file with a UTF-8 byte order mark, as the API does', async () => {
    const f = write(tmp(), 'bom.json', `\uFEFF${JSON.stringify(example)}`);
    const r = await cli('validate', f);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${f}: ok`);
  });

  it('refuses to validate an empty folder', async () => {
    const d = tmp();
    const r = await cli('validate', d);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`capsim: no scenario files (*.json) in the folder ${d}\n`);
  });
});

describe('one CLI policy', () => {
  it('prints its version and its model', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^capsim \d+\.\d+\.\d+ \(capsim-model@4\)\n$/);
  });

  it('ends quietly with status 0 when the reader of its output goes away', () => {
    for (const args of [['run', ex('do-nothing.json'), '--runs', '200', '--workers', '0'], ['validate', join(root, 'scenarios/examples')]]) {
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" ${args.map((a) => `'${a}'`).join(' ')} | head -c 10 >/dev/null`], { encoding: 'utf8' });
      expect(r.stderr, args[0]).not.toMatch(/EPIPE|\n\s+at /);
      expect(r.status, args[0]).toBe(0);
    }
  });

  it('takes -q on every command, --out and --force where it writes, and JSON with a schema id', async () => {
    const help = async (...c: string[]) => (await cli(...c, '--help')).stdout;
    for (const c of [['run'], ['batch'], ['compare'], ['sweep'], ['sensitivity'], ['explain'], ['solve'], ['merge'], ['validate'], ['db', 'backup'], ['db', 'export']]) {
      const h = await help(...c);
      expect(h, c.join(' ')).toContain('-q, --quiet');
      if (c[0] !== 'validate') expect(h, c.join(' ')).toContain('--force');
    }
    for (const c of ['explain', 'sensitivity', 'solve']) expect(await help(c), c).toContain('--workers <w>');
    const e = JSON.parse((await cli('explain', ex('strategy.json'), '--format', 'json', '--workers', '0', '-q')).stdout);
    expect(e.schema).toBe('capsim/explain@1');
    const s = JSON.parse((await cli('sensitivity', ex('hire-pharmacists.json'), '--format', 'json', '--top', '0', '--workers', '1', '-q')).stdout);
    expect(s.schema).toBe('capsim/sensitivity@1');
    const old = await cli('solve', ex('do-nothing.json'), '--target', '0.5', '--year', '2018/19', '--runs', '10');
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/^capsim: error: .*use --candidate-runs/);
  }, 120_000);
});

describe('issue 19 #21: Sobol indices that contradict each other say why', () => {
  it('adds the sampling-error caveat when a first order exceeds its total', async () => {
    const r = await cli('sensitivity', ex('strategy.json'), '--top', '4', '--samples', '64', '--workers', '0', '-q');
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => /\s\d\.\d\d\s+-?\d\.\d\d$/.test(l)).map((l) => l.trim().split(/\s+/).slice(-2).map(Number));
    expect(rows).toHaveLength(4);
    // The run's own figures are inconsistent (deterministic for the scenario's seed), so the caveat must show.
    expect(rows.some(([first, total]) => first! > total! + 0.02)).toBe(true);
    expect(r.stdout).toContain('These carry sampling error at N = 64');
  }, 120_000);
});
