/**
 * Server load test (npm run bench:server): the server in one process, autocannon in this one, on
 * loopback. Targets: GET of a version >= 5,000 req/s with p99 < 20 ms; POST >= 500 req/s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const root = new URL('../', import.meta.url).pathname;
const body = readFileSync(join(root, 'scenarios/examples/strategy.json'), 'utf8');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
  env: { ...process.env, PORT: '0', CAPSIM_DB: join(mkdtempSync(join(tmpdir(), 'capsim-bench-')), 'capsim.db'), CAPSIM_WRITES_PER_MINUTE: '100000000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise<string>((resolve) => {
  let out = '';
  child.stdout!.on('data', (b) => { out += b; const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out); if (m) resolve(m[1]!); });
});
const created = await (await fetch(`${base}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();

async function load(title: string, opts: autocannon.Options) {
  const r = await autocannon({ connections: 20, duration: 8, ...opts });
  const ok = r['2xx'];
  console.log(`${title}: ${Math.round(r.requests.average).toLocaleString('en-GB')} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${ok} ok, ${r.non2xx} non-2xx, ${r.errors} errors`);
}

console.log(`capsim server bench (autocannon, 20 connections, 8 s each, loopback)`);
await load('warm-up GET', { url: `${base}/api/scenarios/${created.id}/versions/1`, duration: 2 });
await load('GET /api/scenarios/:id/versions/1   [target >= 5,000 req/s, p99 < 20 ms]', { url: `${base}/api/scenarios/${created.id}/versions/1` });
await load('POST /api/scenarios                 [target >= 500 req/s]', { url: `${base}/api/scenarios`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
child.kill('SIGTERM');
