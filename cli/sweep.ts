/** Sweep specifications: `PATH=a..b:step` or `PATH=v1,v2,...`, and their Cartesian product, counted before built. */
import { InvalidArgumentError } from '@commander-js/extra-typings';

export interface Vary {
  path: string;
  /** How many values, known without listing them (a fine range is counted, never built, before --max is checked). */
  count: number;
  /** The i-th value. */
  at(i: number): unknown;
  set(target: Record<string, unknown>, value: unknown): void;
}

/** Keys a path may never name: they reach into every object's prototype. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Split `interventions[1].perYear` into keys; under `parameters.` the rest is one dotted key. The whole path
 * must follow the grammar `name([index])*(.name([index])*)*`; anything else (`interventions[-1]`, `a..b`) is refused.
 */
export function pathKeys(path: string): (string | number)[] {
  const m = /^parameters\.(.+)$/.exec(path);
  const keys: (string | number)[] = [];
  if (m) keys.push('parameters', m[1]!);
  else {
    if (!/^[A-Za-z_$][\w$-]*(\[\d+\])*(\.[A-Za-z_$][\w$-]*(\[\d+\])*)*$/.test(path)) {
      throw new InvalidArgumentError(`"${path}" is not a path: write it like interventions[2].ftePerYear or parameters.demand.trend (indices are whole numbers from 0)`);
    }
    for (const t of path.matchAll(/([^[\].]+)|\[(\d+)\]/g)) keys.push(t[2] !== undefined ? Number(t[2]) : t[1]!);
  }
  const bad = keys.find((k) => typeof k === 'string' && (RESERVED.has(k) || k.split('.').some((p) => RESERVED.has(p))));
  if (bad !== undefined) throw new InvalidArgumentError(`"${path}" names "${String(bad)}", which is not a scenario field`);
  return keys;
}

function parseValue(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/**
 * @example parseVary('interventions[1].perYear=0..12:4').count // 4 (0, 4, 8, 12)
 */
export function parseVary(spec: string): Vary {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`"${spec}" must look like PATH=a..b:step or PATH=v1,v2`);
  const path = spec.slice(0, eq);
  const rhs = spec.slice(eq + 1);
  const keys = pathKeys(path);
  let count: number, at: (i: number) => unknown;
  const range = /^(-?[\d.]+)\.\.(-?[\d.]+)(?::([\d.]+))?$/.exec(rhs);
  if (range) {
    const [a, b, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
    if (!Number.isFinite(a) || !Number.isFinite(b) || !(step > 0) || b < a) throw new InvalidArgumentError(`"${rhs}" needs numbers a <= b and a positive step`);
    count = Math.floor((b - a) / step + 1e-9) + 1;
    at = (i) => Math.round((a + i * step) * 1e9) / 1e9;
  } else {
    const values = rhs.split(',').map((v) => parseValue(v.trim()));
    count = values.length;
    at = (i) => values[i];
  }
  if (!count) throw new InvalidArgumentError(`"${spec}" has no values`);
  return {
    path,
    count,
    at,
    set(target, value) {
      let o: Record<string | number, unknown> = target;
      keys.slice(0, -1).forEach((k, i) => {
        if (!Object.prototype.hasOwnProperty.call(o, k) || o[k] === null || typeof o[k] !== 'object') o[k] = typeof keys[i + 1] === 'number' ? [] : {};
        o = o[k] as Record<string | number, unknown>;
      });
      o[keys[keys.length - 1]!] = value;
    },
  };
}

/** How many combinations the grid has, without building it. */
export const gridSize = (vary: readonly Vary[]): number => vary.reduce((a, v) => a * v.count, 1);

/** The combinations, in order (the last path varies fastest). Call only after gridSize is checked. */
export function* expandSweep(vary: readonly Vary[]): Generator<unknown[]> {
  const n = gridSize(vary);
  for (let i = 0; i < n; i++) {
    const combo: unknown[] = new Array(vary.length);
    let rest = i;
    for (let k = vary.length - 1; k >= 0; k--) {
      combo[k] = vary[k]!.at(rest % vary[k]!.count);
      rest = Math.floor(rest / vary[k]!.count);
    }
    yield combo;
  }
}
