/** The one door for scenarios: validate, fill defaults, check against the baseline. Errors are values. */
import type { z } from 'zod';
import { compileFormula } from './formula.ts';
import { migrateScenario } from './migrate.ts';
import { ScenarioSchema, type Scenario } from './schema.ts';
import type { Baseline } from './types.ts';

export interface ValidationError {
  path: string;
  message: string;
}
/** Errors are values; a success may carry warnings (a version-1 file's migration names what it changed). */
export type Result<T> = { ok: true; value: T; warnings?: ValidationError[] } | { ok: false; errors: ValidationError[] };

/** Format a path as `interventions[2].perYear` (keys with dots stay readable: `parameters.demand.trend`). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${String(k)}` : String(k);
  }
  return out || '(root)';
}

function zodErrors(error: z.ZodError): ValidationError[] {
  const out: ValidationError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...issue.path, key]), message: 'unknown key' });
    } else if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
      // Report the branch that got furthest: the one with the fewest and deepest issues.
      const best = [...issue.errors].sort((a, b) => a.length - b.length || depth(b) - depth(a))[0]!;
      const nested = best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })) as z.core.$ZodIssue[];
      if (best.length > 0 && nested.every((i) => i.code !== 'invalid_type' || i.path.length > issue.path.length)) {
        out.push(...zodErrors({ issues: nested } as z.ZodError));
      } else out.push({ path: formatPath(issue.path), message: 'must be a number, a formula string, {p10, p90} or a {dist: ...} object' });
    } else out.push({ path: formatPath(issue.path), message: issue.message });
  }
  return out;
}
const depth = (issues: readonly z.core.$ZodIssue[]) => Math.max(0, ...issues.map((i) => i.path.length));

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}
export function monthsBetween(from: string, to: string): number {
  const [y1, m1] = from.split('-').map(Number) as [number, number];
  const [y2, m2] = to.split('-').map(Number) as [number, number];
  return (y2 - y1) * 12 + (m2 - m1);
}

/**
 * Validate a scenario, fill its defaults and check every locality and ODS code against its baseline.
 * @example loadScenario({ name: 'Do nothing', baseline: 'thurrock' }, BASELINES) // { ok: true, value: {...} }
 */
export function loadScenario(input: unknown, baselines: Readonly<Record<string, Baseline>>): Result<Scenario> {
  const migrated = migrateScenario(input);
  const parsed = ScenarioSchema.safeParse(migrated.value);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const s = parsed.data;
  const errors: ValidationError[] = [];
  const baseline = Object.prototype.hasOwnProperty.call(baselines, s.baseline) ? baselines[s.baseline] : undefined;
  if (!baseline) {
    return { ok: false, errors: [{ path: 'baseline', message: `unknown baseline "${s.baseline}" (known: ${Object.keys(baselines).join(', ')})` }] };
  }
  const start = s.start ?? baseline.start;
  const localityIds = new Set(baseline.localities.map((l) => l.id));
  const practiceLocality = new Map(baseline.practices.map((p) => [p.code, p.locality]));
  const checkLocality = (id: string, path: PropertyKey[]) => {
    if (!localityIds.has(id)) errors.push({ path: formatPath(path), message: `unknown locality "${id}" in baseline ${baseline.id} (known: ${[...localityIds].join(', ')})` });
  };

  for (const [key, value] of Object.entries(s.parameters)) {
    if (typeof value === 'string') {
      const c = compileFormula(value);
      if (!c.ok) errors.push({ path: formatPath(['parameters', key]), message: c.message });
    }
  }
  for (const [loc, value] of Object.entries(s.parameters['population.growthByLocality'] ?? {})) {
    checkLocality(loc, ['parameters', 'population.growthByLocality', loc]);
    if (typeof value === 'string') {
      const c = compileFormula(value);
      if (!c.ok) errors.push({ path: formatPath(['parameters', 'population.growthByLocality', loc]), message: c.message });
    }
  }
  s.housing.forEach((h, i) => checkLocality(h.locality, ['housing', i, 'locality']));

  const interventions = s.interventions.map((iv, i) => {
    iv.localities?.forEach((l, j) => checkLocality(l, ['interventions', i, 'localities', j]));
    for (const [field, value] of Object.entries(iv)) {
      if (typeof value === 'string' && !['type', 'from', 'locality', 'role', 'groups', 'label', 'rationale'].includes(field)) {
        const c = compileFormula(value);
        if (!c.ok) errors.push({ path: formatPath(['interventions', i, field]), message: c.message });
      }
    }
    if (iv.type === 'expandHub') checkLocality(iv.locality, ['interventions', i, 'locality']);
    if (iv.type === 'merge' && iv.groups !== 'auto') {
      const seen = new Map<string, number>();
      iv.groups.forEach((g, gi) => {
        const locs = new Set<string>();
        g.forEach((code, ci) => {
          const path = ['interventions', i, 'groups', gi, ci];
          const loc = practiceLocality.get(code);
          if (loc === undefined) errors.push({ path: formatPath(path), message: `unknown ODS code "${code}" in baseline ${baseline.id}` });
          else locs.add(loc);
          if (seen.has(code)) errors.push({ path: formatPath(path), message: `practice ${code} is already in group ${seen.get(code)}` });
          seen.set(code, gi);
        });
        if (locs.size > 1) errors.push({ path: formatPath(['interventions', i, 'groups', gi]), message: `a group must lie within one locality (has ${[...locs].join(', ')})` });
      });
    }
    return { ...iv, from: iv.from ?? start };
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { ...s, start, interventions }, ...(migrated.warnings.length ? { warnings: migrated.warnings } : {}) };
}

/** Human-readable list of errors, one per line: `path: message`. */
export function formatErrors(errors: readonly ValidationError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}
