/**
 * /api/scenarios: create, read (latest, a version, the list: the author's, by edit token), new versions and
 * delete; and /api/shared/:shareId, what a share link reads (one version, no token, nothing else).
 * Order of checks on a write: the token and the id first, then the body (validated in a worker), then the
 * summary, so a bogus request costs nothing.
 */
import { Hono, type Context } from 'hono';
import { BASELINE_KEY, MODEL_VERSION, SCENARIO_SCHEMA_ID, parseJsonText, shortKey, type Baseline, type Scenario } from '../../engine/index.ts';
import { baselineById } from '../../scenarios/baselines.ts';
import { TimeoutError } from '../../node/lane.ts';
import { apiError } from '../errors.ts';
import { clientOf, tokenBuckets } from '../rate-limit.ts';
import { versionJson, type Authorised, type Lookup, type ScenarioStore, type VersionMeta } from '../../store/store.ts';
import { failureNote, type Summarise } from '../summarise.ts';
import type { Validate } from '../validate.ts';

/** The version's metadata with its summary results; a failed summary is stored as none, with the reason. */
async function metaFor(s: Scenario, summarise: Summarise, b?: Baseline): Promise<VersionMeta> {
  try {
    const { text, note } = await summarise(s, b);
    return { modelVersion: MODEL_VERSION, schemaVersion: SCENARIO_SCHEMA_ID, results: text, resultsNote: note };
  } catch (e) {
    console.error(`summary of "${s.name}" failed: ${(e as Error).message}`);
    return { modelVersion: MODEL_VERSION, schemaVersion: SCENARIO_SCHEMA_ID, results: null, resultsNote: failureNote(e) };
  }
}
/** Ids and share ids: 128 random bits, base64url (22 characters); share ids of versions migrated from before are 32 hex digits. */
const ID = /^[A-Za-z0-9_-]{22}$/;
const SHARE_ID = /^(?:[A-Za-z0-9_-]{22}|[0-9a-f]{32})$/;

/**
 * Stored baselines, parsed, by key (one cache per store): a key is its content, so an entry never goes stale.
 * Each save of a scenario on England's 3 MB baseline would otherwise parse it again. The few most recent are kept.
 */
function storedBaselines(store: ScenarioStore): (key: string) => Baseline | undefined {
  const parsed = new Map<string, Baseline>();
  return (key) => {
    const hit = parsed.get(key);
    if (hit) return hit;
    const text = store.baseline(key);
    if (!text) return undefined;
    const b = JSON.parse(text) as Baseline;
    parsed.set(key, b);
    if (parsed.size > 8) parsed.delete(parsed.keys().next().value!);
    return b;
  };
}

async function validBody(c: Context, validate: Validate, storedBaseline: (key: string) => Baseline | undefined) {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) return { error: apiError(c, 415, 'unsupported_media_type', 'send the scenario as application/json') };
  // A UTF-8 byte order mark is allowed, as in files; nesting is bounded before the parse.
  const parsed = parseJsonText(await c.req.text());
  if (!parsed.ok) return { error: apiError(c, 400, 'invalid_json', `the body is not valid JSON: ${parsed.message}`) };
  const body = parsed.value;
  // A scenario on a baseline built from NHS England's files names it by its content key; the baseline must
  // have been stored first (POST /api/baselines), once, by whoever shares the first scenario on it.
  const named = (body as { baseline?: unknown } | null)?.baseline;
  let stored: Baseline | undefined;
  if (typeof named === 'string' && !baselineById(named)) {
    stored = BASELINE_KEY.test(named) ? storedBaseline(named) : undefined;
    if (!stored) return { error: apiError(c, 400, 'unknown_baseline', `baseline: "${named}" is neither a built-in baseline nor one stored here; store it first with POST /api/baselines`, { path: 'baseline' }) };
  }
  let r;
  try {
    r = await validate(body, stored ? { [named as string]: stored } : {});
  } catch (e) {
    if (e instanceof TimeoutError) return { error: apiError(c, 400, 'scenario_too_costly', `checking this scenario took over ${e.ms} ms and was stopped; use fewer or shorter formulas, or fewer years`) };
    throw e;
  }
  if (!r.ok) {
    const first = r.errors[0]!;
    return { error: apiError(c, 400, 'invalid_scenario', `${first.path}: ${first.message}`, { path: first.path, errors: r.errors }) };
  }
  return { scenario: r.value, warnings: r.warnings ?? [], baseline: stored };
}

