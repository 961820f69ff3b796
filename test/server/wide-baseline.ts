/**
 * A SYNTHETIC baseline of many one-practice localities (issue 32's crafted upload): every practice a copy of
 * Thurrock's first, renamed; nothing in it is real data.
 */
import { readFileSync } from 'node:fs';
import type { Baseline } from '../../engine/index.ts';

const thurrock = JSON.parse(readFileSync(new URL('../../scenarios/baselines/thurrock.json', import.meta.url), 'utf8')) as Baseline;

export function wideBaseline(localities: number, id = 'synthetic-wide'): Baseline {
  const p = thurrock.practices[0]!;
  const pad = (i: number) => String(i).padStart(6, '0');
  return {
    ...thurrock,
    id,
    name: `SYNTHETIC: ${localities} one-practice localities`,
    description: 'SYNTHETIC test fixture: copies of one practice, not real data.',
    areas: [{ id: 'X01', name: 'Synthetic area' }],
    localities: Array.from({ length: localities }, (_, i) => ({ id: `l${pad(i)}`, name: `Locality ${i + 1}`, area: 'X01', hub: { gpAppointments: 0, nurseAppointments: 0 } })),
    // List sizes vary so that "the largest" localities are well defined.
    practices: Array.from({ length: localities }, (_, i) => ({ ...p, code: `S${pad(i)}`, name: `Synthetic practice ${i + 1}`, locality: `l${pad(i)}`, list: p.list.map((n) => Math.round(n * (0.5 + (i % 97) / 97))) })),
  };
}
