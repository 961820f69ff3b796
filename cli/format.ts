/** Output formats: long CSV, the board summary, comparison tables and readable terminal tables. */
import { csvRow, METRICS, type Comparison, type Metric, type ScenarioResult, type Summary } from '../engine/core.ts';
export { csvRow, LONG_HEADER, longRows } from '../engine/core.ts';

export const SUMMARY_HEADER = [
  'scenario', 'name', 'runs', 'seed', 'final_year',
  'unmet_p10', 'unmet_p50', 'unmet_p90', 'unmet_share_p50', 'access_failure_p10', 'access_failure_p50', 'access_failure_p90',
  'gp_fte_gap_p10', 'gp_fte_gap_p50', 'gp_fte_gap_p90', 'gp_fte_p50', 'locum_fte_p50',
  'patients_per_gp_fte_p50', 'gp_appts_per_gp_day_p50', 'ae_attendances_p50', 'cost_cumulative_p50', 'prob_gap_closed',
  'gap_closed_share_p10', 'gap_closed_share_p50', 'gap_closed_share_p90', 'cost_primary_care_cumulative_p50', 'cost_ae_p50', 'signposted_p50',
  'additional_gp_fte_like_for_like_p50', 'additional_gp_fte_traditional_p50', 'reference_patients_per_gp_fte',
];

export function summaryRow(id: string, r: ScenarioResult, extra: (string | number)[] = []): string {
  const last = r.periods.length - 1;
  const m = r.total.metrics;
  const at = (k: Metric) => m[k][last]!;
  return csvRow([
    ...extra, id, r.scenario.name, r.runs, r.seed, r.periods[last]!,
    at('unmet').p10, at('unmet').p50, at('unmet').p90, at('unmetShare').p50, at('accessFailure').p10, at('accessFailure').p50, at('accessFailure').p90,
    at('gpFteGap').p10, at('gpFteGap').p50, at('gpFteGap').p90, at('fte.gp').p50, at('locumFte').p50,
    at('patientsPerGpFte').p50, at('gpApptsPerGpDay').p50, at('aeAttendances').p50, at('costCumulative').p50, at('probGapClosed').mean,
    at('gapClosedShare').p10, at('gapClosedShare').p50, at('gapClosedShare').p90, at('costPrimaryCareCumulative').p50, at('costAe').p50, at('signposted').p50,
    at('additionalGpFteLikeForLike').p50, at('additionalGpFteTraditional').p50, r.reference.patientsPerGpFte,
  ]);
}

const fmt = (v: number) => {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return '-';
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 100) return v.toFixed(0);
  return v.toFixed(a >= 10 ? 1 : 2);
};

