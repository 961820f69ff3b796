// The CLI's third round of hardening (issue 32): a locked output folder, a streamed export, prune of unused
// baselines, bounded input depth and no reads of devices. Each test fails on e1bcbf0. Scenario files are the
// repository's examples or synthetic variants of them; the stored baselines are SYNTHETIC.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';
import { FOLDER_LOCK } from '../../cli/policy.ts';
import { canonicalJson, baselineKey } from '../../engine/index.ts';
import { openDb } from '../../store/db.ts';
import { SqliteStore } from '../../store/store.ts';
import { wideBaseline } from '../server/wide-baseline.ts';

const root = new URL('../../', import.meta.url).pathname;
const ex = (f: string) => join(root, 'scenarios/examples', f);
const tmp = () => mkdtempSync(join(tmpdir(), 'capsim-cli-bounds-'));
const example = JSON.parse(readFileSync(ex('do-nothing.json'), 'utf8'));

describe('an output folder is held while a command writes it', () => {
  it('refuses a second command on the same --out while the first runs, naming its process, and leaves the first\'s set whole', async () => {
    const d = join(tmp(), 'out');
    const first = spawn(process.execPath, [join(root, 'cli/bin.mjs'), 'batch', join(root, 'scenarios/examples'), '--runs', '400', '--workers', '1', '--out', d], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    // Wait for the lock itself (the first command's readiness), never a fixed sleep.
    await new Promise<void>((resolve, reject) => {
      first.stderr.on('data', (b) => { err += b; });
      const poll = setInterval(() => {
        if (existsSync(join(d, FOLDER_LOCK))) { clearInterval(poll); resolve(); }
      }, 20);
      first.on('exit', () => { clearInterval(poll); reject(new Error(`the first command ended before it locked: ${err}`)); });
    });
    const second = await cli('batch', ex('do-nothing.json'), '--runs', '2', '--out', d, '--force');
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`the output folder ${d} is being written by another capsim (process ${first.pid})`);
    const code = await new Promise<number | null>((r) => first.on('exit', (c) => r(c)));
    expect(code, err).toBe(0);
    const files = readdirSync(d);
    expect(files).not.toContain(FOLDER_LOCK);
    expect(files.sort()).toEqual(['results.csv', 'summary.csv']);
    // Free again: the next command writes.
    expect((await cli('batch', ex('do-nothing.json'), '--runs', '2', '--out', d, '--force')).code).toBe(0);
  }, 300_000);

  it('takes over a lock left by a process that no longer runs', async () => {
    const d = tmp();
    writeFileSync(join(d, FOLDER_LOCK), '2147483646\n');
    const r = await cli('batch', ex('do-nothing.json'), '--runs', '2', '--out', d);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(d)).not.toContain(FOLDER_LOCK);
  });
});

describe('capsim db', () => {
  it('exports a line at a time to a file, and prunes stored baselines no version uses', async () => {
    const dir = tmp();
    const path = join(dir, 'live.db');
    const store = new SqliteStore(openDb(path), () => new Date(Date.now() - 3 * 86_400_000));
    const used = wideBaseline(2, 'used'), unused = wideBaseline(2, 'unused');
    store.putBaseline(baselineKey(used), canonicalJson(used));
    store.putBaseline(baselineKey(unused), canonicalJson(unused));
    for (let i = 0; i < 30; i++) store.create({ name: `v${i}`, baseline: baselineKey(used) } as { name: string }, { modelVersion: 'm', schemaVersion: 's', results: `{"runs":${i}}` });
    const out = join(dir, 'export.jsonl');
    expect((await cli('db', 'export', '--db', path, '--out', out)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.results.runs)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const r = await cli('db', 'prune-baselines', '--db', path);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/removed 1 stored baseline\(s\) no version uses .*unused@[0-9a-f]{12}…/);
    const after = new SqliteStore(openDb(path));
    expect(after.baseline(baselineKey(unused))).toBeNull();
    expect(after.baseline(baselineKey(used))).not.toBeNull();
  });
});

describe('inputs are bounded', () => {
  it('refuses a scenario nested a million levels deep at once, naming the file and the place', async () => {
    const f = join(tmp(), 'deep.json');
    writeFileSync(f, `{"name":"x","interventions":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`);
    const r = await cli('validate', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}: (file): JSON nested more than 64 levels deep at line 1, column 92`);
  });

  it('refuses a baseline path that is a device or a folder instead of reading it', async () => {
    const d = tmp();
    for (const [target, why] of [['/dev/zero', 'a device, pipe or socket'], [d, 'a folder']] as const) {
      const f = join(d, `on-${why.length}.json`);
      writeFileSync(f, JSON.stringify({ ...example, baseline: target.startsWith('/') ? target : `./${target}` }));
      const r = await cli('validate', f);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${target}: not a regular file (${why})`);
    }
  });
});
