/**
 * The one door for baselines read from a file (`"baseline": "./my-area.json"`, the server's stored baselines):
 * the shape of `capsim/baseline@1`, and the cross-checks a shape cannot say (every practice in a known
 * locality, every locality in a known area, unique codes). Built-in baselines are built by our scripts.
 */
import { z } from 'zod';
import { formatPath, zodErrors, type Result, type ValidationError } from './load.ts';
import { contentHash } from './run.ts';
import { AGE_BANDS, ROLES, type Baseline } from './types.ts';

const nonNeg = z.number().finite().nonnegative();
const id = z.string().min(1).max(200);

export const BaselineSchema = z.strictObject({
  schema: z.literal('capsim/baseline@1'),
  id,
  name: z.string().min(1).max(500),
  description: z.string().max(5000),
  start: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM'),
  areas: z.array(z.strictObject({
    id, name: z.string().max(500),
    growth: z.number().finite().min(-0.2).max(0.2).optional(),
    gpFillRate: z.number().finite().min(0).max(5).optional(),
    gpBalanceFillRate: z.number().finite().min(0.01).max(5).optional(),
    demandScale: z.number().finite().min(0.1).max(10).optional(),
    aeRatePer1000: z.number().finite().min(0).max(2000).optional(),
  })).min(1),
  localities: z.array(z.strictObject({
    id, name: z.string().max(500), area: id,
    hub: z.strictObject({ gpAppointments: nonNeg, nurseAppointments: nonNeg }),
  })).min(1),
  practices: z.array(z.strictObject({
    code: id, name: z.string().max(500), postcode: z.string().max(20), locality: id,
    list: z.array(nonNeg).length(AGE_BANDS.length, `must give ${AGE_BANDS.length} age bands (${AGE_BANDS.join(', ')})`),
    need: z.number().finite().positive().max(10),
    fte: z.strictObject(Object.fromEntries(ROLES.map((r) => [r, nonNeg])) as Record<(typeof ROLES)[number], typeof nonNeg>),
    gpLocum: nonNeg.optional(),
    gpHeadcount: nonNeg,
  })).min(1),
  sources: z.record(z.string(), z.string()),
  notes: z.array(z.string()),
  reference: z.strictObject({ patientsPerGpFte: z.number().finite().min(100).max(1e5), source: z.string().min(1).max(2000), demandScale: z.number().finite().min(0.1).max(10).optional(), gpShare: z.number().finite().min(0.1).max(2).optional() }).optional(),
  /** Where the data came from, for the board view ("NHS Essex ICB - 07G: 26 practices, …, July 2026"). */
  provenance: z.strictObject({ publisher: z.string(), extract: z.string(), area: z.string() }).optional(),
});

export function loadBaseline(input: unknown): Result<Baseline> {
  const parsed = BaselineSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const b = parsed.data as Baseline;
  const errors: ValidationError[] = [];
  const areas = new Set<string>();
  b.areas.forEach((a, i) => (areas.has(a.id) ? errors.push({ path: formatPath(['areas', i, 'id']), message: `area "${a.id}" appears twice` }) : areas.add(a.id)));
  const locs = new Set<string>();
  b.localities.forEach((l, i) => {
    if (locs.has(l.id)) errors.push({ path: formatPath(['localities', i, 'id']), message: `locality "${l.id}" appears twice` });
    locs.add(l.id);
    if (!areas.has(l.area)) errors.push({ path: formatPath(['localities', i, 'area']), message: `unknown area "${l.area}"` });
  });
  const codes = new Set<string>();
  b.practices.forEach((p, i) => {
    if (codes.has(p.code)) errors.push({ path: formatPath(['practices', i, 'code']), message: `practice "${p.code}" appears twice` });
    codes.add(p.code);
    if (!locs.has(p.locality)) errors.push({ path: formatPath(['practices', i, 'locality']), message: `unknown locality "${p.locality}"` });
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: b };
}

/**
 * A baseline read from a file or stored by the server is named by its content: `<id>@<SHA-256 of its
 * canonical JSON, 64 hex>`, so that a scenario, a result, a shard and a share link say exactly which data
 * they ran on (`canonical`: its canonical JSON when the caller has it already, so it is made once). Keys
 * made before issue 32 carried only the first 12 hex (48 bits, which a search can collide); they are still
 * read, never made.
 */
export const baselineKey = (b: Baseline, canonical?: string): string => `${b.id}@${contentHash(b, canonical)}`;
export const BASELINE_KEY = /^[A-Za-z0-9._-]{1,200}@(?:[0-9a-f]{64}|[0-9a-f]{12})$/;

/** Whether `key` names this baseline: its full key (`full`, when the caller has it), or the 12-hex key it had before issue 32. */
export function isKeyOf(key: string, b: Baseline, full = baselineKey(b)): boolean {
  return key === full || key === full.slice(0, full.indexOf('@') + 13);
}

/** A key as a person reads it: the id and the hash's first 12 hex (the whole key stays in files and links). */
export const shortKey = (key: string): string => key.replace(/@([0-9a-f]{12})[0-9a-f]{52}$/, '@$1…');
