/** /api/scenarios: create, read (latest, a version, the list), new versions and delete, by edit token. */
import { Hono, type Context } from 'hono';
import { loadScenario, MODEL_VERSION, SCENARIO_SCHEMA_ID } from '../../engine/index.ts';
import { BASELINES } from '../../scenarios/baselines.ts';
import { apiError } from '../errors.ts';
import { versionJson, type Authorised, type Lookup, type ScenarioStore, type VersionMeta } from '../../store/store.ts';
import { compactResults, type Summarise } from '../summarise.ts';
import type { Scenario } from '../../engine/index.ts';

/** The version's metadata with its summary results; a failed summary is stored as none (the share page offers to recompute). */
async function metaFor(s: Scenario, summarise: Summarise): Promise<VersionMeta> {
  let results: string | null = null;
  try {
    results = compactResults(await summarise(s));
  } catch (e) {
    console.error(`summary of "${s.name}" failed: ${(e as Error).message}`);
  }
  return { modelVersion: MODEL_VERSION, schemaVersion: SCENARIO_SCHEMA_ID, results };
}
const ID = /^[A-Za-z0-9_-]{22}$/;

async function validBody(c: Context) {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) return { error: apiError(c, 415, 'unsupported_media_type', 'send the scenario as application/json') };
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { error: apiError(c, 400, 'invalid_json', 'the body is not valid JSON') };
  }
  const r = loadScenario(body, BASELINES);
  if (!r.ok) {
    const first = r.errors[0]!;
    return { error: apiError(c, 400, 'invalid_scenario', `${first.path}: ${first.message}`, { path: first.path, errors: r.errors }) };
  }
  return { scenario: r.value, warnings: r.warnings ?? [] };
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

export function scenariosRouter(store: ScenarioStore, summarise: Summarise): Hono {
  const app = new Hono();

  app.post('/', async (c) => {
    const v = await validBody(c);
    if (v.error) return v.error;
    const { id, version, editToken } = store.create(v.scenario, await metaFor(v.scenario, summarise));
    return c.json({ id, version, editToken, url: `/s/${id}/${version}`, warnings: v.warnings }, 201);
  });

  // The latest version and the list of versions belong to the author: a share link shows its own version only.
  const owner = (c: Context, id: string) => {
    const token = bearer(c);
    if (!token) return apiError(c, 401, 'unauthorized', 'the latest version and the version list need the edit token ("Authorization: Bearer <token>"); a share link reads its own version');
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
    return r.status === 'ok' ? c.json({ id, versions: r.value }) : notFound(c, r);
  });

  app.get('/:id/versions/:v', (c) => {
    const raw = c.req.param('v');
    if (!/^[1-9]\d{0,8}$/.test(raw)) return apiError(c, 404, 'not_found', 'versions are whole numbers from 1, written plainly (1, 2, ...)');
    const r = store.version(c.req.param('id'), Number(raw));
    if (r.status !== 'ok') return notFound(c, r);
    // Versions never change, but a withdrawal must reach viewers: cache briefly, then revalidate.
    c.header('Cache-Control', 'public, max-age=60, must-revalidate');
    return c.body(versionJson(r.value), 200, { 'Content-Type': 'application/json' });
  });

  app.put('/:id', async (c) => {
    const id = c.req.param('id');
    const token = bearer(c);
    if (!token) return apiError(c, 401, 'unauthorized', 'send the edit token as "Authorization: Bearer <token>"');
    if (!ID.test(id)) return apiError(c, 404, 'not_found', 'no such scenario');
    const v = await validBody(c);
    if (v.error) return v.error;
    // Check the token before spending a summary on the request.
    const pre = store.check(id, token);
    if (pre.status !== 'ok') return notFound(c, pre);
    const r = store.update(id, token, v.scenario, await metaFor(v.scenario, summarise));
    return r.status === 'ok' ? c.json({ id, version: r.value.version, url: `/s/${id}/${r.value.version}`, warnings: v.warnings }, 201) : notFound(c, r);
  });

  app.delete('/:id', (c) => {
    const token = bearer(c);
    if (!token) return apiError(c, 401, 'unauthorized', 'send the edit token as "Authorization: Bearer <token>"');
    const r = store.remove(c.req.param('id'), token);
    return r.status === 'ok' ? c.body(null, 204) : notFound(c, r);
  });

  return app;
}
