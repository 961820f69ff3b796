/**
 * CLI start-up (npm run bench, issue 30): wall time of the published entry, medians of 7 alternating runs.
 * Targets: `capsim --version` under 0.3 s; `capsim run scenarios/examples/do-nothing.json --runs 1` under 1 s.
 * The bundle is built first (as npm ci's prepare step does), so no run pays for building it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt } from '../scripts/build-cli.mjs';

const root = new URL('../', import.meta.url).pathname;
await ensureBuilt();
const commands: [string, string[], number][] = [
  ['capsim --version', ['--version'], 0.3],
  ['capsim run do-nothing.json --runs 1', ['run', join(root, 'scenarios/examples/do-nothing.json'), '--runs', '1'], 1],
];
const times = commands.map(() => [] as number[]);
for (let round = 0; round < 7; round++) {
  commands.forEach(([, args], i) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'cli/bin.mjs'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    times[i]!.push((performance.now() - t0) / 1000);
  });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('capsim CLI start-up (bundled entry, wall time, median of 7 alternating runs)');
commands.forEach(([title, , target], i) => console.log(`${title.padEnd(40)} ${median(times[i]!).toFixed(2)} s   [target < ${target} s]`));
