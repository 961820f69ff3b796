/** Serves the capsim app: PORT (default 3000), database at CAPSIM_DB (default ./data/capsim.db). */
import { serve } from '@hono/node-server';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { openDb } from './db.ts';
import { SqliteStore } from './store.ts';
import { workerSummariser } from './summarise.ts';

const port = Number(process.env.PORT ?? 3000);
const db = openDb(process.env.CAPSIM_DB ?? './data/capsim.db');
const perMinute = Number(process.env.CAPSIM_WRITES_PER_MINUTE ?? 60);
// CAPSIM_SAVED_RUNS: most Monte Carlo runs of the results stored with each saved version (default 10,000).
const summarise = workerSummariser(Number(process.env.CAPSIM_SAVED_RUNS ?? 10_000));
const app = createApp({
  store: new SqliteStore(db),
  summarise,
  webRoot: process.env.CAPSIM_WEB_ROOT ?? fileURLToPath(new URL('../web/dist', import.meta.url)),
  rateLimit: { perMinute, burst: Math.max(30, perMinute / 2) },
});
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`capsim listening on http://${info.address}:${info.port}`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.close(() => { db.close(); void summarise.close().then(() => process.exit(0)); }));
