/**
 * Moving a scenario to another baseline: what can be kept is kept, what names the old baseline's
 * localities or practices is adapted or dropped, and every change is listed for the planner to confirm.
 */
import type { Baseline } from '../../../engine/core.ts';
import type { Input } from './workspace.svelte.ts';

export interface BaselineSwitch {
  next: Input;
  /** One sentence per change, in the editor's numbering. */
  changes: string[];
}

/** "NHS Thurrock CCG, 2015/16" -> "Thurrock"; "Mid and south Essex STP, 2015/16" -> "Mid and south Essex". */
export const placeName = (b: Baseline) => b.name.replace(/,\s*\d{4}\/\d{2}$/, '').replace(/^NHS\s+/, '').replace(/\s+(CCG|STP)$/, '');

const label = (iv: Record<string, unknown>, i: number) => `Intervention ${i + 1} (${String(iv.type)})`;

export function planBaselineSwitch(input: Input, from: Baseline, to: Baseline, toKey: string = to.id): BaselineSwitch {
  const next = structuredClone(input);
  const changes: string[] = [];
  const locs = new Set(to.localities.map((l) => l.id));
  const codes = new Set(to.practices.map((p) => p.code));
  next.baseline = toKey;
  const kept: Record<string, unknown>[] = [];
  (input.interventions ?? []).forEach((raw, i) => {
    const iv = structuredClone(raw);
    if (typeof iv.locality === 'string' && !locs.has(iv.locality)) {
      changes.push(`${label(iv, i)} is removed: ${to.name} has no locality "${iv.locality}".`);
      return;
    }
    if (Array.isArray(iv.localities)) {
      const stay = (iv.localities as string[]).filter((l) => locs.has(l));
      if (!stay.length) {
        changes.push(`${label(iv, i)} is removed: none of its localities (${(iv.localities as string[]).join(', ')}) is in ${to.name}.`);
        return;
      }
      if (stay.length < iv.localities.length) changes.push(`${label(iv, i)} keeps only ${stay.join(', ')}.`);
      iv.localities = stay;
    }
    if (Array.isArray(iv.practices)) {
      const stay = (iv.practices as string[]).filter((c) => codes.has(c));
      if (!stay.length) {
        changes.push(`${label(iv, i)} is removed: none of its practices is in ${to.name}.`);
        return;
      }
      if (stay.length < iv.practices.length) changes.push(`${label(iv, i)} keeps ${stay.length} of its ${iv.practices.length} practices.`);
      iv.practices = stay;
    }
    if (iv.type === 'merge' && Array.isArray(iv.groups)) {
      iv.groups = 'auto';
      delete iv.names; // names label explicit pools only
      changes.push(`${label(iv, i)} uses automatic 30–50k pools: its pools were ${from.name} practices.`);
    }
    kept.push(iv);
  });
  if (input.interventions) next.interventions = kept;
  const everywhere = kept.filter((iv) => iv.type !== 'expandHub' && iv.type !== 'merge' && !iv.localities && !iv.practices).length;
  if (everywhere && to.localities.length !== from.localities.length) {
    changes.push(`${everywhere} intervention(s) without named localities will apply to all ${to.localities.length} localities of ${placeName(to)}, not the ${from.localities.length} of ${placeName(from)}: check their sizes.`);
  }
  if (Array.isArray(input.housing)) {
    const stay = (input.housing as { locality?: string }[]).filter((h) => locs.has(String(h.locality)));
    if (stay.length < input.housing.length) changes.push(`${input.housing.length - stay.length} housing development(s) in ${from.name} localities are removed.`);
    next.housing = stay;
  }
  const growth = input.parameters?.['population.growthByLocality'];
  if (growth && typeof growth === 'object') {
    const stay = Object.fromEntries(Object.entries(growth).filter(([l]) => locs.has(l)));
    if (Object.keys(stay).length < Object.keys(growth).length) changes.push(`Population growth overrides for ${from.name} localities are removed.`);
    if (Object.keys(stay).length) next.parameters!['population.growthByLocality'] = stay;
    else delete next.parameters!['population.growthByLocality'];
  }
  const name = typeof input.name === 'string' ? input.name : '';
  if (name.includes(placeName(from))) {
    next.name = name.split(placeName(from)).join(placeName(to));
    changes.push(`The name becomes "${next.name}".`);
  } else if (name) changes.push(`The name stays "${name}": check it still describes the scenario.`);
  if (input.start && input.start !== from.start && to.start !== from.start) changes.push(`The start stays ${String(input.start)}.`);
  return { next, changes };
}
