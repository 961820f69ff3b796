/** Numbers for people: thousands separators, money in pounds, ranges as "12 (8-17)". */
import type { Summary } from '../../../engine/index.ts';

export const num = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
export const money = (x: number) => (Math.abs(x) >= 1e6 ? `£${(x / 1e6).toFixed(1)}m` : Math.abs(x) >= 1e3 ? `£${(x / 1e3).toFixed(0)}k` : `£${x.toFixed(0)}`);
export const compact = (x: number) => (Math.abs(x) >= 1e6 ? `${(x / 1e6).toFixed(2)}m` : Math.abs(x) >= 1e4 ? `${(x / 1e3).toFixed(0)}k` : num(x, Math.abs(x) < 10 ? 1 : 0));
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const range = (s: Summary, f: (x: number) => string = compact) => `${f(s.p50)} (${f(s.p10)}–${f(s.p90)})`;
