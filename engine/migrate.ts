/**
 * Older scenarios keep loading through this migration. Version-1 files (capsim/scenario@1) have the
 * parameters model 2 renamed mapped and those it removed dropped; every file then has the parameters
 * model 3 renamed mapped and those it removed dropped. Each change is a warning that names the parameter.
 * A file is never silently misread: anything else the models do not know still fails validation by name.
 */
import { V1_REMOVED, V1_RENAMED, V2_REMOVED, V2_RENAMED } from './defaults.ts';
import { SCENARIO_SCHEMA_ID, SCENARIO_SCHEMA_V1 } from './schema.ts';

export interface Migrated {
  value: unknown;
  warnings: { path: string; message: string }[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Why model 2 has no such version-1 parameter, or null when the key is not one. */
function removedInV2(key: string): string | null {
  if (own(V1_REMOVED, key)) return V1_REMOVED[key]!;
  const m = /^workforce\.(\w+)\.(apptsPerFte|replacement)$/.exec(key);
  if (!m) return null;
  return m[2] === 'apptsPerFte'
    ? `later models give each role a normal and a stretch output a day (workforce.${m[1]}.refDaily, workforce.${m[1]}.maxDaily), so the yearly figure is not carried over`
    : V1_REMOVED.replacement!;
}

type Rule = { renamed: (k: string) => string | undefined; removed: (k: string) => string | null; model: number };
const V1: Rule = { renamed: (k) => (own(V1_RENAMED, k) ? V1_RENAMED[k] : undefined), removed: removedInV2, model: 2 };
const V2: Rule = { renamed: (k) => (own(V2_RENAMED, k) ? V2_RENAMED[k] : undefined), removed: (k) => (own(V2_REMOVED, k) ? V2_REMOVED[k]! : null), model: 3 };

function apply(out: Record<string, unknown>, rule: Rule, warnings: Migrated['warnings']): void {
  for (const field of ['parameters', 'rationale'] as const) {
    const given = out[field];
    if (!isObject(given)) continue;
    // Entries, not assignment: a key "__proto__" stays an own (unknown, reported) key.
    const next: [string, unknown][] = [];
    for (const [key, value] of Object.entries(given)) {
      const to = rule.renamed(key);
      if (to !== undefined) {
        next.push([to, value]);
        if (field === 'parameters') warnings.push({ path: `parameters.${key}`, message: `renamed in model ${rule.model}: now ${to}` });
        continue;
      }
      const why = rule.removed(key);
      if (why !== null) {
        if (field === 'parameters') warnings.push({ path: `parameters.${key}`, message: `dropped: ${why}` });
        continue;
      }
      next.push([key, value]);
    }
    out[field] = Object.fromEntries(next);
  }
}

/**
 * Migrate a parsed scenario to the current parameters (schema version 1 to 2 first).
 * @example migrateScenario({ schema: 'capsim/scenario@2', name: 'x', baseline: 'thurrock', parameters: { 'ae.accessShare': 0.2 } }).warnings[0].path // 'parameters.ae.accessShare'
 */
export function migrateScenario(input: unknown): Migrated {
  if (!isObject(input)) return { value: input, warnings: [] };
  const schema = input.schema;
  if (schema !== undefined && schema !== SCENARIO_SCHEMA_V1 && schema !== SCENARIO_SCHEMA_ID) return { value: input, warnings: [] };
  const warnings: Migrated['warnings'] = [];
  const out: Record<string, unknown> = { ...input };
  if (schema === SCENARIO_SCHEMA_V1) {
    out.schema = SCENARIO_SCHEMA_ID;
    apply(out, V1, warnings);
    warnings.unshift({ path: 'schema', message: `migrated from ${SCENARIO_SCHEMA_V1} to ${SCENARIO_SCHEMA_ID}` });
  }
  apply(out, V2, warnings);
  return { value: out, warnings };
}
