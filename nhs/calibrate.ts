/**
 * Calibration to the area (docs/data.md): each Sub-ICB's demand.scale is fitted so that the model's served
 * appointments per head in the first twelve months, doing nothing, deterministic, match the area's recorded
 * ones (attended plus unknown status). Appointments in General Practice do not count in the unit of the
 * consultation rates the demand uses, so this is a fit of units as much as of need, and is said so.
 */
import { loadScenario } from '../engine/load.ts';
import { runDeterministic } from '../engine/run.ts';
import { loadBaseline } from '../engine/baseline.ts';
import type { Baseline, BaselinePractice } from '../engine/types.ts';
import { PARAM_BY_KEY } from '../engine/defaults.ts';
import { BUILT_GP_FILL_RATE, buildBaseline, type BuildInputs, type BuildOptions, type BuildOutput, type EarlierChange, type RecordedArea } from './build.ts';

export interface CalibrationRow {
  area: string; name: string; recorded: number; modelled: number; recordedGp: number; modelledGp: number;
  recordedOther: number; modelledOther: number; scale: number; accessFailure: number; gpApptsPerGpDay: number; note?: string;
}

const LO = 0.1, HI = 10;

/** Served per head (all, GP) and access failure per area in the first 12 months at the baseline's scales. */
export function firstYear(b: Baseline): Map<string, { perHead: number; gpPerHead: number; accessFailure: number; gpApptsPerGpDay: number }> {
  const loaded = loadScenario({ name: 'Calibration: doing nothing', baseline: b.id, years: 1, runs: 1 }, { [b.id]: b });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  const r = runDeterministic(loaded.value, b, 'month');
  const out = new Map<string, { served: number; gp: number; pop: number; fail: number; gpDay: number; w: number }>();
  for (const l of r.localities) {
    const m = l.metrics;
    const months = Math.min(12, m.served.length);
    let served = 0, gp = 0, pop = 0, fail = 0, gpDay = 0;
    for (let t = 0; t < months; t++) {
      served += m.served[t]!.mean; gp += m.servedGp[t]!.mean; pop += m.population[t]!.mean / months;
      fail += m.accessFailure[t]!.mean / months; gpDay += m.gpApptsPerGpDay[t]!.mean / months;
    }
    const e = out.get(l.area) ?? { served: 0, gp: 0, pop: 0, fail: 0, gpDay: 0, w: 0 };
    e.served += served * (12 / months); e.gp += gp * (12 / months); e.pop += pop; e.fail += fail * pop; e.gpDay += gpDay * pop; e.w += pop;
    out.set(l.area, e);
  }
  return new Map([...out].map(([a, e]) => [a, { perHead: e.served / e.pop, gpPerHead: e.gp / e.pop, accessFailure: e.fail / e.w, gpApptsPerGpDay: e.gpDay / e.w }]));
}

const withScales = (b: Baseline, scales: Map<string, number>): Baseline => ({ ...b, areas: b.areas.map((a) => (scales.has(a.id) ? { ...a, demandScale: scales.get(a.id)! } : a)) });

/**
 * Fit every area's scale at once (areas do not interact doing nothing). Served appointments grow about in
 * proportion to the scale until capacity binds, so the first step is proportional and the next are secant
 * steps (clamped to 0.1-10); a run costs one deterministic year, and a handful of them reach 0.01%.
 */
