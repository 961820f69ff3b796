/** Serves the capsim app: PORT (default 3000), database at CAPSIM_DB (default ./data/capsim.db). */
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { DbPathError, openDb } from '../store/db.ts';
import { SqliteStore } from '../store/store.ts';
import { workerSummariser } from './summarise.ts';

const port = Number(process.env.PORT ?? 3000);
let db: ReturnType<typeof openDb>;
try {
  db = openDb(process.env.CAPSIM_DB ?? './data/capsim.db', (path) => console.log(`capsim: created a new, empty database at ${path}`));
} catch (e) {
  if (!(e instanceof DbPathError)) throw e;
  console.error(`capsim: ${e.message}`);
  process.exit(1);
}
const perMinute = Number(process.env.CAPSIM_WRITES_PER_MINUTE ?? 60);
// CAPSIM_SAVED_RUNS: most Monte Carlo runs of the results stored with each saved version (default 10,000).
const summarise = workerSummariser(Number(process.env.CAPSIM_SAVED_RUNS ?? 10_000));
const app = createApp({
  store: new SqliteStore(db),
  summarise,
  webRoot: process.env.CAPSIM_WEB_ROOT ?? fileURLToPath(new URL('../web/dist', import.meta.url)),
  // CAPSIM_TRUST_PROXY=1 behind a reverse proxy: clients are told apart by X-Forwarded-For.
  rateLimit: { perMinute, burst: Math.max(30, perMinute / 2), trustProxy: process.env.CAPSIM_TRUST_PROXY === '1' },
});
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`capsim listening on http://${info.address}:${info.port}`);
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
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.close(() => { db.close(); void summarise.close().then(() => process.exit(0)); }));
