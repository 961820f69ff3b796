// The real server on an ephemeral loopback port with a temporary database file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import Database from 'better-sqlite3';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wideBaseline } from './wide-baseline.ts';
import { callFrom } from './call-from.ts';

const root = new URL('../../', import.meta.url).pathname;
const example = JSON.parse(readFileSync(join(root, 'scenarios/examples/do-nothing.json'), 'utf8'));
const children: ChildProcess[] = [];

async function start(db: string, env: Record<string, string> = {}): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], {
    env: { ...process.env, PORT: '0', CAPSIM_DB: db, CAPSIM_WRITES_PER_MINUTE: '1000000', CAPSIM_WEB_ROOT: join(root, 'no-web'), CAPSIM_SAVED_RUNS: '20', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b) => {
      out += b;
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { base, child };
}
const stop = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') => new Promise<void>((r) => { child.once('exit', () => r()); child.kill(signal); });
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

const post = (base: string, body: unknown) => fetch(`${base}/api/scenarios`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const put = (base: string, id: string, token: string, body: unknown) =>
  fetch(`${base}/api/scenarios/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

const postFrom = async (base: string, localAddress: string, body: string) => (await callFrom(base, localAddress, '/api/scenarios', body)).status;

/** The server's peak resident memory so far (Linux), in MB. */
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe('server end to end', () => {
  it('stays up with a 6,000-locality baseline saved and read by six clients at once: health answers throughout, memory stays bounded (issue 32)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'capsim-db-')), 'capsim.db');
    const { base, child } = await start(db, { CAPSIM_SAVED_RUNS: '2' });
    // SYNTHETIC: 6,000 one-practice localities (test/server/wide-baseline.ts), about 2 MB.
    const wide = JSON.stringify(wideBaseline(6000));
    let busy = true, healthy = 0;
    const unhealthy: number[] = [];
    const poll = (async () => {
      while (busy) {
        const r = await fetch(`${base}/api/health`);
        if (r.status === 200) healthy++;
        else unhealthy.push(r.status);
        await r.arrayBuffer();
      }
    })();
    const clients = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'];
    try {
      const stored = await Promise.all(clients.map((ip) => callFrom(base, ip, '/api/baselines', wide)));
      expect(stored.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      const key = JSON.parse(stored[0]!.text).key as string;
      const saved = await Promise.all(clients.map((ip, i) => callFrom(base, ip, '/api/scenarios', JSON.stringify({ ...example, name: `client ${i}`, baseline: key, runs: 2 }))));
      expect(saved.map((r) => r.status)).toEqual(clients.map(() => 201));
      // Each client reads every version and the baseline, all at once.
      const reads = await Promise.all(clients.flatMap((ip) => [...saved.map((r) => callFrom(base, ip, `/api/shared/${JSON.parse(r.text).shareId}`)), callFrom(base, ip, `/api/baselines/${key}`)]));
      expect(reads.every((r) => r.status === 200)).toBe(true);
      const version = JSON.parse(reads[0]!.text);
      expect(version.results.localities).toHaveLength(60);
      expect(version.resultsNote).toMatch(/60 largest of its 6,000 localities/);
      // What one version costs to send is bounded by the locality cap, whatever the baseline's size.
      expect(reads[0]!.text.length).toBeLessThan(4_000_000);
    } finally {
      busy = false;
      await poll;
    }
    expect(unhealthy).toEqual([]);
    expect(healthy).toBeGreaterThan(10);
    expect(child.exitCode).toBeNull();
    // README "Server API": the process (two summary workers of at most 1 GB heap each among it) stays under 3 GB.
    expect(peakRssMb(child.pid!)).toBeLessThan(3072);
  }, 600_000);

  it('keys the write limit by each client\'s own address: one client\'s bad POSTs never use up another\'s (issue 32)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'capsim-db-')), 'capsim.db');
    // One write a minute, a burst of 30.
    const { base } = await start(db, { CAPSIM_WRITES_PER_MINUTE: '1' });
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push(await postFrom(base, '127.0.0.2', '{"bad": true}'));
    expect(codes.slice(0, 30).every((c) => c === 400)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
    // Other addresses each have a bucket of their own: their first write is judged on its content.
    expect(await postFrom(base, '127.0.0.3', '{"bad": true}')).toBe(400);
    expect(await postFrom(base, '127.0.0.4', JSON.stringify(example))).toBe(201);
  });

  it('runs the full life cycle, survives a restart, and turns 50 concurrent PUTs into 50 versions', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'capsim-db-')), 'capsim.db');
    const first = await start(db);
    let base = first.base;
    const child = first.child;
    const created = await (await post(base, example)).json();
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => put(base, created.id, created.editToken, { ...example, name: `edit ${i}` })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const versions = (await Promise.all(results.map((r) => r.json()))).map((j) => j.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect((await fetch(`${base}/api/scenarios/${created.id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    const share = await fetch(`${base}${created.url}`);
    expect(share.status).toBe(200);
    expect(share.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    await stop(child);
    ({ base } = await start(db));
    const list = await (await fetch(`${base}/api/scenarios/${created.id}/versions`, { headers: { authorization: `Bearer ${created.editToken}` } })).json();
    expect(list.versions).toHaveLength(51);
    expect((await (await fetch(`${base}/api/shared/${created.shareId}`)).json()).scenario.name).toBe(example.name);
    expect((await fetch(`${base}/api/scenarios/${created.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${created.editToken}` } })).status).toBe(204);
    expect((await fetch(`${base}/api/shared/${created.shareId}`)).status).toBe(410);
  });

  it('keeps every acknowledged write when killed with SIGKILL mid-stream', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'capsim-db-')), 'capsim.db');
    const first = await start(db);
    let base = first.base;
    const child = first.child;
    const acked: { shareId: string; name: string }[] = [];
    // The first save starts the summary worker; the writes below then reuse its cached numbers.
    const warm = await post(base, { ...example, name: 'warm-up' });
    expect(warm.status).toBe(201);
    let stopped = false;
    const writer = async (w: number) => {
      for (let i = 0; !stopped; i++) {
        try {
          const r = await post(base, { ...example, name: `w${w}-${i}` });
          if (r.status === 201) acked.push({ shareId: (await r.json()).shareId, name: `w${w}-${i}` });
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    // Killed mid-stream once the writers are well under way (a count, not a fixed sleep).
    while (acked.length < 20) await new Promise((r) => setImmediate(r));
    await stop(child, 'SIGKILL');
    stopped = true;
    await Promise.all(writers);
    expect(acked.length).toBeGreaterThan(10);
    ({ base } = await start(db));
    for (const a of acked) {
      const r = await fetch(`${base}/api/shared/${a.shareId}`);
      expect(r.status).toBe(200);
      expect((await r.json()).scenario.name).toBe(a.name);
    }
  });

  it('keeps answering while a save computes its results in the worker (no request blocks the event loop)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'capsim-db-')), 'capsim.db');
    const { base } = await start(db, { CAPSIM_SAVED_RUNS: '3000' });
    const mse = JSON.parse(readFileSync(join(root, 'scenarios/examples/mse-do-nothing.json'), 'utf8'));
    const saving = post(base, { ...mse, runs: 3000 });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      times.push(performance.now() - t0);
    }
    // A hang catcher only (the 100 ms target is measured by npm run bench:server): a blocked loop takes seconds.
    expect(Math.max(...times)).toBeLessThan(2000);
    expect((await saving).status).toBe(201);
  });

  it('saves a valid scenario while every core is held busy: the worker\'s time limit starts when it is ready, and an overrun is tried again on a fresh worker (issue 30)', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'capsim-db-')), 'capsim.db');
    // Twice as many spinning processes as cores, started before the server so its workers boot under load.
    const hogs = Array.from({ length: 2 * availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    children.push(...hogs);
    const { base } = await start(db);
    const strategy = JSON.parse(readFileSync(join(root, 'scenarios/examples/strategy.json'), 'utf8'));
    for (const body of [example, strategy]) {
      const r = await post(base, body);
      expect(r.status, await r.clone().text()).toBe(201);
      const v = await (await fetch(`${base}/api/shared/${(await r.json()).shareId}`)).json();
      expect(v.results.runs).toBe(20);
    }
  }, 300_000);

  it('answers an oversized request line with a JSON 431', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'capsim-db-')), 'capsim.db');
    const { base } = await start(db);
    const r = await fetch(`${base}/?s=${'a'.repeat(60000)}`);
    expect(r.status).toBe(431);
    expect((await r.json()).error.code).toBe('headers_too_large');
  });

  it('refuses to start on an empty or folder CAPSIM_DB, naming it', () => {
    const run = (db: string) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], { env: { ...process.env, PORT: '0', CAPSIM_DB: db }, encoding: 'utf8', timeout: 20000 });
    const empty = run('');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/CAPSIM_DB is empty/);
    const dir = mkdtempSync(join(tmpdir(), 'capsim-dbdir-'));
    const folder = run(dir);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toContain(`${dir} is a folder`);
    expect(folder.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a bad PORT, a port in use and a newer database with one line each, creating nothing', async () => {
    const run = (env: Record<string, string>) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/main.ts')], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30000 });
    const dir = mkdtempSync(join(tmpdir(), 'capsim-start-'));
    const oneLine = (r: ReturnType<typeof run>, pattern: RegExp) => {
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(pattern)]);
    };
    const bad = run({ PORT: 'abc', CAPSIM_DB: join(dir, 'a.db') });
    oneLine(bad, /^capsim: PORT="abc" is not valid: give a whole number from 0 to 65535$/);
    expect(existsSync(join(dir, 'a.db'))).toBe(false);
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (taken.address() as { port: number }).port;
      const busy = run({ PORT: String(port), CAPSIM_DB: join(dir, 'b.db') });
      oneLine(busy, new RegExp(`^capsim: port ${port} on 127\\.0\\.0\\.1 is already in use`));
      expect(existsSync(join(dir, 'b.db'))).toBe(false);
    } finally {
      taken.close();
    }
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    oneLine(run({ PORT: '0', CAPSIM_DB: newer }), /^capsim: the database at .*newer\.db was written by a newer capsim \(schema 99/);
  });
});