export function calibrate(b: Baseline, recorded: readonly RecordedArea[]): { baseline: Baseline; rows: CalibrationRow[] } {
  const target = new Map(recorded.map((r) => [r.area, r.perHead]));
  const ids = b.areas.map((a) => a.id).filter((a) => target.has(a));
  const clamp = (x: number) => Math.min(HI, Math.max(LO, x));
  let prev: Map<string, { s: number; m: number }> | null = null;
  let cur = new Map(ids.map((a) => [a, 1]));
  const done = new Set<string>();
  for (let it = 0; it < 20 && done.size < ids.length; it++) {
    const fy = firstYear(withScales(b, cur));
    const next = new Map(cur);
    const here = new Map<string, { s: number; m: number }>();
    for (const a of ids) {
      const s = cur.get(a)!, m = fy.get(a)!.perHead, t = target.get(a)!;
      here.set(a, { s, m });
      if (Math.abs(m / t - 1) < 1e-4) { done.add(a); continue; }
      const p = prev?.get(a);
      const slope = p && p.s !== s ? (m - p.m) / (s - p.s) : m / s;
      next.set(a, clamp(slope > 1e-9 ? s + (t - m) / slope : s * 2));
    }
    prev = here;
    cur = next;
  }
  const scales = new Map(ids.map((a) => [a, Math.round(cur.get(a)! * 1e4) / 1e4]));
  const notes = new Map<string, string>();
  const unmet = ids.filter((a) => !done.has(a));
  if (unmet.length) {
    const top = firstYear(withScales(b, new Map(unmet.map((a) => [a, HI]))));
    for (const a of unmet) {
      if (top.get(a)!.perHead < target.get(a)! * 0.995) {
        notes.set(a, `recorded ${target.get(a)!.toFixed(2)} a head is more than the modelled staff can serve (${top.get(a)!.perHead.toFixed(2)} at most): the national default scale is kept; check the workforce figures`);
        scales.delete(a);
      }
    }
  }
  const byArea = new Map(recorded.map((r) => [r.area, r]));
  const calibrated = withScales(b, scales);
  const fy = firstYear(calibrated);
  const rows = b.areas.filter((a) => target.has(a.id)).map((a) => {
    const t = byArea.get(a.id)!, m = fy.get(a.id)!;
    return {
      area: a.id, name: a.name, recorded: t.perHead, modelled: m.perHead, recordedGp: t.gpPerHead, modelledGp: m.gpPerHead,
      recordedOther: t.otherPerHead, modelledOther: m.perHead - m.gpPerHead, scale: scales.get(a.id) ?? 1, accessFailure: m.accessFailure, gpApptsPerGpDay: m.gpApptsPerGpDay,
      ...(notes.has(a.id) ? { note: notes.get(a.id)! } : {}),
    };
  });
  const months = [...new Set(recorded.flatMap((r) => r.months))].sort();
  calibrated.sources = {
    ...calibrated.sources,
    'areas[].demandScale': `calibrated: each Sub-ICB's demand.scale fitted so that served appointments per head in the first 12 months, doing nothing, match Appointments in General Practice (${months[0]} to ${months[months.length - 1]}, attended plus unknown status, annualised; ${recorded[0]?.coverage ?? ''})`,
  };
  return { baseline: calibrated, rows };
}

export interface FillRow { area: string; name: string; observed: number; modelled: number; fillRate: number; months: number; practices: number; note?: string }

/** Each area's GP FTE (including locums) 12 months on against the start, doing nothing, deterministic. */
export function gpChange(b: Baseline): Map<string, number> {
  const loaded = loadScenario({ name: 'Calibration: GP fill rate', baseline: b.id, years: 1, runs: 1 }, { [b.id]: b });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  const r = runDeterministic(loaded.value, b, 'month');
  const acc = new Map<string, { start: number; end: number }>();
  for (const l of r.localities) {
    const e = acc.get(l.area) ?? { start: 0, end: 0 };
    e.start += l.start['fte.gpAll']!; e.end += l.metrics['fte.gpAll'][l.metrics['fte.gpAll'].length - 1]!.mean;
    acc.set(l.area, e);
  }
  return new Map([...acc].map(([a, e]) => [a, e.end / e.start - 1]));
}

const FILL_HI = 5;
/**
 * Model 4 (1a): each Sub-ICB's GP fill rate fitted to its own change between two workforce snapshots. GPs
 * start in balance at the default built rate (joiners equal leavers then); the fitted rate fills the standing
 * vacancy faster (growth) or slower (decline). Bisection on all areas at once (they do not interact doing
 * nothing); GP FTE rises with the fill rate.
 */
export function fitGpFill(b: Baseline, changes: readonly EarlierChange[]): { baseline: Baseline; rows: FillRow[] } {
  const target = new Map(changes.map((c) => [c.area, c.annual]));
  const ids = b.areas.map((a) => a.id).filter((a) => target.has(a));
  const lo = new Map(ids.map((a) => [a, 0])), hi = new Map(ids.map((a) => [a, FILL_HI]));
  const at = (fills: Map<string, number>): Baseline => ({ ...b, areas: b.areas.map((a) => (fills.has(a.id) ? { ...a, gpFillRate: fills.get(a.id)!, gpBalanceFillRate: BUILT_GP_FILL_RATE } : a)) });
  for (let it = 0; it < 22; it++) {
    const mid = new Map(ids.map((a) => [a, (lo.get(a)! + hi.get(a)!) / 2]));
    const got = gpChange(at(mid));
    for (const a of ids) (got.get(a)! < target.get(a)! ? lo : hi).set(a, mid.get(a)!);
  }
  const fills = new Map(ids.map((a) => [a, Math.round(((lo.get(a)! + hi.get(a)!) / 2) * 1e4) / 1e4]));
  const fitted = at(fills);
  const got = gpChange(fitted);
  const byArea = new Map(changes.map((c) => [c.area, c]));
  const rows = ids.map((a) => {
    const c = byArea.get(a)!, m = got.get(a)!;
    const note = Math.abs(m - c.annual) > 0.01 ? `the model cannot reach ${(100 * c.annual).toFixed(1)}% a year with a fill rate of 0-${FILL_HI}: the nearest is kept` : undefined;
    return { area: a, name: b.areas.find((x) => x.id === a)!.name, observed: c.annual, modelled: m, fillRate: fills.get(a)!, months: c.months, practices: c.practices, ...(note ? { note } : {}) };
  });
  fitted.sources = { ...fitted.sources, 'areas[].gpFillRate': `fitted: each Sub-ICB's GP fill rate set so that, doing nothing, its GP FTE including locums changes over 12 months as it did between the two workforce snapshots (${changes[0]?.months ?? 12} months apart, practices in both), a year; GPs start in balance at ${BUILT_GP_FILL_RATE}` };
  return { baseline: fitted, rows };
}

