/**
 * Version-1 scenarios (capsim/scenario@1) load through this migration: parameters that model 2 renamed
 * are mapped, those it removed are dropped, each with a warning that names it. A file is never silently
 * misread: anything else version 1 had that version 2 does not know still fails validation by name.
 */
import { V1_REMOVED, V1_RENAMED } from './defaults.ts';
import { SCENARIO_SCHEMA_ID, SCENARIO_SCHEMA_V1 } from './schema.ts';

export interface Migrated {
  value: unknown;
  warnings: { path: string; message: string }[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Why model 2 has no such parameter, or null when the key is not a version-1 parameter. */
function removed(key: string): string | null {
  if (own(V1_REMOVED, key)) return V1_REMOVED[key]!;
  const m = /^workforce\.(\w+)\.(apptsPerFte|replacement)$/.exec(key);
  if (!m) return null;
  return m[2] === 'apptsPerFte'
    ? `model 2 gives each role a safe and a stretch output a day (workforce.${m[1]}.safeDaily, workforce.${m[1]}.maxDaily), so the yearly figure is not carried over`
    : V1_REMOVED.replacement!;
}

/**
 * Migrate a parsed scenario of schema version 1 (or with no schema) to version 2.
 * @example migrateScenario({ schema: 'capsim/scenario@1', name: 'x', baseline: 'thurrock', parameters: { 'ae.spill': 0.1 } }).warnings[0].path // 'parameters.ae.spill'
 */
export function migrateScenario(input: unknown): Migrated {
  if (!isObject(input)) return { value: input, warnings: [] };
  const schema = input.schema;
  if (schema !== undefined && schema !== SCENARIO_SCHEMA_V1) return { value: input, warnings: [] };
  const warnings: Migrated['warnings'] = [];
  const out: Record<string, unknown> = { ...input, schema: SCENARIO_SCHEMA_ID };
  for (const field of ['parameters', 'rationale'] as const) {
    const given = input[field];
    if (!isObject(given)) continue;
    // Entries, not assignment: a key "__proto__" stays an own (unknown, reported) key.
    const next: [string, unknown][] = [];
    for (const [key, value] of Object.entries(given)) {
      if (own(V1_RENAMED, key)) {
        next.push([V1_RENAMED[key]!, value]);
        if (field === 'parameters') warnings.push({ path: `parameters.${key}`, message: `renamed in model 2: now ${V1_RENAMED[key]!}` });
        continue;
      }
      const why = removed(key);
      if (why !== null) {
        if (field === 'parameters') warnings.push({ path: `parameters.${key}`, message: `dropped: ${why}` });
        continue;
      }
      next.push([key, value]);
    }
    out[field] = Object.fromEntries(next);
  }
  if (schema === SCENARIO_SCHEMA_V1) warnings.unshift({ path: 'schema', message: `migrated from ${SCENARIO_SCHEMA_V1} to ${SCENARIO_SCHEMA_ID} (model 2)` });
  return { value: out, warnings };
}
