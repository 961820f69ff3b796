/**
 * Every calibration and evidence target of docs/model.md ("Calibration" and "What the evidence says"),
 * with the figure the model reaches. One computation serves the tests (test/engine/calibration.test.ts and
 * test/engine/evidence.test.ts), the generated tables of docs/model.md (scripts/model-doc.ts) and the
 * README. Synthetic baselines built here (one practice at England's staffing) say so. Run: npx tsx scripts/targets.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { compareScenarios, loadScenario, PARAM_BY_KEY, ROLES, runDeterministic, type Baseline, type Role, type Scenario, type ScenarioInput, type ScenarioResult } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';
import { ENGLAND_AGE_SHARES, ENGLAND_PPG } from './build-baselines.ts';

const thurrock = BASELINES.thurrock!;
const dir = new URL('../scenarios/examples/', import.meta.url);

const load = (input: unknown, baselines: Record<string, Baseline> = BASELINES): Scenario => {
  const r = loadScenario(input, baselines);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
export const example = (name: string): Scenario => load(JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')));
export const exampleNames = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();

/** A target row: what, the band, the figure reached, whether it is met. */
export interface Target { id: string; quantity: string; band: string; value: number; shown: string; met: boolean }
const row = (id: string, quantity: string, value: number, lo: number, hi: number, band: string, shown: string): Target =>
  ({ id, quantity, band, value, shown, met: value >= lo - 1e-12 && value <= hi + 1e-12 });
