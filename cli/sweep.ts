/** Sweep specifications: `PATH=a..b:step` or `PATH=v1,v2,...`, and their Cartesian product. */
import { InvalidArgumentError } from 'commander';

export interface Vary {
  path: string;
  values: unknown[];
  set(target: Record<string, unknown>, value: unknown): void;
}

/** Split `interventions[1].perYear` into keys; under `parameters.` the rest is one dotted key. */
export function pathKeys(path: string): (string | number)[] {
  const m = /^parameters\.(.+)$/.exec(path);
  if (m) return ['parameters', m[1]!];
  const keys: (string | number)[] = [];
  for (const part of path.split('.')) {
    const re = /([^[\]]+)|\[(\d+)\]/g;
    let t: RegExpExecArray | null;
    while ((t = re.exec(part))) keys.push(t[2] !== undefined ? Number(t[2]) : t[1]!);
  }
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
 * @example parseVary('interventions[1].perYear=0..12:4').values // [0, 4, 8, 12]
 */
export function parseVary(spec: string): Vary {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`"${spec}" must look like PATH=a..b:step or PATH=v1,v2`);
  const path = spec.slice(0, eq);
  const rhs = spec.slice(eq + 1);
  let values: unknown[];
  const range = /^(-?[\d.]+)\.\.(-?[\d.]+)(?::([\d.]+))?$/.exec(rhs);
  if (range) {
    const [a, b, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
    if (!(step > 0) || b < a) throw new InvalidArgumentError(`"${rhs}" needs a <= b and a positive step`);
    const n = Math.floor((b - a) / step + 1e-9);
    values = Array.from({ length: n + 1 }, (_, i) => Math.round((a + i * step) * 1e9) / 1e9);
  } else values = rhs.split(',').map((v) => parseValue(v.trim()));
  if (!values.length) throw new InvalidArgumentError(`"${spec}" has no values`);
  const keys = pathKeys(path);
  return {
    path,
    values,
    set(target, value) {
      let o: Record<string | number, unknown> = target;
      keys.slice(0, -1).forEach((k, i) => {
        if (o[k] === undefined || o[k] === null || typeof o[k] !== 'object') o[k] = typeof keys[i + 1] === 'number' ? [] : {};
        o = o[k] as Record<string | number, unknown>;
      });
      o[keys[keys.length - 1]!] = value;
    },
  };
}

export function expandSweep(vary: readonly Vary[]): unknown[][] {
  return vary.reduce<unknown[][]>((acc, v) => acc.flatMap((combo) => v.values.map((x) => [...combo, x])), [[]]);
}
