/** Results as long-format CSV (scenario, area, locality, period, metric, mean, p10, p50, p90). */
import { METRICS, type Metric, type ScenarioResult, type Summary } from './types.ts';

/**
 * One CSV cell. Text that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage
 * return: a scenario name is data, never a formula) is prefixed with an apostrophe, as OWASP advises.
 */
const csvCell = (v: string | number) => {
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '') : v;
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
export const csvRow = (cells: readonly (string | number)[]) => cells.map(csvCell).join(',') + '\n';

export const LONG_HEADER = ['scenario', 'area', 'locality', 'period', 'metric', 'mean', 'p10', 'p50', 'p90'];

/** Long-format rows of a result; `extra` cells (sweep values) go first. */
export function longRows(id: string, r: ScenarioResult, extra: (string | number)[] = []): string {
  let out = '';
  const put = (area: string, loc: string, metrics: Record<Metric, Summary[]>) => {
    for (const m of METRICS) {
      metrics[m].forEach((s, t) => (out += csvRow([...extra, id, area, loc, r.periods[t]!, m, s.mean, s.p10, s.p50, s.p90])));
    }
  };
  for (const l of r.localities) put(l.area, l.id, l.metrics);
  put('all', 'total', r.total.metrics);
  return out;
}