/** Control characters (terminal escapes) in text that came from a file, made visible and harmless. */
export const printable = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A plain text table: the first column left-aligned, the others right-aligned; cells printed harmless. */
export function textTable(header: string[], rawRows: string[][]): string {
  const rows = rawRows.map((r) => r.map(printable));
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ').trimEnd();
  return [line(header), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** The gap leads (model 4): the share of its own start gap a scenario closes, the gap, then the chance it is closed. */
const TABLE_METRICS: Metric[] = ['gapClosedShare', 'gpFteGap', 'probGapClosed', 'population', 'demand', 'served', 'servedPerHead', 'signposted', 'unmet', 'unmetShare', 'accessFailure',
  'gpApptsPerGpDay', 'fte.gp', 'locumFte', 'patientsPerGpFte', 'additionalGpFteLikeForLike', 'additionalGpFteTraditional', 'waitWeeks', 'aeAttendances', 'costPrimaryCare', 'costAe',
  'costPrimaryCareCumulative'];
const SHARES = new Set<Metric>(['unmetShare', 'accessFailure']);

/** First- and final-year summary per locality: median with the 80% interval. */
export function resultTable(r: ScenarioResult): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const cell = (s: Summary, m: Metric) => m === 'probGapClosed' ? `${(s.mean * 100).toFixed(0)}%`
    : SHARES.has(m) ? `${pct(s.p50)} (${pct(s.p10)}-${pct(s.p90)})`
      : s.p10 < 0 || s.p90 < 0 ? `${fmt(s.p50)} (${fmt(s.p10)} to ${fmt(s.p90)})` : `${fmt(s.p50)} (${fmt(s.p10)}-${fmt(s.p90)})`;
  const cols = [...r.localities.map((l) => l.id), 'total'];
  const at = (t: number) => {
    const rows = TABLE_METRICS.map((m) => [m, ...r.localities.map((l) => cell(l.metrics[m][t]!, m)), cell(r.total.metrics[m][t]!, m)]);
    const ae = r.total.metrics.aeAttendances[t]!.p50, pop = r.total.metrics.population[t]!.p50;
    rows.splice(rows.findIndex((x) => x[0] === 'aeAttendances') + 1, 0, ['aePer1000 (p50)', ...r.localities.map((l) => fmt((1000 * l.metrics.aeAttendances[t]!.p50) / l.metrics.population[t]!.p50)), fmt((1000 * ae) / pop)]);
    return `${printable(r.scenario.name)}: ${r.periods[t]} (median and 80% interval over ${r.runs} runs, seed ${r.seed})\n` + textTable(['metric', ...cols], rows);
  };
  const last = r.periods.length - 1;
  return (last > 0 ? `${at(0)}\n${at(last)}` : at(0)) + referenceNote(r);
}

/**
 * Why the seeds' shortfall and the like-for-like one differ (model 4), in one sentence with this result's figures.
 * @example 'additionalGpFteLikeForLike counts against England's 1,650 patients per GP FTE on the same basis...'
 */
export function referenceNote(r: ScenarioResult): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-GB');
  const s = r.total.start;
  return `\nadditionalGpFteLikeForLike (${(s.additionalGpFteLikeForLike ?? 0).toFixed(1)} at the start) counts GP FTE against England's ${n(r.reference.patientsPerGpFte)} patients per GP FTE on the baseline's own basis (registrars and locums counted); ` +
    `additionalGpFteTraditional (${(s.additionalGpFteTraditional ?? 0).toFixed(1)}) is the seeds' arithmetic against England's ${n(r.reference.seedsPatientsPerGp)} patients per GP by headcount, a mixed basis that overstates the shortfall.\n`;
}

const COMPARE_METRICS: Metric[] = ['unmet', 'unmetShare', 'accessFailure', 'gpFteGap', 'gapClosedShare', 'fte.gp', 'locumFte', 'patientsPerGpFte', 'gpApptsPerGpDay', 'waitWeeks', 'aeAttendances',
  'costPrimaryCareCumulative', 'costAe', 'costCumulative', 'probGapClosed'];

export function comparisonTable(c: Comparison): string {
  const last = c.periods.length - 1;
  const rows = COMPARE_METRICS.map((m) => {
    const s = c.total.metrics[m][last]!;
    return [m, `${s.mean >= 0 ? '+' : ''}${fmt(s.mean)}`, `${fmt(s.p10)} to ${fmt(s.p90)}`, s.pBetter === null ? '-' : `${(s.pBetter * 100).toFixed(0)}%`];
  });
  return `${printable(c.scenario.name)} vs ${printable(c.baseline.name)}, ${c.periods[last]} (common random numbers, ${c.runs} runs)\n` +
    textTable(['metric', 'difference (mean)', '80% interval', 'P(better)'], rows);
}

export const COMPARE_HEADER = ['baseline', 'scenario', 'locality', 'period', 'metric', 'diff_mean', 'diff_p10', 'diff_p50', 'diff_p90', 'p_better'];

export function comparisonRows(c: Comparison): string {
  let out = '';
  const put = (loc: string, metrics: Comparison['total']['metrics']) => {
    for (const m of METRICS) metrics[m].forEach((s, t) => (out += csvRow([c.baseline.name, c.scenario.name, loc, c.periods[t]!, m, s.mean, s.p10, s.p50, s.p90, s.pBetter ?? ''])));
  };
  for (const l of c.localities) put(l.id, l.metrics);
  put('total', c.total.metrics);
  return out;
}
