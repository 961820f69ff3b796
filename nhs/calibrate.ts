/**
 * Calibration to the area (docs/data.md): each Sub-ICB's demand.scale is fitted so that the model's served
 * appointments per head in the first twelve months, doing nothing, deterministic, match the area's recorded
 * ones (attended plus unknown status). Appointments in General Practice do not count in the unit of the
 * consultation rates the demand uses, so this is a fit of units as much as of need, and is said so.
 */
import { loadScenario } from '../engine/load.ts';
import { runDeterministic } from '../engine/run.ts';
import type { Baseline } from '../engine/types.ts';
import { buildBaseline, type BuildInputs, type BuildOptions, type BuildOutput, type RecordedArea } from './build.ts';

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

/** The whole import, as the CLI and the browser's worker both run it: build, then calibrate where appointments were given. */
export async function buildArea(inputs: BuildInputs, o: BuildOptions): Promise<BuildOutput & { calibration: CalibrationRow[] | null }> {
  const built = await buildBaseline(inputs, o);
  if (!built.recorded?.length) return { ...built, calibration: null };
  o.onProgress?.({ phase: 'calibration', bytes: 0 });
  const c = calibrate(built.baseline, built.recorded);
  return { ...built, baseline: c.baseline, calibration: c.rows };
}