function bearer(c: Context): string | null {
  const h = c.req.header('authorization');
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m ? m[1]! : null;
}

function notFound<T>(c: Context, r: Lookup<T> | Authorised<T>) {
  if (r.status === 'deleted') return apiError(c, 410, 'gone', 'this scenario was deleted by its author and is no longer served');
  if (r.status === 'forbidden') return apiError(c, 403, 'forbidden', 'the edit token does not match this scenario');
  return apiError(c, 404, 'not_found', 'no such scenario or version');
}

export function scenariosRouter(store: ScenarioStore, summarise: Summarise, validate: Validate): Hono {
  const app = new Hono();
  const storedBaseline = storedBaselines(store);

  app.post('/', async (c) => {
    const v = await validBody(c, validate, storedBaseline);
    if (v.error) return v.error;
    const { id, version, shareId, editToken } = store.create(v.scenario, await metaFor(v.scenario, summarise, v.baseline));
    return c.json({ id, version, shareId, editToken, url: `/s/${shareId}`, warnings: v.warnings }, 201);
  });

  // Everything but a share id's one version belongs to the author: the latest, the list, any version by number.
  const owner = (c: Context, id: string) => {
    const token = bearer(c);
    if (!token) return apiError(c, 401, 'unauthorized', 'reading a scenario by id needs the edit token ("Authorization: Bearer <token>"); a share link reads its own version at /api/shared/<shareId>');
    if (!ID.test(id)) return apiError(c, 404, 'not_found', 'no such scenario');
    const a = store.check(id, token);
    return a.status === 'ok' ? null : notFound(c, a);
  };

  app.get('/:id', (c) => {
    const id = c.req.param('id');
    const denied = owner(c, id);
    if (denied) return denied;
    const r = store.latest(id);
    c.header('Cache-Control', 'private, no-store');
    return r.status === 'ok' ? c.body(versionJson(r.value), 200, { 'Content-Type': 'application/json' }) : notFound(c, r);
  });

  app.get('/:id/versions', (c) => {
    const id = c.req.param('id');
    const denied = owner(c, id);
    if (denied) return denied;
    const r = store.versions(id);
    c.header('Cache-Control', 'private, no-store');
    return r.status === 'ok' ? c.json({ id, versions: r.value.map((v) => ({ ...v, url: `/s/${v.shareId}` })) }) : notFound(c, r);
  });

  app.get('/:id/versions/:v', (c) => {
    const id = c.req.param('id');
    const denied = owner(c, id);
    if (denied) return denied;
    const raw = c.req.param('v');
    if (!/^[1-9]\d{0,8}$/.test(raw)) return apiError(c, 404, 'not_found', 'versions are whole numbers from 1, written plainly (1, 2, ...)');
    const r = store.version(id, Number(raw));
    c.header('Cache-Control', 'private, no-store');
    return r.status === 'ok' ? c.body(versionJson(r.value), 200, { 'Content-Type': 'application/json' }) : notFound(c, r);
  });

  app.put('/:id', async (c) => {
    const id = c.req.param('id');
    const token = bearer(c);
    if (!token) return apiError(c, 401, 'unauthorized', 'send the edit token as "Authorization: Bearer <token>"');
    if (!ID.test(id)) return apiError(c, 404, 'not_found', 'no such scenario');
    // The token before the body: a bogus request is refused before any validation or summary.
    const pre = store.check(id, token);
    if (pre.status !== 'ok') return notFound(c, pre);
    const v = await validBody(c, validate, storedBaseline);
    if (v.error) return v.error;
    const r = store.update(id, token, v.scenario, await metaFor(v.scenario, summarise, v.baseline));
    return r.status === 'ok' ? c.json({ id, version: r.value.version, shareId: r.value.shareId, url: `/s/${r.value.shareId}`, warnings: v.warnings }, 201) : notFound(c, r);
  });

  app.delete('/:id', (c) => {
    const token = bearer(c);
    if (!token) return apiError(c, 401, 'unauthorized', 'send the edit token as "Authorization: Bearer <token>"');
    const r = store.remove(c.req.param('id'), token);
    return r.status === 'ok' ? c.body(null, 204) : notFound(c, r);
  });

  return app;
}

