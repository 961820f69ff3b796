/**
 * England's practice for a result (model 4): the reference it was measured against, on the baseline's own
 * counting basis and year (labelled with both: "England 1,650 per GP FTE in 2015/16, same basis"), with what an England practice does there. Results saved before model 4 carry no
 * reference: theirs was the seeds' headcount ratio, 1,321, and its load of 21.7 a day.
 */
import { englandLoad, type ScenarioResult } from '../../../engine/core.ts';
import { num } from './format.ts';

export interface England {
  patientsPerGpFte: number;
  /** GP appointments a GP FTE serves a day at England's staffing: the reference load less England's failures. */
  perDay: number;
  /** "England 1,650 per GP FTE in 2015/16, same basis", or the seeds' ratio for older results. */
  label: string;
}

/** The year England's reference is of: the baseline's data year, the result's first (without its months). */
const year = (first: string | undefined) => (first ? ` in ${first.replace(/\s*\(.*\)$/, '')}` : '');

export function englandOf(r: Pick<ScenarioResult, 'reference' | 'model'> & { periods?: string[] } | null | undefined): England {
  const ppg = r?.reference?.patientsPerGpFte;
  if (ppg === undefined) return { patientsPerGpFte: 1321, perDay: 21.7 * 0.885, label: 'England 1,321 (the seeds\' headcount ratio, as saved)' };
  // The load the run itself used (a built baseline scales it by England's demand and GP share in the same files).
  const load = r?.reference?.loadRef;
  return { patientsPerGpFte: ppg, perDay: (load !== undefined && Number.isFinite(load) ? load : englandLoad(ppg).loadRef) * 0.885, label: `England ${num(ppg)} per GP FTE${year(r?.periods?.[0])}, same basis` };
}
