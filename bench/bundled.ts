/**
 * Run a benchmark the way the engine runs in production: bundled into one module by esbuild (as Vite
 * bundles the browser worker and node/bundle.ts the CLI's worker threads), then started with plain node.
 * Usage: tsx bench/bundled.ts bench/engine.bench.ts [args...]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry) throw new Error('usage: tsx bench/bundled.ts ENTRY [args...]');
const outfile = join(mkdtempSync(join(tmpdir(), 'capsim-bench-')), 'bench.mjs');
await build({ entryPoints: [resolve(entry)], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, mainFields: ['module', 'main'], packages: 'bundle', logLevel: 'error' });
const r = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit', env: { ...process.env, CAPSIM_ROOT: resolve(new URL('..', import.meta.url).pathname) } });
process.exit(r.status ?? 1);
