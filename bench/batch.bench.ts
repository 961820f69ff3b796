/**
 * Batch speed (npm run bench -- batch part): 20 scenarios x 1,000 runs of the mid and south Essex baseline
 * through `capsim batch`, with 1 and 2 worker threads. Target: 2 workers at least 1.8 x faster than 1.
 * Peak memory is the largest resident set of the process tree, sampled every 50 ms from /proc.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const runs = Number(process.env.BENCH_RUNS ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'capsim-batch-bench-'));
const base = JSON.parse(readFileSync(join(root, 'scenarios/examples/mse-do-nothing.json'), 'utf8'));
for (let i = 0; i < 20; i++) {
  writeFileSync(join(dir, `s${String(i).padStart(2, '0')}.json`), JSON.stringify({
    ...base, name: `MSE variant ${i}`, runs,
    interventions: [{ type: 'hireAhp', role: 'pharmacist', ftePerYear: i, maxFte: 4 * i + 1 }, { type: 'merge', groups: 'auto' }],
  }));
}

function treeRss(pid: number): number {
  let total = 0;
  const kids = new Map<number, number[]>();
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(p)]);
    } catch { /* gone */ }
  }
  const walk = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      total += m ? Number(m[1]) * 1024 : 0;
    } catch { /* gone */ }
    for (const k of kids.get(p) ?? []) walk(k);
  };
  walk(pid);
  return total;
}

async function batch(workers: number): Promise<{ s: number; peak: number }> {
  const out = mkdtempSync(join(tmpdir(), 'capsim-batch-out-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'cli/bin.mjs'), 'batch', dir, '--workers', String(workers), '--out', out, '-q'], { stdio: ['ignore', 'inherit', 'ignore'] });
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 50);
  await new Promise((r) => child.on('exit', r));
  clearInterval(timer);
  return { s: (performance.now() - t0) / 1000, peak };
}

console.log(`capsim batch bench: 20 scenarios x ${runs} runs, mid and south Essex (188 practices)`);
const one = await batch(1);
console.log(`1 worker : ${one.s.toFixed(1)} s, peak RSS ${(one.peak / 2 ** 20).toFixed(0)} MB`);
const two = await batch(2);
console.log(`2 workers: ${two.s.toFixed(1)} s, peak RSS ${(two.peak / 2 ** 20).toFixed(0)} MB`);
console.log(`speed-up : ${(one.s / two.s).toFixed(2)} x   [target >= 1.85 x, issue 12]`);
