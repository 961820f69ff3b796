/**
 * Builds the capsim Hono app without listening (server/main.ts serves it).
 * CSP: no inline script anywhere; inline styles are allowed because Observable Plot styles its SVG inline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import { apiError } from './errors.ts';
import { readRateLimit, writeRateLimit, type RateLimit } from './rate-limit.ts';
import { baselinesRouter, DEFAULT_BASELINE_QUOTA, scenariosRouter, sharedRouter, type BaselineQuota } from './routes/scenarios.ts';
import { shareRouter } from './routes/share.ts';
import { StoreUnavailableError, type ScenarioStore } from '../store/store.ts';
import { cachedSummariser, workerSummariser, type Summarise } from './summarise.ts';
import { workerValidator, type Validate } from './validate.ts';

export interface AppOptions {
  store: ScenarioStore;
  /** Folder of the built web app (index.html and assets); null serves the API and share pages only. */
  webRoot?: string | null;
  /** Writes per client (POST, PUT, DELETE). */
  rateLimit?: RateLimit;
  /** Reads per client (GET of the API and the share pages; health is never limited). */
  readLimit?: RateLimit;
  /** Bytes of baselines one client may store an hour, and all together. */
  baselineQuota?: BaselineQuota;
  maxBodyBytes?: number;
  /** Baselines are bigger than scenarios: England's is about 3 MB. */
  maxBaselineBytes?: number;
  /** Computes the summary results stored with a saved version (default: worker threads, bounded per save). */
  summarise?: Summarise;
  /** Validates a scenario body (default: a worker thread with a time limit). */
  validate?: Validate;
}

/** Paths the web app answers itself (its router's views); the share pages are served by the share router. */
const APP_ROUTES = /^\/(compare|methodology|area)?$/;

/** The Content-Security-Policy, through secureHeaders' own option. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'], fontSrc: ["'self'"],
  connectSrc: ["'self'"], workerSrc: ["'self'", 'blob:'], objectSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"], frameAncestors: ["'none'"],
};

/**
 * A message for an anonymous client: file paths (the database's among them) withheld, since they say how
 * the server is laid out; the operator's log keeps the whole message (issue 32).
 * @example withoutPaths('the database file /srv/data/capsim.db was deleted') // 'the database file (path withheld) was deleted'
 */
