/** Interventions in plain English for the presentation view. */
import type { Intervention } from './schema.ts';

/** A parameter value for people: "0.8 (80% range 0.6-0.95)", a number, a formula or a distribution. */
export function showValue(x: unknown): string {
  if (typeof x === 'number') return x.toLocaleString('en-GB');
  const i = x as { p10?: number; p90?: number; likely?: number } | null;
  if (i && typeof i === 'object' && i.p10 !== undefined) return `${i.likely ?? (i.p10 + i.p90!) / 2} (80% range ${i.p10}–${i.p90})`;
  return typeof x === 'string' ? x : JSON.stringify(x);
}
const v = showValue;
const pctOf = (x: unknown) => (typeof x === 'number' ? `${Math.round(x * 100)}%` : v(x));

export function describe(iv: Intervention): string {
  const where = iv.localities ? ` in ${iv.localities.join(', ')}` : '';
  switch (iv.type) {
    case 'merge': return `From ${iv.from}, practices work in pools of ${iv.target[0].toLocaleString('en-GB')}–${iv.target[1].toLocaleString('en-GB')} patients${where}.`;
    case 'upskillNurses': return `From ${iv.from}, ${v(iv.perYear)} practice nurses a year train as advanced nurse practitioners${where}, their posts backfilled.`;
    case 'hireAhp': return `From ${iv.from}, ${v(iv.ftePerYear)} ${iv.role} posts a year, up to ${iv.maxFte} FTE${where}.`;
    case 'expandHub': return `From ${iv.from}, the ${iv.locality} hub adds ${v(iv.gpAppointments)} GP and ${v(iv.nurseAppointments)} nurse appointments a year.`;
    case 'divertAe': return `From ${iv.from}, ${pctOf(iv.share)} of avoidable A&E attendances are seen in primary care${iv.withCapacity ? ' in commissioned sessions' : ''}${where}.`;
    case 'careNavigation': return `From ${iv.from}, care navigation signposts ${pctOf(iv.share)} of the demand that could be met elsewhere${where}.`;
    case 'recruit': return `From ${iv.from}, recruit ${v(iv.ftePerYear)} ${iv.role} FTE a year towards ${iv.patientsPerFte !== undefined ? `${v(iv.patientsPerFte)} patients per FTE in every practice` : `${v(iv.targetFte)} FTE`}${where}.`;
    default: return iv satisfies never;
  }
}
