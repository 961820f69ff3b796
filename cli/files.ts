/** Reading scenario files (writing outputs is cli/policy.ts's OutputSet). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatErrors, loadScenario, parseJsonText, type ValidationError, type Scenario } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';

export type Loaded = { ok: true; file: string; id: string; scenario: Scenario; warnings: ValidationError[] } | { ok: false; file: string; errors: ValidationError[] };

export function readScenario(file: string): Loaded {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, file, errors: [{ path: '(file)', message: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message }] };
  }
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, file, errors: [{ path: '(file)', message: json.message }] };
  const r = loadScenario(json.value, BASELINES);
  return r.ok ? { ok: true, file, id: basename(file).replace(/\.json$/, ''), scenario: r.value, warnings: r.warnings ?? [] } : { ok: false, file, errors: r.errors };
}

export function describeFailure(l: Extract<Loaded, { ok: false }>): string {
  return formatErrors(l.errors).split('\n').map((line) => `${l.file}: ${line}`).join('\n');
}

/** Expand folders into the .json files they hold (not recursive, sorted), leaving files as they are. A folder with none is an error. */
export function expandInputs(inputs: readonly string[]): string[] {
  return inputs.flatMap((p) => {
    if (existsSync(p) && statSync(p).isDirectory()) {
      const files = readdirSync(p).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort().map((f) => join(p, f));
      if (!files.length) throw new EmptyFolderError(`no scenario files (*.json) in the folder ${p}`);
      return files;
    }
    return [p];
  });
}

export class EmptyFolderError extends Error {}
