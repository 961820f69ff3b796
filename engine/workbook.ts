/**
 * Results as a workbook's sheets (issue 31): a summary, one sheet per locality (and the area's total) by
 * year with the mean and p10/p50/p90 of every metric, and the assumptions with their sources. Pure data:
 * the CLI (write-excel-file/node) and the web app (write-excel-file/browser) write it as .xlsx. The numbers
 * are those of the long CSV (engine/export.ts), rounded the same way.
 */
import { PARAMS } from './defaults.ts';
import { DEFINITIONS, showValue } from './describe.ts';
import type { Scenario } from './schema.ts';
import { METRICS, type Metric, type ScenarioResult, type Summary } from './types.ts';

export type WorkbookCell = string | number | null;
export interface WorkbookSheet { sheet: string; data: WorkbookCell[][]; columns: { width: number }[] }

/** The headline metrics of the summary sheet, in the cards' order. */
const HEADLINES: Metric[] = ['gapClosedShare', 'gpFteGap', 'probGapClosed', 'accessFailure', 'unmet', 'unmetShare', 'patientsPerGpFte', 'gpApptsPerGpDay', 'locumFte', 'aeAttendances', 'costPrimaryCareCumulative', 'costAe'];

/** A number as the CSV writes it (6 decimal places at most); not a number is an empty cell. */
const cell = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 1e6) / 1e6 : null);

/**
 * A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], unique in the workbook.
 * @example sheetName('Grays: north/south', new Set()) // 'Grays north south'
 */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Sheet';
  let out = base;
  for (let k = 2; taken.has(out.toLowerCase()); k++) out = `${base.slice(0, 31 - String(k).length - 1)} ${k}`;
  taken.add(out.toLowerCase());
  return out;
}

const rowsOf = (scenario: string, metrics: Record<Metric, Summary[]>, periods: string[]): WorkbookCell[][] =>
  METRICS.flatMap((m) => metrics[m].map((s, t): WorkbookCell[] => [scenario, m, periods[t]!, cell(s.mean), cell(s.p10), cell(s.p50), cell(s.p90)]));

/**
 * The workbook of one or more results (of scenarios run together): `scenarios` (the same order) give the
 * assumptions sheet.
 */
export function workbookSheets(results: readonly ScenarioResult[], scenarios: readonly Scenario[] = []): WorkbookSheet[] {
  const taken = new Set<string>();
  const first = results[0]!;
  const last = first.periods.length - 1;
  const summary: WorkbookCell[][] = [
    ['capsim results', null, null, null, null, null, null, null, null],
    ['model', first.model, null, null, null, null, null, null, null],
    ['runs', first.runs, 'seed', first.seed, null, null, null, null, null],
    ['England\'s patients per GP FTE (same basis)', first.reference?.patientsPerGpFte ?? null, null, null, null, null, null, null, null],
    [],
    ['scenario', 'metric', `${first.periods[0]} p10`, `${first.periods[0]} p50`, `${first.periods[0]} p90`, `${first.periods[last]} p10`, `${first.periods[last]} p50`, `${first.periods[last]} p90`, 'definition'],
  ];
  for (const r of results) {
    const n = r.periods.length - 1;
    for (const m of HEADLINES) {
      const s = r.total.metrics[m];
      if (!s) continue;
      summary.push([r.scenario.name, m, cell(s[0]!.p10), cell(s[0]!.p50), cell(s[0]!.p90), cell(s[n]!.p10), cell(s[n]!.p50), cell(s[n]!.p90), DEFINITIONS[m]?.text ?? null]);
    }
  }
  const sheets: WorkbookSheet[] = [{ sheet: sheetName('Summary', taken), data: summary, columns: [{ width: 40 }, { width: 26 }, ...Array.from({ length: 6 }, () => ({ width: 13 })), { width: 80 }] }];
  const header: WorkbookCell[] = ['scenario', 'metric', 'period', 'mean', 'p10', 'p50', 'p90'];
  const columns = [{ width: 30 }, { width: 26 }, { width: 10 }, ...Array.from({ length: 4 }, () => ({ width: 13 }))];
  sheets.push({ sheet: sheetName('Total', taken), data: [header, ...results.flatMap((r) => rowsOf(r.scenario.name, r.total.metrics, r.periods))], columns });
  first.localities.forEach((l, i) => {
    sheets.push({ sheet: sheetName(l.name, taken), data: [[`locality ${l.id}`, l.name, `area ${l.area}`], header, ...results.flatMap((r) => rowsOf(r.scenario.name, r.localities[i]!.metrics, r.periods))], columns });
  });
  const assumptions: WorkbookCell[][] = [['scenario', 'parameter', 'value used', 'unit', 'description', 'source']];
  for (const s of scenarios) {
    const given = s.parameters as Record<string, unknown>;
    for (const p of PARAMS) {
      const v = Object.prototype.hasOwnProperty.call(given, p.key) ? given[p.key] : p.value;
      assumptions.push([s.name, p.key, showValue(v), p.unit, p.description, Object.prototype.hasOwnProperty.call(given, p.key) && JSON.stringify(given[p.key]) !== JSON.stringify(p.value) ? `set by the scenario (default: ${showValue(p.value)}, ${p.source})` : p.source]);
    }
  }
  if (scenarios.length) sheets.push({ sheet: sheetName('Assumptions', taken), data: assumptions, columns: [{ width: 30 }, { width: 30 }, { width: 22 }, { width: 24 }, { width: 60 }, { width: 90 }] });
  return sheets;
}