/** /api/shared/:shareId: one version, by the id only its share link carries. */
export function sharedRouter(store: ScenarioStore): Hono {
  const app = new Hono();
  app.get('/:shareId', (c) => {
    const shareId = c.req.param('shareId');
    const r = SHARE_ID.test(shareId) ? store.shared(shareId) : ({ status: 'missing' } as const);
    // Revalidated on every read, so that a withdrawal reaches every viewer at once.
    c.header('Cache-Control', 'no-cache');
    return r.status === 'ok' ? c.body(versionJson(r.value), 200, { 'Content-Type': 'application/json' }) : notFound(c, r);
  });
  return app;
}

/** What a client may store of baselines: bytes an hour each (a bucket), and all clients together. */
export interface BaselineQuota {
  /** Bytes of new baselines one client may store an hour (and at once). */
  perClientBytesPerHour: number;
  /** Bytes of baselines the server stores in all. */
  maxTotalBytes: number;
  trustProxy?: number;
}
export const DEFAULT_BASELINE_QUOTA: BaselineQuota = { perClientBytesPerHour: 64 * 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 * 1024 };

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

/**
 * /api/baselines: baselines built from NHS England's public files, stored once each by content. POST parses
 * and checks one in the validation worker (never on the event loop) and stores its canonical text under its
 * key, `id@<SHA-256>`; a key already held is compared with the content, never trusted. GET serves it by key,
 * to anyone (it is public data, and the key says exactly which), cacheable for ever since the key is its content.
 */
export function baselinesRouter(store: ScenarioStore, validate: Validate, quota: BaselineQuota = DEFAULT_BASELINE_QUOTA, now?: () => number): Hono {
  const app = new Hono();
  const perClient = tokenBuckets({ perMinute: quota.perClientBytesPerHour / 60, burst: quota.perClientBytesPerHour }, now);
  app.post('/', async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) return apiError(c, 415, 'unsupported_media_type', 'send the baseline as application/json');
    const text = await c.req.text();
    let r;
    try {
      r = await validate.baseline!(text);
    } catch (e) {
      if (e instanceof TimeoutError) return apiError(c, 400, 'baseline_too_costly', `checking this baseline took over ${e.ms} ms and was stopped`);
      throw e;
    }
    if (!r.ok) {
      const first = r.errors[0]!;
      return r.json ? apiError(c, 400, 'invalid_json', `the body is not valid JSON: ${first.message}`) : apiError(c, 400, 'invalid_baseline', `${first.path}: ${first.message}`, { path: first.path, errors: r.errors });
    }
    if (baselineById(r.id)) return apiError(c, 400, 'invalid_baseline', `id: "${r.id}" is a built-in baseline's id`, { path: 'id' });
    const held = store.baseline(r.key);
    if (held !== null) {
      // A key is its content: a different body under a held key is refused, and the stored one kept.
      if (held !== r.text) return apiError(c, 409, 'key_conflict', `a different baseline is already stored under ${shortKey(r.key)}; nothing was changed`);
      return c.json({ key: r.key, url: `/api/baselines/${encodeURIComponent(r.key)}` }, 200);
    }
    const bytes = Buffer.byteLength(r.text);
    const total = store.baselineBytes();
    if (total + bytes > quota.maxTotalBytes) return apiError(c, 507, 'baseline_storage_full', `the server stores at most ${mb(quota.maxTotalBytes)} of baselines and holds ${mb(total)}; this one (${mb(bytes)}) was not stored. Its operator can remove baselines no scenario uses (capsim db prune-baselines)`);
    const wait = perClient.take(clientOf(c, quota.trustProxy), bytes);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return apiError(c, 429, 'baseline_quota', `each client may store ${mb(quota.perClientBytesPerHour)} of new baselines an hour; this one (${mb(bytes)}) can be stored in about ${Math.ceil(wait / 60)} minute(s)`);
    }
    store.putBaseline(r.key, r.text);
    return c.json({ key: r.key, url: `/api/baselines/${encodeURIComponent(r.key)}` }, 201);
  });
  app.get('/:key', (c) => {
    const key = c.req.param('key');
    const text = BASELINE_KEY.test(key) ? store.baseline(key) : null;
    if (!text) return apiError(c, 404, 'not_found', 'no such baseline');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(text, 200, { 'Content-Type': 'application/json' });
  });
  return app;
}

export { SHARE_ID };
