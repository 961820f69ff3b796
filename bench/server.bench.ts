/**
 * Server load test (npm run bench:server): the server in one process, autocannon in this one, on
 * loopback. Targets: GET of a version >= 5,000 req/s with p99 < 20 ms; POST >= 500 req/s; with a
 * 6,000-locality baseline (SYNTHETIC) saved and read by six clients at once, health p95 < 100 ms and the
 * server's peak memory under the README's bound (3 GB).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { wideBaseline } from '../test/server/wide-baseline.ts';
import { callFrom as callFromAt } from '../test/server/call-from.ts';

const root = new URL('../', import.meta.url).pathname;
const body = readFileSync(join(root, 'scenarios/examples/strategy.json'), 'utf8');
const doNothing = readFileSync(join(root, 'scenarios/examples/do-nothing.json'), 'utf8');
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
  env: { ...process.env, PORT: '0', CAPSIM_DB: join(mkdtempSync(join(tmpdir(), 'capsim-bench-')), 'capsim.db'), CAPSIM_WRITES_PER_MINUTE: '1000000', CAPSIM_READS_PER_MINUTE: '1000000', CAPSIM_SAVED_RUNS: '2' },
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

const callFrom = (localAddress: string, path: string, payload?: string) => callFromAt(base, localAddress, path, payload);

async function wideLoad() {
  const wide = JSON.stringify(wideBaseline(6000));
  const clients = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'];
  const times: number[] = [];
  let busy = true;
  const poll = (async () => {
    while (busy) {
      const t0 = performance.now();
      await (await fetch(`${base}/api/health`)).arrayBuffer();
      times.push(performance.now() - t0);
    }
  })();
  const t0 = performance.now();
  const stored = await Promise.all(clients.map((ip) => callFrom(ip, '/api/baselines', wide)));
  const key = JSON.parse(stored[0]!.text).key as string;
  // Six distinct saves (distinct seeds, so no summary is reused).
  const saved = await Promise.all(clients.map((ip, i) => callFrom(ip, '/api/scenarios', JSON.stringify({ ...JSON.parse(doNothing), baseline: key, runs: 2, seed: 100 + i }))));
  const reads = await Promise.all(clients.flatMap((ip) => [...saved.map((r) => callFrom(ip, `/api/shared/${JSON.parse(r.text).shareId}`)), callFrom(ip, `/api/baselines/${key}`)]));
  busy = false;
  await poll;
  times.sort((a, b) => a - b);
  const statuses = [...stored, ...saved, ...reads].map((r) => r.status);
  const bad = [...stored, ...saved, ...reads].find((r) => r.status >= 300);
  if (bad) console.log(`first failure: ${bad.status} ${bad.text.slice(0, 300)}`);
  const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
  console.log(`6,000-locality baseline (SYNTHETIC, ${(wide.length / 1e6).toFixed(1)} MB), six clients storing it, saving a version each and reading all [target: health p95 < 100 ms, peak < 3,072 MB]: `
    + `${((performance.now() - t0) / 1000).toFixed(1)} s, ${statuses.filter((s) => s < 300).length}/${statuses.length} ok, health p50 ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(1)} ms over ${times.length} answers, `
    + `a version ${(reads[0]!.text.length / 1e6).toFixed(2)} MB, server peak ${Math.round(peak)} MB`);
}

console.log(`capsim server bench (autocannon, 20 connections, 8 s each, loopback)`);
const shared = `${base}/api/shared/${created.shareId}`;
await load('warm-up GET', { url: shared, duration: 2 });
await load('GET /api/shared/:shareId            [target >= 5,000 req/s, p99 < 20 ms]', { url: shared });
await load('POST /api/scenarios                 [target >= 500 req/s]', { url: `${base}/api/scenarios`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
await wideLoad();
child.kill('SIGTERM');
