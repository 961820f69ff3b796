// Golden outputs of every example (issue 30): a kernel rewrite keeps the model's numbers. The totals are
// compared number by number (relative 1e-9, so a failure says which moved); the whole result by hash at 9
// significant digits. Regenerate with `npx tsx test/engine/golden-runs.ts --write` only for a model change.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { examples, GOLDEN_DIR, goldenOf, type Golden } from './golden-runs.ts';

const close = (got: unknown, want: unknown, path: string): string[] => {
  if (typeof want === 'number' && typeof got === 'number') return Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)) ? [] : [`${path}: ${got} against ${want}`];
  if (want && typeof want === 'object') return Object.keys(want).flatMap((k) => close((got as Record<string, unknown>)?.[k], (want as Record<string, unknown>)[k], `${path}.${k}`));
  return got === want ? [] : [`${path}: ${String(got)} against ${String(want)}`];
};

describe('golden outputs of the examples', () => {
  it.each(examples())('%s: deterministic and 200 Monte Carlo runs as committed', (example) => {
    const want = JSON.parse(readFileSync(new URL(`${example}.json`, GOLDEN_DIR), 'utf8')) as Golden;
    const got = goldenOf(example);
    expect(close(got.deterministic.total, want.deterministic.total, 'deterministic').slice(0, 5)).toEqual([]);
    expect(close(got.monteCarlo.total, want.monteCarlo.total, 'monteCarlo').slice(0, 5)).toEqual([]);
    expect(got.deterministic.hash).toBe(want.deterministic.hash);
    expect(got.monteCarlo.hash).toBe(want.monteCarlo.hash);
  }, 60_000);
});
