/** The one door for scenarios: validate, fill defaults, check against the baseline. Errors are values. */
import type { z } from 'zod';
import { PARAM_BY_KEY } from './defaults.ts';
import { checkFormula } from './formula.ts';
import { autoGroups } from './grouping.ts';
import { migrateScenario } from './migrate.ts';
import { FIELD_PARAM, LIMITS, ScenarioSchema, type Scenario } from './schema.ts';

/** A list for a message: the first 12 names, then how many more (a national baseline has 1,300 localities). */
export const someOf = (names: readonly string[], max = 12): string => names.slice(0, max).join(', ') + (names.length > max ? `, and ${(names.length - max).toLocaleString('en-GB')} more` : '');
import type { Baseline, BaselinePractice } from './types.ts';

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

export function zodErrors(error: z.ZodError): ValidationError[] {
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
    } else out.push({ path: formatPath(issue.path), message: plainMessage(issue) });
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number', number: 'a number', string: 'text', boolean: 'true or false', array: 'a list', object: 'an object ({...})',
};
const amount = (n: number | bigint) => Number(n).toLocaleString('en-GB', { maximumFractionDigits: 6 });

/**
 * A validation issue in a planner's words, not the schema library's (issue 31): "must be at least 0" for
 * "Too small: expected number to be >=0", "must be a whole number" for "expected int, received number".
 * @example plainMessage({ code: 'too_small', origin: 'number', minimum: 0, inclusive: true, path: [], message: 'Too small: expected number to be >=0' }) // 'must be at least 0'
 */