/**
 * England's practice in the same files (model 4): the share of England's GP-type demand its GPs see at the
 * start, the rest taken by its other roles (practice and PCN staff), fitted so that England as one practice
 * fails `access.failureRef` (its likely value) of first attempts in the first month, as England's practice
 * does by definition. Bisection: access failure rises with the share.
 */
export function fitReferenceShare(b: Baseline, england: BaselinePractice): number {
  const ref = b.reference!;
  const failureRef = (PARAM_BY_KEY.get('access.failureRef')!.value as { likely: number }).likely;
  const at = (share: number): number => {
    const e: Baseline = {
      schema: 'capsim/baseline@1', id: 'england-same-files', name: 'England in the same files', description: 'England as one practice', start: b.start,
      areas: [{ id: 'E', name: 'England', demandScale: ref.demandScale ?? 1 }], localities: [{ id: 'england', name: 'England', area: 'E', hub: { gpAppointments: 0, nurseAppointments: 0 } }],
      practices: [england], reference: { ...ref, gpShare: share }, sources: {}, notes: [],
    };
    const loaded = loadScenario({ name: 'England', baseline: e.id, years: 1, runs: 1 }, { [e.id]: e });
    if (!loaded.ok) throw new Error(loaded.errors.map((x) => `${x.path}: ${x.message}`).join('; '));
    return runDeterministic(loaded.value, e, 'month').total.metrics.accessFailure[0]!.mean;
  };
  // A higher share means a higher reference load, so lower access failure for the same practice.
  let lo = 0.2, hi = 1.5;
  for (let it = 0; it < 30; it++) {
    const mid = (lo + hi) / 2;
    if (at(mid) > failureRef) lo = mid; else hi = mid;
  }
  return Math.round(((lo + hi) / 2) * 1e4) / 1e4;
}

/** The whole import, as the CLI and the browser's worker both run it: build, then calibrate where appointments were given, then fit GP fill rates where an earlier workforce file was. */
export async function buildArea(inputs: BuildInputs, o: BuildOptions): Promise<BuildOutput & { calibration: CalibrationRow[] | null; fill: FillRow[] | null }> {
  const built = await buildBaseline(inputs, o);
  // England's practice in the same files sets the reference load before anything is fitted against it.
  o.onProgress?.({ phase: 'England\'s reference', bytes: 0 });
  const share = fitReferenceShare(built.baseline, built.englandPractice);
  built.baseline.reference = { ...built.baseline.reference!, gpShare: share };
  built.baseline.reference.source += `; its GPs see ${(100 * share).toFixed(1)}% of its GP-type demand, the rest taken by its other practice and PCN staff (fitted so that England as one practice fails ${((PARAM_BY_KEY.get('access.failureRef')!.value as { likely: number }).likely * 100).toFixed(1)}% of first attempts)`;
  built.baseline.sources = { ...built.baseline.sources, reference: built.baseline.reference.source };
  let baseline = built.baseline, calibration: CalibrationRow[] | null = null, fill: FillRow[] | null = null;
  if (built.recorded?.length) {
    o.onProgress?.({ phase: 'calibration', bytes: 0 });
    const c = calibrate(baseline, built.recorded);
    baseline = c.baseline; calibration = c.rows;
  }
  if (built.earlier?.length) {
    o.onProgress?.({ phase: 'GP fill rates', bytes: 0 });
    const f = fitGpFill(baseline, built.earlier);
    baseline = f.baseline; fill = f.rows;
  }
  // A baseline the build writes always loads (issue 32): checked by the one door every baseline file goes through.
  const checked = loadBaseline(baseline);
  if (!checked.ok) throw new Error(`the built baseline would not load (${checked.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; ')}): nothing was written; please report it with the files' names`);
  return { ...built, baseline, calibration, fill };
}
