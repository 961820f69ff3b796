/**
 * /s/:shareId, the share link of one immutable version (its own unguessable id: it reveals no other). When the web app is built it serves the app's
 * read-only presentation view; otherwise a server-rendered presentation of the same numbers. Names,
 * descriptions and rationales are data: always escaped, never markup.
 */
import { Hono } from 'hono';
import { describeIntervention, gapRule, MODEL_VERSION, type Scenario, type ScenarioResult } from '../../engine/index.ts';
import type { ScenarioStore } from '../../store/store.ts';
import { SHARE_ID } from './scenarios.ts';


const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const n0 = (x: number) => Math.round(x).toLocaleString('en-GB');
const money = (x: number) => (Math.abs(x) >= 1e6 ? `£${(x / 1e6).toFixed(1)}m` : `£${n0(x)}`);


function page(title: string, body: string, status = ''): string {
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - capsim</title><link rel="stylesheet" href="/present.css"></head><body>${status}<main>${body}</main></body></html>`;
}

export function shareRouter(store: ScenarioStore, appShell: () => string | null): Hono {
  const app = new Hono();
  // The old form (scenario id and version number) let anyone read later versions by counting: retired.
  app.get('/:id/:v', (c) => c.html(page('Link retired', '<h1>This kind of link is no longer served</h1><p>Links made of a scenario and a version number let anyone read the other versions, so capsim retired them. The author finds each version\'s own link under "Version history" in the workspace.</p>'), 404));
  app.get('/:shareId', (c) => {
    const shareId = c.req.param('shareId');
    const r = SHARE_ID.test(shareId) ? store.shared(shareId) : ({ status: 'missing' } as const);
    if (r.status === 'deleted') return c.html(page('Scenario withdrawn', '<h1>This scenario has been withdrawn</h1><p>Its author deleted it, so this link no longer shows it. Ask them for a new link.</p>'), 410);
    if (r.status === 'missing') return c.html(page('Not found', '<h1>No such scenario</h1><p>This link does not point to a saved scenario version.</p>'), 404);
    const shell = appShell();
    if (shell) return c.html(shell);
    // Shown as stored (it was validated when saved): never re-validated to be shown.
    const s = r.value.scenario as Scenario;
    // The numbers the board was shown: the results stored when this version was saved, never recomputed here.
    const res = r.value.results as ScenarioResult | null;
    const saved = `Saved ${esc(r.value.createdAt)} under ${esc(r.value.modelVersion)}`;
    const recompute = `<a href="/s/${esc(r.value.shareId)}?recompute=1">Recompute with the current model (${esc(MODEL_VERSION)})</a>`;
    const rationale = [...s.interventions.filter((i) => i.rationale).map((i) => i.rationale!), ...Object.entries(s.rationale ?? {}).map(([k, t]) => `${k}: ${t}`)];
    const head = `<header><p class="kicker">capsim scenario, version ${r.value.version}</p><h1>${esc(s.name)}</h1>${s.description ? `<p class="lede">${esc(s.description)}</p>` : ''}</header>`;
    const what = `<section><h2>What it does</h2>${s.interventions.length ? `<ul>${s.interventions.map((i) => `<li>${esc(describeIntervention(i))}</li>`).join('')}</ul>` : '<p>No interventions: this is the do-nothing reference.</p>'}</section>`;
    const why = rationale.length ? `<section><h2>Why these numbers</h2><ul>${rationale.map((t) => `<li>${esc(t)}</li>`).join('')}</ul></section>` : '';
    let numbers: string;
    if (!res || !res.total?.metrics?.gpFteGap || !res.total.metrics.accessFailure) {
      const why = r.value.resultsNote ?? (r.value.modelVersion === 'capsim-model@1' ? 'it was saved under model 1, which stored none' : 'its summary was not computed when it was saved');
      numbers = `<section><h2>Results</h2><p>No results were stored with this version: ${esc(why)}. ${recompute}.</p></section>`;
    } else {
      const last = res.periods.length - 1;
      const m = res.total.metrics;
      const band = (k: keyof typeof m, f: (x: number) => string) => `${f(m[k][last]!.p50)} <span class="range">(${f(m[k][last]!.p10)} to ${f(m[k][last]!.p90)})</span>`;
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      numbers = `
<section><h2>The gap in ${esc(res.periods[last])}</h2>
${m.gapClosedShare ? `<p class="big">Share of the start gap closed: ${band('gapClosedShare', (x) => `${(x * 100).toFixed(0)}%`)}</p>` : ''}
<p class="big">GP FTE gap: ${band('gpFteGap', (x) => x.toFixed(0))}</p>
<p>GP appointments per GP a day: ${band('gpApptsPerGpDay', (x) => x.toFixed(1))}. Patients who could not get an appointment at first try: ${band('accessFailure', pct)} (England about 11.5%). Episodes unmet: ${band('unmetShare', pct)}. Patients per GP FTE: ${band('patientsPerGpFte', n0)} against ${res.reference ? `${n0(res.reference.patientsPerGpFte)} in England on the same basis (registrars and locums counted)` : '1,321 in England (2014/15, the seeds\' headcount ratio, as saved)'}.</p></section>
${m.costPrimaryCareCumulative
  ? `<section><h2>What it costs</h2><p class="big">${band('costPrimaryCareCumulative', money)}</p><p>Cumulative primary-care cost (workforce, locums, hubs, training, navigation, diversion sessions, mergers) over ${esc(res.periods.length)} years. A&amp;E attendances in the final year: ${band('aeAttendances', n0)}, costing ${band('costAe', money)}.</p></section>`
  : `<section><h2>What it costs</h2><p class="big">${band('costCumulative', money)}</p><p>Cumulative cost of the workforce, locums, hubs, training, mergers and A&amp;E attendances over ${esc(res.periods.length)} years. A&amp;E attendances in the final year: ${band('aeAttendances', n0)}.</p></section>`}
<section><h2>How sure we are</h2><p>Ranges are the 10th to 90th percentiles of ${res.runs} Monte Carlo runs${r.value.resultsNote ? ` (${esc(r.value.resultsNote)})` : ''}. The gap is closed (${esc(gapRule(s.parameters as Record<string, unknown>, String(res.model ?? r.value.modelVersion)))}) in ${(m.probGapClosed[last]!.mean * 100).toFixed(0)}% of runs in ${esc(res.periods[last])}.</p></section>`;
    }
    const body = `${head}${numbers}${what}${why}
<footer><p>${saved}; baseline ${esc(s.baseline)}; seed ${esc(s.seed)}. ${res ? `These are the results computed when it was saved. ${recompute}.` : ''}</p></footer>`;
    c.header('Cache-Control', 'no-cache');
    return c.html(page(s.name, body));
  });
  return app;
}
