/**
 * The summary results a saved version stores (server/summarise.ts), computed and compacted in one place:
 * in the summary worker (node/summary-entry.ts) for the server, in this thread for tests. What is stored
 * is bounded: at most MAX_STORED_LOCALITIES localities keep their own results (the largest by registered
 * patients); the area's total always covers every locality, and the version says so (issue 32).
 */
import { inThread, runJob, type Baseline, type Scenario, type ScenarioResult } from '../engine/index.ts';

/** Localities whose own results a version stores: an ICB's 42 PCNs fit; England's 1,332 do not. */
export const MAX_STORED_LOCALITIES = 60;

/** The result with at most `max` localities (the largest by registered patients, in the baseline's order), and what was left out. */
export function boundedLocalities(r: ScenarioResult, max = MAX_STORED_LOCALITIES): { result: ScenarioResult; note: string | null } {
  if (r.localities.length <= max) return { result: r, note: null };
  const keep = new Set(r.localities.map((l, i) => ({ i, pop: l.start.population ?? 0 })).sort((a, b) => b.pop - a.pop || a.i - b.i).slice(0, max).map((x) => x.i));
  const note = `results by locality kept for the ${max} largest of its ${r.localities.length.toLocaleString('en-GB')} localities (the server's limit per version); the area's total covers all of them`;
  return { result: { ...r, localities: r.localities.filter((_, i) => keep.has(i)) }, note };
}

/**
 * Results rounded to 6 significant digits, without the scenario's name (the version has it): what is
 * stored and served.
 */
export function compactResults(r: ScenarioResult): string {
  return JSON.stringify(r, (k, v: unknown) => (k === 'scenario' && v === r.scenario ? undefined : typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v));
}

/** One save's summary: `runs` runs of the scenario (through the engine's job runner), bounded and compacted; `note` says what was bounded. */
export async function storedSummary(s: Scenario, b: Baseline, runs: number, maxLocalities = MAX_STORED_LOCALITIES): Promise<{ text: string; note: string | null }> {
  const job = await runJob([inThread()], { scenarios: [s], baseline: b, runs, seed: s.seed, resolution: 'year' });
  const { result, note } = boundedLocalities(job.results[0]!, maxLocalities);
  return { text: compactResults(result), note };
}