export const withoutPaths = (message: string): string => message.replace(/(?:[A-Za-z]:)?(?:[\\/][^\s'"`,;:()]+)+/g, '(path withheld)');

export const DEFAULT_READ_LIMIT: RateLimit = { perMinute: 600, burst: 120 };

export function createApp({ store, webRoot = null, rateLimit = { perMinute: 60, burst: 30 }, readLimit = { ...DEFAULT_READ_LIMIT, trustProxy: rateLimit.trustProxy }, baselineQuota = { ...DEFAULT_BASELINE_QUOTA, trustProxy: rateLimit.trustProxy }, maxBodyBytes = 256 * 1024, maxBaselineBytes = 8 * 1024 * 1024, summarise = workerSummariser(), validate = workerValidator() }: AppOptions): Hono {
  const app = new Hono();
  app.use('*', secureHeaders({
    contentSecurityPolicy: CSP_DIRECTIVES,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
  }));
  const limit = bodyLimit({ maxSize: maxBodyBytes, onError: (c) => apiError(c, 413, 'payload_too_large', `bodies are limited to ${maxBodyBytes} bytes`) });
  const baselineLimit = bodyLimit({ maxSize: maxBaselineBytes, onError: (c) => apiError(c, 413, 'payload_too_large', `baselines are limited to ${maxBaselineBytes} bytes`) });
  app.use('/api/*', (c, next) => (c.req.path === '/api/baselines' || c.req.path.startsWith('/api/baselines/') ? baselineLimit(c, next) : limit(c, next)));
  // One limiter, registered once (Hono's '/api/scenarios/*' also matches '/api/scenarios'): one draw per write.
  app.use('/api/scenarios/*', writeRateLimit(rateLimit));
  app.use('/api/baselines/*', writeRateLimit(rateLimit));
  // Reads: one limiter for every reading route (each registered path draws once per request).
  const reads = readRateLimit(readLimit);
  for (const path of ['/api/scenarios/*', '/api/shared/*', '/api/baselines/*', '/s/*']) app.use(path, reads);

  app.get('/api/health', (c) => {
    const h = store.health();
    return h.ok ? c.json({ status: 'ok' }) : c.json({ status: 'degraded', database: withoutPaths(h.message) }, 503);
  });
  app.route('/api/scenarios', scenariosRouter(store, cachedSummariser(summarise), validate));
  app.route('/api/shared', sharedRouter(store));
  app.route('/api/baselines', baselinesRouter(store, validate, baselineQuota));

  const shellFile = webRoot ? `${webRoot}/index.html` : null;
  const shell = () => (shellFile && existsSync(shellFile) ? readFileSync(shellFile, 'utf8') : null);
  app.route('/s', shareRouter(store, shell));
  app.get('/present.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(PRESENT_CSS);
  });
  if (webRoot) {
    // Hashed assets never change under their name: cached for a year, sent brotli or gzip compressed as built.
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', serveStatic({ root: webRoot, precompressed: true }));
    // The app's own routes get the app; any other path is a 404, not the app page.
    app.get('*', (c, next) => (APP_ROUTES.test(c.req.path) && shell() ? c.html(shell()!) : next()));
  }

  app.notFound((c) => (c.req.path.startsWith('/api/') || !c.req.header('accept')?.includes('text/html')
    ? apiError(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`)
    : c.html('<!doctype html><title>Not found</title><h1>Not found</h1>', 404)));
  app.onError((err, c) => {
    const code = (err as { code?: string }).code ?? '';
    if (err instanceof StoreUnavailableError) {
      store.noteWriteFailure(err.message);
      console.error(`capsim: ${err.message}`);
      return apiError(c, 503, 'storage_unavailable', `${withoutPaths(err.message)}; nothing was saved`);
    }
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
      // Another process (a backup, a maintenance command) holds the write lock: said at once, never waited for.
      c.header('Retry-After', '2');
      return apiError(c, 503, 'storage_busy', 'the database is busy with another process just now; nothing was saved. Try again in a moment');
    }
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      store.noteWriteFailure(`the database file is damaged: ${err.message}; restore it from a backup`, true);
      return apiError(c, 503, 'storage_damaged', 'the server\'s database is damaged; nothing was changed. Its operator has to restore it from a backup');
    }
    if (code === 'SQLITE_FULL') {
      store.noteWriteFailure(`the disk is full: ${err.message}`);
      return apiError(c, 507, 'insufficient_storage', 'the server\'s disk is full; nothing was saved');
    }
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') {
      store.noteWriteFailure(`the database cannot be written: ${err.message}`);
      return apiError(c, 503, 'storage_unavailable', 'the database cannot be written just now; nothing was saved');
    }
    console.error(err);
    return apiError(c, 500, 'internal', 'something went wrong; nothing was changed');
  });
  return app;
}

const PRESENT_CSS = `
:root { font-family: "Liberation Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem; font-size: 1.35rem; line-height: 1.5; }
h1 { font-size: 2.6rem; margin: 0.2rem 0 1rem; } h2 { font-size: 1.7rem; color: #005eb8; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; color: #4c6272; font-size: 1rem; }
.lede { font-size: 1.5rem; } .big { font-size: 2rem; font-weight: bold; } .range { font-weight: normal; color: #4c6272; }
section { border-top: 2px solid #d8dde0; padding: 1rem 0 1.5rem; min-height: 40vh; }
footer { color: #4c6272; font-size: 1rem; } a { color: #005eb8; } a:focus { outline: 3px solid #ffb81c; }
@media print { main { font-size: 12pt; padding: 0; } section { min-height: 0; break-inside: avoid; page-break-inside: avoid; } footer a { display: none; } }
`;