export function plainMessage(issue: z.core.$ZodIssue): string {
  // A message the schema gives itself ("a pool name cannot be empty") is already in words.
  if (!/^(Too (small|big)|Invalid (input|option|type|element|key|value)|Expected|Number must)/.test(issue.message)) return issue.message;
  const noun = typeof issue.path.at(-1) === 'string' ? String(issue.path.at(-1)) : 'items';
  switch (issue.code) {
    case 'too_small': {
      const min = amount(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${min} ${min === '1' ? 'item' : noun}`;
      if (issue.origin === 'string') return min === '1' ? 'must not be empty' : `must be at least ${min} characters long`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = amount(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `may have at most ${max} ${noun}`;
      if (issue.origin === 'string') return `may be at most ${max} characters long`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) return 'is missing';
      const want = TYPE_WORDS[issue.expected] ?? issue.expected;
      return issue.expected === 'int' && /received number/.test(issue.message) ? 'must be a whole number (no decimals)' : `must be ${want}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${JSON.stringify(issue.values[0])}` : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${amount(issue.divisor as number)}`;
    default:
      return issue.message;
  }
}
const depth = (issues: readonly z.core.$ZodIssue[]) => Math.max(0, ...issues.map((i) => i.path.length));

/** A practice's registered list: the sum over its age bands. */
export const listSize = (p: BaselinePractice): number => p.list.reduce((a, x) => a + x, 0);

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
/** Own keys that would reach into an object's prototype: refused anywhere in a scenario, never silently dropped. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
function reservedKey(v: unknown): ValidationError | null {
  // One shared path, pushed and popped: validation runs on every edit in the browser, so no array per key.
  const path: PropertyKey[] = [];
  const walk = (x: unknown): string | null => {
    if (x === null || typeof x !== 'object') return null;
    const isArray = Array.isArray(x);
    for (const k of Object.keys(x)) {
      path.push(isArray ? Number(k) : k);
      if (RESERVED_KEYS.has(k)) return k;
      const found = walk((x as Record<string, unknown>)[k]);
      if (found) return found;
      path.pop();
    }
    return null;
  };
  const k = walk(v);
  return k ? { path: formatPath(path), message: `"${k}" is not a scenario field` } : null;
}

export function loadScenario(input: unknown, baselines: Readonly<Record<string, Baseline>>): Result<Scenario> {
  const reserved = reservedKey(input);
  if (reserved) return { ok: false, errors: [reserved] };
  const migrated = migrateScenario(input);
  const parsed = ScenarioSchema.safeParse(migrated.value);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const s = parsed.data;
  const errors: ValidationError[] = [];
  const baseline = Object.prototype.hasOwnProperty.call(baselines, s.baseline) ? baselines[s.baseline] : undefined;
  if (!baseline) {
    return { ok: false, errors: [{ path: 'baseline', message: `unknown baseline "${s.baseline}" (known: ${someOf(Object.keys(baselines))})` }] };
  }
  const start = s.start ?? baseline.start;
  const localityIds = new Set(baseline.localities.map((l) => l.id));
  const checkLocality = (id: string, path: PropertyKey[]) => {
    if (!localityIds.has(id)) errors.push({ path: formatPath(path), message: `unknown locality "${id}" in baseline ${baseline.id} (known: ${someOf([...localityIds])})` });
  };

  // Formulas are checked at every month of the horizon against the parameter's range, as numbers are: first
  // gathered, so that their work (characters x months) is bounded before any is evaluated.
  const months = s.years * 12;
  const formulas: { value: string; range: readonly [number, number]; path: PropertyKey[] }[] = [];
  const formula = (value: string, range: readonly [number, number], path: PropertyKey[]) => {
    formulas.push({ value, range, path });
  };
  for (const [key, value] of Object.entries(s.parameters)) {
    const spec = PARAM_BY_KEY.get(key);
    if (typeof value === 'string' && spec) formula(value, [spec.min, spec.max], ['parameters', key]);
  }
  const growth = PARAM_BY_KEY.get('population.growth')!;
  for (const [loc, value] of Object.entries(s.parameters['population.growthByLocality'] ?? {})) {
    checkLocality(loc, ['parameters', 'population.growthByLocality', loc]);
    if (typeof value === 'string') formula(value, [growth.min, growth.max], ['parameters', 'population.growthByLocality', loc]);
  }
  s.housing.forEach((h, i) => checkLocality(h.locality, ['housing', i, 'locality']));

  const warnings: ValidationError[] = [];
  const listOf = new Map(baseline.practices.map((p) => [p.code, listSize(p)]));
  const interventions = s.interventions.map((iv, i) => {
    iv.localities?.forEach((l, j) => checkLocality(l, ['interventions', i, 'localities', j]));
    for (const [field, value] of Object.entries(iv)) {
      if (typeof value === 'string' && !['type', 'from', 'locality', 'role', 'groups', 'label', 'rationale'].includes(field)) {
        formula(value, fieldRange(iv.type, field), ['interventions', i, field]);
      }
    }
    if (iv.type === 'expandHub') checkLocality(iv.locality, ['interventions', i, 'locality']);
    if (iv.type === 'merge') checkPools(iv, i, baseline, listOf, errors, warnings);
    return { ...iv, from: iv.from ?? start };
  });
  errors.push(...checkFormulas(formulas, months));
  if (errors.length) return { ok: false, errors };
  const all = [...migrated.warnings, ...warnings];
  return { ok: true, value: { ...s, start, interventions }, ...(all.length ? { warnings: all } : {}) };
}

/** A merge's pools: known practices, each in one pool, each pool within one locality; warnings for pools outside the target size. */
function checkPools(iv: Extract<Scenario['interventions'][number], { type: 'merge' }>, i: number, baseline: Baseline, listOf: Map<string, number>,
  errors: ValidationError[], warnings: ValidationError[]): void {
  const practiceLocality = new Map(baseline.practices.map((p) => [p.code, p.locality]));
  if (iv.names) {
    if (iv.groups === 'auto') errors.push({ path: formatPath(['interventions', i, 'names']), message: 'pool names need pools: give groups as lists of practices, or leave out names' });
    else if (iv.names.length !== iv.groups.length) errors.push({ path: formatPath(['interventions', i, 'names']), message: `${iv.names.length} pool name(s) for ${iv.groups.length} pool(s): give one name per group, in the same order` });
    const first = new Map<string, number>();
    iv.names.forEach((n, k) => {
      if (first.has(n)) errors.push({ path: formatPath(['interventions', i, 'names', k]), message: `pool name "${n}" is also the name of pool ${first.get(n)! + 1}` });
      else first.set(n, k);
    });
  }
  /** A pool as people call it: its name when it has one. */
  const poolName = (gi: number) => (iv.names?.[gi] ? `pool "${iv.names[gi]}"` : 'this pool');
  if (iv.groups !== 'auto') {
    const seen = new Map<string, number>();
    iv.groups.forEach((g, gi) => {
      const locs = new Set<string>();
      g.forEach((code, ci) => {
        const path = ['interventions', i, 'groups', gi, ci];
        const loc = practiceLocality.get(code);
        if (loc === undefined) errors.push({ path: formatPath(path), message: `unknown ODS code "${code}" in baseline ${baseline.id}` });
        else locs.add(loc);
        if (seen.has(code)) errors.push({ path: formatPath(path), message: `practice ${code} is already in ${iv.names?.[seen.get(code)!] ? `pool "${iv.names[seen.get(code)!]}"` : `pool ${seen.get(code)! + 1}`}` });
        seen.set(code, gi);
      });
      if (locs.size > 1) errors.push({ path: formatPath(['interventions', i, 'groups', gi]), message: `${poolName(gi)} must lie within one locality (has ${[...locs].join(', ')})` });
      const people = g.reduce((a, code) => a + (listOf.get(code) ?? 0), 0);
      if (g.length > 1 && (people < iv.target[0] || people > iv.target[1])) {
        warnings.push({ path: formatPath(['interventions', i, 'groups', gi]), message: `${poolName(gi)} has ${Math.round(people).toLocaleString('en-GB')} patients, outside the target ${iv.target[0].toLocaleString('en-GB')}-${iv.target[1].toLocaleString('en-GB')}` });
      }
    });
  }
  if (iv.groups === 'auto') {
    // The same grouping the plan makes: say which automatic pools miss the target (a small locality).
    for (const l of baseline.localities) {
      if (iv.localities && !iv.localities.includes(l.id)) continue;
      const members = baseline.practices.filter((p) => p.locality === l.id).map((p) => ({ code: p.code, postcode: p.postcode, list: listOf.get(p.code)! }));
      autoGroups(members, iv.target).forEach((g) => {
        const people = g.reduce((a, code) => a + listOf.get(code)!, 0);
        if (people < iv.target[0] || people > iv.target[1]) {
          warnings.push({ path: formatPath(['interventions', i, 'groups']), message: `the automatic pool of ${l.name} has ${Math.round(people).toLocaleString('en-GB')} patients, outside the target ${iv.target[0].toLocaleString('en-GB')}-${iv.target[1].toLocaleString('en-GB')}` });
        }
      });
    }
  }
}

/** Every formula at every month of the horizon against its range, once their total work is within LIMITS.formulaWork. */
function checkFormulas(formulas: { value: string; range: readonly [number, number]; path: PropertyKey[] }[], months: number): ValidationError[] {
  const errors: ValidationError[] = [];
  const work = formulas.reduce((a, f) => a + f.value.length, 0) * months;
  if (work > LIMITS.formulaWork) {
    const longest = formulas.reduce((a, f) => (f.value.length > a.value.length ? f : a));
    errors.push({ path: formatPath(longest.path), message: `the scenario's formulas are too much work to check: ${formulas.length} formulas of ${(work / months).toLocaleString('en-GB')} characters in all, over ${months} months, is ${work.toLocaleString('en-GB')} character-months, above the limit of ${LIMITS.formulaWork.toLocaleString('en-GB')}; use fewer or shorter formulas (this is the longest), or fewer years` });
  } else {
    for (const f of formulas) {
      const c = checkFormula(f.value, months, f.range[0], f.range[1]);
      if (!c.ok) errors.push({ path: formatPath(f.path), message: c.message });
    }
  }
  return errors;
}

/** Human-readable list of errors, one per line: `path: message`. */
export function formatErrors(errors: readonly ValidationError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

/** Valid range of an intervention field given as a formula: the parameter it overrides, or its own. */
function fieldRange(_type: string, field: string): readonly [number, number] {
  if (field === 'share' || field === 'fillRate') return [0, 1];
  const key = Object.prototype.hasOwnProperty.call(FIELD_PARAM, field) ? FIELD_PARAM[field]! : null;
  const spec = key ? PARAM_BY_KEY.get(key) : undefined;
  return spec ? [spec.min, spec.max] : [0, 1e9];
}