const f = (x: number, d = 2) => x.toFixed(d);
const pct = (x: number, d = 1) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(d)}%`;

/**
 * One practice with England's staffing on the baselines' basis (model 4): 1,650 patients per GP FTE
 * (reference.patientsPerGpFte, September 2015; substantive, locums coming on top as in the baselines), England's age structure, need 1, NHS Digital 2015 nurses and other
 * clinical staff per 100,000. Synthetic: a test fixture, not a real practice.
 */
export function englandBaseline(): Baseline {
  const people = 100000;
  const fte = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
  Object.assign(fte, { gp: people / ENGLAND_PPG, nurse: 24.6, hca: 15 });
  return {
    schema: 'capsim/baseline@1', id: 'england', name: 'England average (synthetic)', description: 'synthetic test baseline', start: '2015-04',
    areas: [{ id: 'E', name: 'England' }],
    localities: [{ id: 'e', name: 'England', area: 'E', hub: { gpAppointments: 0, nurseAppointments: 0 } }],
    practices: [{ code: 'E1', name: 'Average', postcode: 'E1 1AA', locality: 'e', list: ENGLAND_AGE_SHARES.map((s) => s * people), need: 1, fte, gpHeadcount: 80 }],
    sources: {}, notes: ['synthetic'],
  };
}

const withParams = (s: Scenario, p: Record<string, unknown>): Scenario => load({ ...s, parameters: { ...s.parameters, ...p } });

/** Section "Calibration": Thurrock doing nothing, deterministic, first financial year unless stated; and England's practice. */
export function calibrationTargets(examples: Map<string, ScenarioResult>): Target[] {
  const dn = example('do-nothing');
  const y = runDeterministic(dn, thurrock).total.metrics;
  const mo = runDeterministic(dn, thurrock, 'month').total.metrics;
  const e = englandBaseline();
  const en = runDeterministic(load({ name: 'England', baseline: 'england' }, { england: e }), e).total.metrics;
  const v = (k: keyof typeof y, t = 0) => y[k][t]!.mean;
  const gpPerHead = v('servedGp') / v('population'), enGpPerHead = en.servedGp[0]!.mean / en.population[0]!.mean;
  // 10% fewer GPs in every practice from the start.
  const fewer: Baseline = { ...thurrock, id: 'thurrock-fewer', practices: thurrock.practices.map((p) => ({ ...p, fte: { ...p.fte, gp: p.fte.gp * 0.9 } })) };
  const fy = runDeterministic(load({ ...dn, baseline: fewer.id }, { [fewer.id]: fewer }), fewer).total.metrics;
  const last = y.served.length - 1;
  const perHead = (m: typeof y) => m.servedGp[last]!.mean / m.population[last]!.mean;
  const nursePer = (t: number) => y['fte.nurse'][t]!.mean / v('population', t);
  const nurseStart = runDeterministic(dn, thurrock).total.start['fte.nurse']! / thurrock.practices.reduce((a, p) => a + p.list.reduce((x, z) => x + z, 0), 0);
  let locumShare = 0, locumWhere = '';
  for (const [name, r] of examples) {
    r.total.metrics.locumFte.forEach((s, t) => {
      const share = s.p90 / Math.max(1e-9, r.total.metrics['fte.gpAll'][t]!.p90);
      if (share > locumShare) { locumShare = share; locumWhere = `${name} ${r.periods[t]}`; }
    });
  }
  const gpAll = mo['fte.gpAll'];
  const ae = v('aeAttendances') / ((v('population') * 330) / 1000) - 1;
  const gpDaily = PARAM_BY_KEY.get('target.gpDaily')!.value as number;
  const enDay = en.gpApptsPerGpDay[0]!.mean;
  const worstLoc = [...runDeterministic(dn, thurrock).localities].sort((a, z) => z.metrics.accessFailure[0]!.mean - a.metrics.accessFailure[0]!.mean)[0]!;
  const start = runDeterministic(dn, thurrock).total.start;
  const mse = mseAtEngland();
  return [
    row('servedPerHead', 'served appointments per registered patient (all roles and hubs)', v('served') / v('population'), 4.2, 5.2, '4.2-5.2', f(v('served') / v('population'), 3)),
    row('gpPerHead', "GP (incl. locum) appointments per head, against England's practice", gpPerHead / enGpPerHead, 0.8, 0.98, '0.80-0.98', f(gpPerHead / enGpPerHead)),
    row('gpApptsPerGpDay', "`gpApptsPerGpDay` (incl. locums), against England's practice's", v('gpApptsPerGpDay') / enDay, 1, 1.3, '1.0-1.3 x', `${f(v('gpApptsPerGpDay') / enDay)} x (${f(v('gpApptsPerGpDay'), 1)} against ${f(enDay, 1)})`),
    row('accessFailure', '`accessFailure`, the area', v('accessFailure'), 0.14, 0.26, '0.14-0.26', f(v('accessFailure'), 3)),
    row('accessFailure.locality', '`accessFailure`, the worst locality', worstLoc.metrics.accessFailure[0]!.mean, 0, 0.35, 'at most 0.35', `${f(worstLoc.metrics.accessFailure[0]!.mean, 3)} (${worstLoc.name})`),
    row('unmetShare', '`unmetShare`', v('unmetShare'), 0.02, 0.09, '0.02-0.09', f(v('unmetShare'), 3)),
    row('locumShare', 'locum FTE / (substantive + locum), every year of every example (p90 of 200 runs)', locumShare, 0, 0.1, 'at most 0.10', `${f(locumShare, 3)} (${locumWhere})`),
    row('ae', '`aeAttendances` against population x 330 / 1,000', ae, -0.02, 0.02, 'within 2%', pct(ae)),
    row('gpFall', 'GP FTE including locums, September 2015 to June 2017', gpAll[26]!.mean / gpAll[5]!.mean - 1, -0.12, -0.08, '-8% to -12%', pct(gpAll[26]!.mean / gpAll[5]!.mean - 1)),
    row('fewerGps', '10% fewer GPs in every practice: GP appointments per head, 2024/25', perHead(fy) / perHead(y) - 1, -1, -0.03, 'at least 3% fewer', pct(perHead(fy) / perHead(y) - 1)),
    row('nurses', 'nurses per 100,000 registered, 2018/19 against the start', nursePer(3) / nurseStart - 1, -0.05, 0.15, '-5% to +15%', pct(nursePer(3) / nurseStart - 1)),
    row('traditional', "`additionalGpFteTraditional` at the start (the seeds' arithmetic, headcount basis)", start.additionalGpFteTraditional!, 45, 48, '45-48', f(start.additionalGpFteTraditional!, 1)),
    row('likeForLike', '`additionalGpFteLikeForLike` at the start', start.additionalGpFteLikeForLike!, 15, 30, '15-30', f(start.additionalGpFteLikeForLike!, 1)),
    row('startGap', '`gpFteGap` in the first month', mo.gpFteGap[0]!.mean, 15, 30, '15-30', f(mo.gpFteGap[0]!.mean, 1)),
    row('englandAccess', "England's practice (synthetic): `accessFailure`", en.accessFailure[0]!.mean, 0.1, 0.13, '0.10-0.13', f(en.accessFailure[0]!.mean, 3)),
    row('englandWorkload', "England's practice: `gpApptsPerGpDay` against `target.gpDaily`", enDay / gpDaily - 1, -0.1, 0.1, 'within 10%', pct(enDay / gpDaily - 1)),
    row('englandGap', "England's practice: `gpFteGap` against its GP FTE", en.gpFteGap[0]!.mean / en['fte.gpAll'][0]!.mean, 0, 0.03, 'under 3%', pct(en.gpFteGap[0]!.mean / en['fte.gpAll'][0]!.mean)),
    row('mseLow', 'mid and south Essex: the four CCGs at England\'s level, lowest first-year `accessFailure`', Math.min(...mse.map((x) => x.access)), 0.1, 0.15, '0.10-0.15', mse.map((x) => `${x.name} ${f(x.access, 3)}`).join(', ')),
    row('mseHigh', 'mid and south Essex: the four CCGs at England\'s level, highest first-year `accessFailure`', Math.max(...mse.map((x) => x.access)), 0.1, 0.15, '0.10-0.15', f(Math.max(...mse.map((x) => x.access)), 3)),
  ];
}

/** Mid and south Essex doing nothing: the first year's access failure of each CCG other than Thurrock. */
function mseAtEngland(): { name: string; access: number }[] {
  const b = BASELINES.mse!;
  const r = runDeterministic(load({ name: 'MSE', baseline: 'mse', start: '2015-04', years: 1 }), b);
  return r.localities.filter((l) => l.area !== '07G').map((l) => ({ name: l.name, access: l.metrics.accessFailure[0]!.mean }));
}

const base: ScenarioInput = { name: 'Do nothing', baseline: 'thurrock', start: '2015-04', years: 10 };
/** Posts of each role filled in April 2016 for the per-FTE targets. */
export const POSTS = 5;
type Final = { gap: number; fte: Record<string, number>; access: number; unmet: number; cost: number; ae: number };
function final(s: Scenario): Final {
  const m = runDeterministic(s, thurrock).total.metrics;
  const t = m.gpFteGap.length - 1;
  return {
    gap: m.gpFteGap[t]!.mean, access: m.accessFailure[t]!.mean, unmet: m.unmet[t]!.mean, cost: m.costPrimaryCareCumulative[t]!.mean, ae: m.aeAttendances[t]!.mean,
    fte: Object.fromEntries(['gpAll', 'anp', 'pa', 'pharmacist', 'physio', 'paramedic'].map((r) => [r, m[`fte.${r}` as 'fte.gp'][t]!.mean])),
  };
}

export interface LeverEffect { lever: string; role: string; fteInPost: number; gapClosed: number; perFte: number; lo: number; hi: number; aeAvoided: number }
const LEVERS: [string, string, number, number][] = [
  ['anp', 'an ANP (hired)', 0.4, 0.7], ['pa', 'a physician associate', 0.3, 0.55], ['pharmacist', 'a clinical pharmacist', 0.2, 0.55],
  ['physio', 'a first-contact physio', 0.2, 0.5], ['paramedic', 'a paramedic', 0.15, 0.6],
];

/** GP FTE of gap closed in 2024/25 per FTE in post, for GPs and each new role, posts filled from April 2016. */
export function perFteEffects(): LeverEffect[] {
  const none = final(load(base));
  const gp0 = thurrock.practices.reduce((a, p) => a + p.fte.gp, 0);
  // GP posts: five more, and a campaign that fills every GP vacancy at once (so more GPs stay in post).
  const gp = final(load({ ...base, interventions: [{ type: 'recruit', from: '2016-04', role: 'gp', targetFte: gp0 + POSTS, ftePerYear: 12 * POSTS, fillRate: 1 }] }));
  const dGp = gp.fte.gpAll! - none.fte.gpAll!;
  const out: LeverEffect[] = [{ lever: 'a GP', role: 'gp', fteInPost: dGp, gapClosed: none.gap - gp.gap, perFte: (none.gap - gp.gap) / dGp, lo: 0.9, hi: 1.2, aeAvoided: (none.ae - gp.ae) / dGp }];
  for (const [role, lever, lo, hi] of LEVERS) {
    const r = final(load({ ...base, interventions: [{ type: 'hireAhp', from: '2016-04', role, ftePerYear: 12 * POSTS, maxFte: POSTS, fillRate: 1 }] }));
    const d = r.fte[role]! - none.fte[role]!;
    out.push({ lever, role, fteInPost: d, gapClosed: none.gap - r.gap, perFte: (none.gap - r.gap) / d, lo, hi, aeAvoided: (none.ae - r.ae) / d });
  }
  return out;
}

/** Section "What the evidence says": each lever on Thurrock against doing nothing, then the examples on 200 runs. */
export function evidenceTargets(examples: Map<string, ScenarioResult>, mergeCompare: { pBetterUnmet: number }, strategyCompare: Record<'gpFteGap' | 'unmet' | 'accessFailure', number>): Target[] {
  const effects = perFteEffects();
  const out: Target[] = effects.map((e) =>
    row(`perFte.${e.role}`, `${e.lever}: GP FTE of gap closed per FTE in post, 2024/25`, e.perFte, e.lo, e.hi, `${e.lo}-${e.hi}`, `${f(e.perFte)} (${f(e.gapClosed, 1)} of gap for ${f(e.fteInPost, 1)} FTE)`));
  const gpPer = out[0]!.value;
  const best = Math.max(...out.slice(1).map((r) => r.value));
  out.push(row('noRoleBeatsGp', 'the best new role per FTE, against a GP', best - gpPer, -Infinity, 0, 'below a GP', `${f(best)} against ${f(gpPer)}`));
  const none = final(load(base));
  const nav = final(load({ ...base, interventions: [{ type: 'careNavigation', from: '2016-04', share: 0.5 }] }));
  out.push(row('gp.ae', 'one GP FTE more, in post from April 2016: A&E attendances avoided a year, 2024/25', effects[0]!.aeAvoided, -Infinity, 350, 'at most 350', f(effects[0]!.aeAvoided, 0)));
  out.push(row('navigation', 'care navigation at 50%: GP FTE of gap closed, 2024/25', none.gap - nav.gap, -Infinity, 2, 'at most 2', f(none.gap - nav.gap)));
  const dn = final(example('do-nothing')), mg = final(example('merge-localities'));
  out.push(row('merge.access', 'merging (the example): change in `accessFailure`, 2024/25', mg.access - dn.access, -0.005, 0.02, '-0.005 to +0.02', (mg.access - dn.access >= 0 ? '+' : '') + f(mg.access - dn.access, 4)));
  out.push(row('merge.unmet', 'merging: change in unmet episodes, 2024/25', mg.unmet / dn.unmet - 1, -0.08, 0.05, '-8% to +5%', pct(mg.unmet / dn.unmet - 1)));
  out.push(row('merge.cost', 'merging: change in cumulative primary-care cost to 2024/25 (GBP m)', (mg.cost - dn.cost) / 1e6, -3, 3, 'within 3', f((mg.cost - dn.cost) / 1e6)));
  out.push(row('merge.pBetter', '`capsim compare do-nothing merge-localities`: P(better) for unmet, 2024/25', mergeCompare.pBetterUnmet, 0, 0.949999, 'below 0.95', f(mergeCompare.pBetterUnmet)));
  // A&E.
  const d = examples.get('do-nothing')!;
  const per = (r: ScenarioResult['total'] | ScenarioResult['localities'][number], t: number) => r.metrics.aeAttendances[t]!.mean / r.metrics.population[t]!.mean;
  const last = d.periods.length - 1;
  out.push(row('ae.rise', 'do-nothing A&E per 1,000, 2024/25 against the start', per(d.total, last) / per(d.total, 0), 0, 1.35, 'at most 1.35 x', `${f(per(d.total, last) / per(d.total, 0))} x (${f(1000 * per(d.total, 0), 0)} to ${f(1000 * per(d.total, last), 0)})`));
  let wrong = 0, where = 'none';
  for (const [name, r] of examples) {
    if (r.localities.length < 2) continue;
    r.periods.forEach((p, t) => {
      const byAccess = [...r.localities].sort((a, b) => a.metrics.accessFailure[t]!.mean - b.metrics.accessFailure[t]!.mean);
      const byAe = [...r.localities].sort((a, b) => per(b, t) - per(a, t));
      if (byAccess[0]!.id === byAe[0]!.id) { wrong++; where = `${name} ${p}`; }
    });
  }
  out.push(row('ae.order', 'years in which the locality with the lowest access failure has the most A&E per 1,000 (every example)', wrong, 0, 0, 'none', wrong ? `${wrong} (e.g. ${where})` : '0'));
  // The decision measure.
  const dnMax = Math.max(...d.total.metrics.probGapClosed.map((s) => s.mean));
  out.push(row('pGap.doNothing', 'do-nothing `probGapClosed`, every year', dnMax, 0, 0.05, 'at most 0.05', f(dnMax)));
  const er = examples.get('england-ratio')!;
  const t21 = er.periods.indexOf('2020/21');
  out.push(row('pGap.england', "England's ratio in every practice from 2016/17: `probGapClosed` 2020/21", er.total.metrics.probGapClosed[t21]!.mean, 0.5, 1, 'at least 0.5', f(er.total.metrics.probGapClosed[t21]!.mean)));
  const ref = PARAM_BY_KEY.get('access.failureRef')!.value as { p10: number; p90: number };
  const closedAt = (x: number) => runDeterministic(withParams(example('england-ratio'), { 'access.failureRef': x }), thurrock).total.metrics.probGapClosed[t21]!.mean;
  const both = Math.min(closedAt(ref.p10), closedAt(ref.p90));
  out.push(row('pGap.englandRef', "England's ratio, deterministic, closed in 2020/21 with `access.failureRef` at its p10 and at its p90", both, 1, 1, 'closed in both', `${closedAt(ref.p10) ? 'closed' : 'open'} at ${ref.p10}, ${closedAt(ref.p90) ? 'closed' : 'open'} at ${ref.p90}`));
  const st = examples.get('strategy')!;
  const share = st.total.metrics.gapClosedShare[last]!.p50;
  out.push(row('strategy.closed', 'the strategy (with recruit and retain): `gapClosedShare` p50, 2024/25', share, 0.1, 0.7, '0.1-0.7', f(share)));
  const worst = Math.min(strategyCompare.gpFteGap, strategyCompare.unmet, strategyCompare.accessFailure);
  out.push(row('strategy.pBetter', 'the strategy against doing nothing: least P(better) of the gap, unmet care and access, 2024/25', worst, 0.9000001, 1, 'above 0.9',
    `gap ${f(strategyCompare.gpFteGap)}, unmet ${f(strategyCompare.unmet)}, access ${f(strategyCompare.accessFailure)}`));
  const trad = example('traditional-45-gps');
  const says = /seeds' arithmetic/.test(trad.description ?? '') && /faster than any CCG of Thurrock's size/.test(trad.description ?? '') ? 1 : 0;
  out.push(row('traditional.says', "the traditional-45 example says it reproduces the seeds' arithmetic and recruits faster than any CCG of Thurrock's size managed", says, 1, 1, 'says both', says ? 'says both' : 'does not'));
  const trGp = examples.get('traditional-45-gps')!.total.metrics['fte.gpAll'], dnGp = d.total.metrics['fte.gpAll'];
  const t16 = er.periods.indexOf('2016/17');
  const pace = ((trGp[t21]!.p50 - dnGp[t21]!.p50) - (trGp[t16]!.p50 - dnGp[t16]!.p50)) / (t21 - t16);
  out.push(row('traditional.pace', 'the traditional-45 example: GP FTE a year above doing nothing, 2016/17 to 2020/21', pace, 5.5, 8, '5.5-8 (about 6-7)', f(pace, 1)));
  return out;
}

/** The Thurrock examples on 200 runs, common random numbers, and the merge comparison. */
export function runExamples(runs = 200): { results: Map<string, ScenarioResult>; mergeCompare: { pBetterUnmet: number }; strategyCompare: Record<'gpFteGap' | 'unmet' | 'accessFailure', number> } {
  const names = exampleNames().filter((n) => example(n).baseline === 'thurrock' && n !== 'do-nothing');
  const { results, comparisons } = compareScenarios([example('do-nothing'), ...names.map(example)], thurrock, { runs });
  const map = new Map<string, ScenarioResult>([['do-nothing', results[0]!], ...names.map((n, i) => [n, results[i + 1]!] as const)]);
  const c = comparisons[names.indexOf('merge-localities')]!;
  const sc = comparisons[names.indexOf('strategy')]!, last = sc.periods.length - 1;
  return {
    results: map, mergeCompare: { pBetterUnmet: c.total.metrics.unmet[c.periods.length - 1]!.pBetter! },
    strategyCompare: { gpFteGap: sc.total.metrics.gpFteGap[last]!.pBetter!, unmet: sc.total.metrics.unmet[last]!.pBetter!, accessFailure: sc.total.metrics.accessFailure[last]!.pBetter! },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { results, mergeCompare, strategyCompare } = runExamples();
  for (const t of [...calibrationTargets(results), ...evidenceTargets(results, mergeCompare, strategyCompare)]) console.log(`${t.met ? 'met    ' : 'NOT MET'} ${t.quantity}: ${t.shown} (target ${t.band})`);
}

/**
 * Targets the model does not meet with parameters inside their evidence: the band the figure is known to
 * lie in, and why (docs/model.md, "Where the model misses its targets"). The tests hold each figure to its
 * band, so a change that moves it (or meets the target) is seen and documented.
 */
export const KNOWN_MISSES: Record<string, { reached: [number, number]; why: string }> = {
  servedPerHead: {
    reached: [5.2, 5.25],
    why: "At the band's upper edge (5.203 against 5.2): with England's reference on Thurrock's own counting basis (1,650 patients per GP FTE) Thurrock's GPs are at about 80% of England's per head, and stretch makes up most of it (GP appointments per head 0.94 of England's practice's), so little of the first year's demand fails. The model's England practice serves about 5.4 a head on the 2008 consultation rates; England recorded about 5.2 in 2019. Nothing inside the evidence brings it under 5.2 without moving a parameter for this row alone.",
  },
};

/** The final-year table of every Thurrock example (200 runs, medians with 80% ranges), for the README. */
export function examplesTable(results: Map<string, ScenarioResult>): string {
  const r3 = (s: { p10: number; p50: number; p90: number }, fmt: (x: number) => string) => `${fmt(s.p50)} (${fmt(s.p10)} to ${fmt(s.p90)})`;
  const d1 = (x: number) => x.toFixed(1), d2 = (x: number) => x.toFixed(2), p1 = (x: number) => `${(100 * x).toFixed(1)}%`, m1 = (x: number) => `£${(x / 1e6).toFixed(1)}m`;
  const rows = [...results].map(([name, r]) => {
    const m = r.total.metrics, t = r.periods.length - 1;
    const ae = (1000 * m.aeAttendances[t]!.p50) / m.population[t]!.p50;
    return `| \`${name}\` | ${r3(m.gapClosedShare[t]!, d2)} | ${r3(m.gpFteGap[t]!, d1)} | ${d2(m.probGapClosed[t]!.mean)} | ${r3(m.accessFailure[t]!, p1)} | ${r3(m.unmetShare[t]!, p1)} | ${ae.toFixed(0)} | ${r3(m.costPrimaryCareCumulative[t]!, m1)} |`;
  });
  const period = [...results.values()][0]!.periods.at(-1)!;
  return [`Thurrock, ${period}, median and 80% range of 200 runs on common random numbers (\`npx tsx scripts/model-doc.ts\` writes this table).`, '',
    '| example | `gapClosedShare` | `gpFteGap` | `probGapClosed` | `accessFailure` | `unmetShare` | A&E per 1,000 (p50) | primary-care cost to date |',
    '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}
