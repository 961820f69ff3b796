/**
 * Why a worker copies its block results back instead of transferring them (engine/worker.ts), and what the
 * worker path costs now (npm run bench:worker). Node 20's V8 keeps one flag per thread that no ArrayBuffer has
 * ever been detached; the first transfer clears it, every function reading typed arrays is deoptimised and
 * recompiled with a detach check on each access. Timed here in fresh processes, alternately: 300 Monte Carlo
 * runs of mid and south Essex with no buffer ever detached, and the same after detaching one 8-byte buffer.
 * Then the real path: `capsim run` of the example mid and south Essex scenario (1,000 runs) in one worker
 * thread against this thread (--workers 1 and 0, one core each where taskset exists).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../engine/index.ts';
import { blocksOf, buildPlan, runBlock } from '../engine/internal.ts';
import { BASELINES } from '../scenarios/baselines.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

if (process.argv[2] === '--child') {
  if (process.argv[3] === 'detach') { const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] }); }
  const loaded = loadScenario({ name: 'mse', baseline: 'mse' }, BASELINES);
  if (!loaded.ok) throw new Error('invalid');
  const plan = buildPlan(loaded.value, BASELINES['mse']!);
  runBlock([plan], 1, 0, 20, 300); // warm up
  const t0 = performance.now();
  for (const b of blocksOf(300)) runBlock([plan], 1, b.firstRun, b.count, 300);
  console.log((performance.now() - t0).toFixed(0));
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
const child = (mode: string) => Number(spawnSync(process.execPath, [...(self.endsWith('.ts') ? ['--import', 'tsx'] : []), self, '--child', mode], { encoding: 'utf8' }).stdout.trim());
const times: Record<string, number[]> = { keep: [], detach: [] };
for (let i = 0; i < 5; i++) for (const mode of ['keep', 'detach']) times[mode]!.push(child(mode));
console.log(`capsim worker bench: 300 Monte Carlo runs of mid and south Essex, median of 5 alternate fresh processes`);
console.log(`  no buffer ever detached: ${median(times.keep!)} ms; after one buffer detached: ${median(times.detach!)} ms (${(median(times.detach!) / median(times.keep!)).toFixed(2)} x)`);

const root = process.env.CAPSIM_ROOT ?? fileURLToPath(new URL('../', import.meta.url));
const oneCore = existsSync('/usr/bin/taskset') ? ['/usr/bin/taskset', '-c', '0'] : [];
const out = join(mkdtempSync(join(tmpdir(), 'capsim-worker-bench-')), 'out.json');
const cli = (workers: number) => {
  const cmd = [...oneCore, process.execPath, join(root, 'cli/bin.mjs'), 'run', join(root, 'scenarios/examples/mse-do-nothing.json'), '--workers', String(workers), '--out', out, '--force', '-q'];
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return (performance.now() - t0) / 1000;
};
const cliTimes: Record<number, number[]> = { 0: [], 1: [] };
for (let i = 0; i < 3; i++) for (const w of [1, 0]) cliTimes[w]!.push(cli(w));
console.log(`  capsim run mse-do-nothing.json (1,000 runs), median of 3: one worker thread ${median(cliTimes[1]!).toFixed(2)} s, this thread ${median(cliTimes[0]!).toFixed(2)} s`);
