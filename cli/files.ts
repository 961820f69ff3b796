/** Reading scenario files (writing outputs is cli/policy.ts's OutputSet). */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { baselineKey, isKeyOf, formatErrors, loadBaseline, loadScenario, parseJsonText, type Baseline, type ValidationError, type Scenario } from '../engine/core.ts';
import { BASELINES, baselineById } from '../scenarios/baselines.ts';

/**
 * Baselines read from files (`"baseline": "./my-area.json"`, relative to the scenario file), by content: a
 * loaded scenario names its baseline `<id>@<SHA-256 of its content>`, so that results, shards and
 * stored versions say exactly which data they ran on, wherever the file sat.
 */
const fileBaselines = new Map<string, Baseline>();
export { baselineKey };
/** A baseline by name: built in, or read from a file by a scenario loaded in this process (or a shard). */
export function baselineOf(name: string): Baseline | undefined {
  return baselineById(name) ?? fileBaselines.get(name);
}
/** Every baseline this process knows: the built-in ones and those read from files. */
export const knownBaselines = (): Readonly<Record<string, Baseline>> => ({ ...BASELINES, ...Object.fromEntries(fileBaselines) });
/** Register a file baseline under its key (merge does, from a shard); refuses one whose content does not match its key. */
export function registerBaseline(key: string, b: Baseline): boolean {
  if (!isKeyOf(key, b)) return false;
  fileBaselines.set(key, b);
  return true;
}
/** Built-in baselines are names; a value with a slash or ending in .json is a file. */
export const isBaselinePath = (v: string): boolean => /[\\/]|\.json$/i.test(v);

/** Largest scenario or baseline file read (England's baseline is about 3 MB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * A scenario or baseline file's text: only a regular file (a device such as /dev/zero, a folder or a pipe
 * would hang or exhaust the reader) of at most MAX_INPUT_BYTES; the message names the reason.
 */
export function readInputFile(path: string): { ok: true; text: string } | { ok: false; message: string } {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return { ok: false, message: 'file not found' };
  if (!st.isFile()) return { ok: false, message: `not a regular file (${st.isDirectory() ? 'a folder' : 'a device, pipe or socket'}); give the path of a .json file` };
  if (st.size > MAX_INPUT_BYTES) return { ok: false, message: `${(st.size / 1024 / 1024).toFixed(0)} MB is over the ${MAX_INPUT_BYTES / 1024 / 1024} MB a scenario or baseline file may be` };
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (e) {
    return { ok: false, message: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}

/** Read once per file and version: a batch of many scenarios on one national baseline reads, checks and hashes it once. */
const readCache = new Map<string, { mtimeMs: number; size: number; key: string; baseline: Baseline }>();

export function readBaselineFile(path: string): { ok: true; key: string; baseline: Baseline } | { ok: false; message: string } {
  const st = statSync(path, { throwIfNoEntry: false });
  const hit = st ? readCache.get(path) : undefined;
  if (st && hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return { ok: true, key: hit.key, baseline: hit.baseline };
  const read = readInputFile(path);
  if (!read.ok) return { ok: false, message: `${path}: ${read.message}` };
  const json = parseJsonText(read.text);
  if (!json.ok) return { ok: false, message: `${path}: ${json.message}` };
  const b = loadBaseline(json.value);
  if (!b.ok) return { ok: false, message: `${path}: not a capsim/baseline@1: ${b.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; ')}` };
  const key = baselineKey(b.value);
  fileBaselines.set(key, b.value);
  if (st) readCache.set(path, { mtimeMs: st.mtimeMs, size: st.size, key, baseline: b.value });
  return { ok: true, key, baseline: b.value };
}

export type Loaded = { ok: true; file: string; id: string; scenario: Scenario; warnings: ValidationError[] } | { ok: false; file: string; errors: ValidationError[] };

export function readScenario(file: string): Loaded {
  const read = readInputFile(file);
  if (!read.ok) return { ok: false, file, errors: [{ path: '(file)', message: read.message }] };
  const json = parseJsonText(read.text);
  if (!json.ok) return { ok: false, file, errors: [{ path: '(file)', message: json.message }] };
  if ((json.value as { schema?: unknown } | null)?.schema === 'capsim/baseline@1') {
    return { ok: false, file, errors: [{ path: 'schema', message: 'this is a baseline, not a scenario: a scenario uses it as "baseline": "./' + basename(file) + '"' }] };
  }
  let input = json.value;
  let baselines: Readonly<Record<string, Baseline>> = BASELINES;
  const named = (input as { baseline?: unknown } | null)?.baseline;
  if (typeof named === 'string' && isBaselinePath(named)) {
    const b = readBaselineFile(resolve(dirname(file), named));
    if (!b.ok) return { ok: false, file, errors: [{ path: 'baseline', message: b.message }] };
    input = { ...(input as object), baseline: b.key };
    baselines = { ...BASELINES, [b.key]: b.baseline };
  }
  const r = loadScenario(input, baselines);
  return r.ok ? { ok: true, file, id: basename(file).replace(/\.json$/, ''), scenario: r.value, warnings: r.warnings ?? [] } : { ok: false, file, errors: r.errors };
}

export function describeFailure(l: Extract<Loaded, { ok: false }>): string {
  return formatErrors(l.errors).split('\n').map((line) => `${l.file}: ${line}`).join('\n');
}

/** Whether a file is a baseline (its schema says so in its first bytes): folders of scenarios may hold their baseline. */
export function isBaselineFile(path: string): boolean {
  // Its first bytes only: a baseline of England is 3 MB.
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(200);
    const n = readSync(fd, head, 0, head.length, 0);
    return /"schema"\s*:\s*"capsim\/baseline@1"/.test(head.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Expand folders into the scenario files they hold (*.json, not recursive, sorted; baselines beside them are
 * left out), leaving files as they are. A folder with none is an error.
 */
export function expandInputs(inputs: readonly string[]): string[] {
  return inputs.flatMap((p) => {
    if (existsSync(p) && statSync(p).isDirectory()) {
      const files = readdirSync(p).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort().map((f) => join(p, f)).filter((f) => !isBaselineFile(f));
      if (!files.length) throw new EmptyFolderError(`no scenario files (*.json) in the folder ${p}`);
      return files;
    }
    return [p];
  });
}

export class EmptyFolderError extends Error {}
