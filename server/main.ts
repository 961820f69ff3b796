/**
 * Serves the capsim app: PORT (default 3000), HOST (default 127.0.0.1), database at CAPSIM_DB (default
 * ./data/capsim.db). Start-up problems (a bad PORT, a port in use, a database that cannot be used) are one
 * line naming the cause and exit 1, and the port is taken before the database is opened or created.
 */
import { createAdaptorServer } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp, DEFAULT_READ_LIMIT } from './app.ts';
import { DEFAULT_BASELINE_QUOTA } from './routes/scenarios.ts';
import { DbPathError, openDb, type Db } from '../store/db.ts';
import { SqliteStore } from '../store/store.ts';
import { SUMMARY_HEAP_MB, workerSummariser } from './summarise.ts';

const MB = 1024 * 1024;
import { workerValidator } from './validate.ts';

function fail(message: string): never {
  console.error(`capsim: ${message}`);
  process.exit(1);
}

/** A whole number from the environment, or a one-line refusal naming the variable. */
function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) fail(`${name}=${JSON.stringify(raw)} is not valid: give a whole number from ${min} to ${max}`);
  return Number(raw);
}

const port = intEnv('PORT', 3000, 0, 65535);
const host = process.env.HOST ?? '127.0.0.1';
const perMinute = intEnv('CAPSIM_WRITES_PER_MINUTE', 60, 1, 1_000_000);
// CAPSIM_SAVED_RUNS: most Monte Carlo runs of the results stored with each saved version (default 10,000).
const savedRuns = intEnv('CAPSIM_SAVED_RUNS', 10_000, 1, 100_000);
// CAPSIM_TRUST_PROXY=N behind N reverse proxies: a client is the address the outermost trusted proxy saw
// (the Nth X-Forwarded-For entry from the right). 0 (default): the socket's address.
const trustProxy = intEnv('CAPSIM_TRUST_PROXY', 0, 0, 10);
// Reads of the API and share pages per client a minute (health is never limited).
const readsPerMinute = intEnv('CAPSIM_READS_PER_MINUTE', DEFAULT_READ_LIMIT.perMinute, 1, 1_000_000);
// Baselines: MB of new ones a client may store an hour, and MB stored in all.
const baselineMbPerHour = intEnv('CAPSIM_BASELINE_MB_PER_HOUR', DEFAULT_BASELINE_QUOTA.perClientBytesPerHour / MB, 1, 100_000);
const baselineStoreMb = intEnv('CAPSIM_BASELINE_STORE_MB', DEFAULT_BASELINE_QUOTA.maxTotalBytes / MB, 1, 1_000_000);
// Heap of each of the two summary workers, in MB.
const summaryHeapMb = intEnv('CAPSIM_SUMMARY_HEAP_MB', SUMMARY_HEAP_MB, 64, 16_384);

let handler: ((req: Request, env: unknown) => Response | Promise<Response>) | null = null;
// The adapter's second argument carries the socket (`incoming`): passed on, so that the write limiter keys
// each client by its own address (getConnInfo), not all clients as one.
const server = createAdaptorServer({
  fetch: (req: Request, env: unknown) => handler?.(req, env) ?? Response.json({ error: { code: 'starting', message: 'the server is starting' } }, { status: 503 }),
});
server.once('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use: stop the other server or set PORT`);
  if (e.code === 'EACCES') fail(`port ${port} on ${host} needs more privileges: use a port above 1023`);
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') fail(`HOST=${host} is not an address of this machine`);
  fail(`cannot listen on ${host}:${port}: ${e.message}`);
});
server.listen(port, host, () => {
  let db: Db;
  try {
    db = openDb(process.env.CAPSIM_DB ?? './data/capsim.db', { onCreate: (path) => console.log(`capsim: created a new, empty database at ${path}`) });
  } catch (e) {
    server.close();
    if (e instanceof DbPathError) fail(e.message);
    fail(`cannot open the database: ${(e as Error).message}`);
  }
  const summarise = workerSummariser({ maxRuns: savedRuns, heapMb: summaryHeapMb });
  const validate = workerValidator();
  const store = new SqliteStore(db);
  const app = createApp({
    store,
    summarise,
    validate,
    webRoot: process.env.CAPSIM_WEB_ROOT ?? fileURLToPath(new URL('../web/dist', import.meta.url)),
    rateLimit: { perMinute, burst: Math.max(30, perMinute / 2), trustProxy },
    readLimit: { perMinute: readsPerMinute, burst: Math.max(120, readsPerMinute / 5), trustProxy },
    baselineQuota: { perClientBytesPerHour: baselineMbPerHour * MB, maxTotalBytes: baselineStoreMb * MB, trustProxy },
  });
  handler = app.fetch;
  // The worker threads start now, not on the first save.
  void Promise.all([summarise.warm(), validate.warm()]).catch((e: unknown) => console.error(`capsim: warning: the worker threads did not start: ${(e as Error).message}`));
  const health = store.health();
  if (!health.ok) console.error(`capsim: warning: ${health.message}`);
  const info = server.address() as AddressInfo;
  console.log(`capsim listening on http://${info.address}:${info.port}`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => server.close(() => { db.close(); void Promise.all([summarise.close(), validate.close()]).then(() => process.exit(0)); }));
  }
});
// Node refuses oversized requests before the app sees them: answer in the API's JSON shape anyway.
server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
  if (!socket.writable) return;
  const [status, text, code, message] = err.code === 'HPE_HEADER_OVERFLOW'
    ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'the request line and headers are too large (a long ?s= link: save the scenario and share its link instead)']
    : [400, 'Bad Request', 'bad_request', 'the request could not be read'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
});
