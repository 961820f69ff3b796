/** Numbers for people: thousands separators, money in pounds, ranges as "12 (8-17)". */
import type { Summary } from '../../../engine/core.ts';

/** The minus sign of figures for people (U+2212), never a hyphen. */
export const MINUS = '\u2212';
/**
 * en-GB number formats, made once per option set: `toLocaleString` with options builds a formatter on every
 * call, which was most of the main thread's time when a result re-rendered its charts and tables.
 */
const formats = new Map<string, Intl.NumberFormat>();
export function gb(x: number, opts: Intl.NumberFormatOptions = {}): string {
  const key = JSON.stringify(opts);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat('en-GB', opts)));
  return f.format(x);
}
/** A number with separators; a value that rounds to zero is "0", never "-0"; negatives take a proper minus. */
export const num = (x: number, digits = 0) => {
  if (!Number.isFinite(x)) return '-';
  const text = gb(Math.abs(x), { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return x < 0 && /[1-9]/.test(text) ? `${MINUS}${text}` : text;
};
/** The one money format: £m with one decimal from £1m, £k below, separators, the sign before the £ ("−£21.1m"). */
export const money = (x: number) => {
  if (!Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  const body = a >= 1e6 ? `£${num(a / 1e6, 1)}m` : a >= 1e3 ? `£${num(a / 1e3)}k` : `£${num(a)}`;
  return x < 0 && /[1-9]/.test(body) ? `${MINUS}${body}` : body;
};
export const compact = (x: number, digits = Math.abs(x) < 10 ? 1 : 0) => (Math.abs(x) >= 1e6 ? `${(x / 1e6).toFixed(2)}m` : Math.abs(x) >= 1e4 ? `${(x / 1e3).toFixed(0)}k` : num(x, digits));
export const pct = (x: number) => `${num(x * 100)}%`;
/** Median and 80% range, all three with the precision the median needs. */
export const range = (s: Summary, f?: (x: number) => string) => {
  const g = f ?? ((x: number) => compact(x, Math.abs(s.p50) < 10 ? 1 : 0));
  // A range with a negative end reads "-22% (-36% to -8%)", never "-36%–-8%".
  return s.p10 < 0 || s.p90 < 0 ? `${g(s.p50)} (${g(s.p10)} to ${g(s.p90)})` : `${g(s.p50)} (${g(s.p10)}–${g(s.p90)})`;
};

/**
 * A JSON path as the editor numbers things: the editor's legends count from 1 ("13."), JSON paths from 0.
 * @example legendPath('interventions[12].share') // 'intervention 13: share'
 */
export const legendPath = (path: string) =>
  path.replace(/^(interventions|housing)\[(\d+)\]\.?/, (_m, list: string, i: string) => `${list === 'interventions' ? 'intervention' : 'housing step'} ${Number(i) + 1}${_m.endsWith('.') ? ': ' : ''}`)
    .replace(/groups\[(\d+)\](?:\[(\d+)\])?/g, (_m, g: string, c?: string) => `pool ${Number(g) + 1}${c === undefined ? '' : `, practice ${Number(c) + 1}`}`)
    .replace(/\[(\d+)\]/g, (_m, i: string) => ` #${Number(i) + 1}`);

/** A date for people: "24 November 2026, 18:40". */
export const longDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
};

/**
 * A number in a chart's Numbers table (issue 31): never "-0", whole above 1,000, otherwise three significant
 * digits, and 0 below 0.0005.
 * @example tableNumber(-0.00004) // '0'
 * @example tableNumber(107021994.6) // '107,021,995'
 */
export function tableNumber(v: number): string {
  if (!Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a < 0.0005) return '0';
  const text = a >= 1000 ? gb(Math.round(v)) : gb(v, { maximumSignificantDigits: 3 });
  return /^[-−]?0(\.0*)?$/.test(text) ? '0' : text;
}

