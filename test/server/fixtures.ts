// Synthetic scenarios for the server's tests: the strategy example with formulas that are long but valid.
import { readFileSync } from 'node:fs';
import { PARAMS } from '../../engine/index.ts';

const example = JSON.parse(readFileSync(new URL('../../scenarios/examples/strategy.json', import.meta.url), 'utf8'));

/** Formulas of about `chars` characters on the first `count` numeric parameters, each at its range's middle (synthetic). */
export function formulaHeavy(count: number, chars: number, years = 20): Record<string, unknown> {
  const parameters: Record<string, string> = {};
  for (const p of PARAMS.filter((q) => !q.integer && q.key !== 'demand.scale').slice(0, count)) {
    const head = `${(p.min + p.max) / 2} + 0 * (`;
    parameters[p.key] = `${head}${'t + '.repeat(Math.max(0, Math.floor((chars - head.length - 2) / 4)))}t)`;
  }
  return { ...example, years, parameters };
}

