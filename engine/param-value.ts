/**
 * A parameter value: a number, an uncertain value (80% interval or named distribution) or a formula.
 * Every distribution is sampled by its quantile function from one uniform draw, so common random
 * numbers hold even when two scenarios give the same parameter different distributions.
 */
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const IntervalSchema = z
  .strictObject({ p10: finite, p90: finite, likely: finite.optional(), log: z.boolean().optional() })
  .refine((v) => v.p10 <= v.p90, { message: 'p10 must be <= p90', path: ['p90'] })
  .refine((v) => v.likely === undefined || (v.likely >= v.p10 && v.likely <= v.p90), {
    message: 'likely must lie between p10 and p90',
    path: ['likely'],
  })
  .refine((v) => !v.log || v.p10 > 0, { message: 'a log interval needs p10 > 0', path: ['p10'] });

const ordered = (v: { min: number; mode: number; max: number }) => v.min <= v.mode && v.mode <= v.max;

export const DistSchema = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('triangular'), min: finite, mode: finite, max: finite }).refine(ordered, 'needs min <= mode <= max'),
  z.strictObject({ dist: z.literal('pert'), min: finite, mode: finite, max: finite }).refine(ordered, 'needs min <= mode <= max'),
  z.strictObject({ dist: z.literal('uniform'), min: finite, max: finite }).refine((v) => v.min <= v.max, 'needs min <= max'),
  z.strictObject({ dist: z.literal('normal'), mean: finite, sd: finite.refine((x) => x >= 0, 'must be >= 0') }),
  z.strictObject({ dist: z.literal('lognormal'), median: finite.refine((x) => x > 0, 'must be > 0'), gsd: finite.refine((x) => x >= 1, 'must be >= 1') }),
]);

export const ParamValueSchema = z.union([finite, z.string().min(1, 'a formula cannot be empty'), IntervalSchema, DistSchema]);

export type Interval = z.infer<typeof IntervalSchema>;
export type Dist = z.infer<typeof DistSchema>;
export type ParamValue = number | string | Interval | Dist;

const Z90 = 1.2815515655446004;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(u: number): number {
  if (u <= 0) return -Infinity;
  if (u >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (u < pl) {
    const q = Math.sqrt(-2 * Math.log(u));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (u > 1 - pl) return -normalQuantile(1 - u);
  const q = u - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

function triangularQuantile(min: number, mode: number, max: number, u: number): number {
  if (max === min) return min;
  const f = (mode - min) / (max - min);
  return u < f ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}

/** Quantile of a regularised incomplete beta by bisection on its CDF (PERT is a scaled beta). */
function betaQuantile(a: number, b: number, u: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(a, b, mid) < u) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function betaCdf(a: number, b: number, x: number): number {
  // Simpson's rule on the density; a, b >= 1 for PERT so the density is bounded.
  const n = 200;
  const h = x / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const t = i * h;
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    s += w * Math.pow(t, a - 1) * Math.pow(1 - t, b - 1);
  }
  return (s * h) / 3 / betaFn(a, b);
}

const betaCache = new Map<string, number>();
function betaFn(a: number, b: number): number {
  const k = `${a},${b}`;
  let v = betaCache.get(k);
  if (v === undefined) {
    const n = 2000;
    const h = 1 / n;
    let s = 0;
    for (let i = 0; i <= n; i++) {
      const t = i * h;
      const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
      s += w * Math.pow(t, a - 1) * Math.pow(1 - t, b - 1);
    }
    v = (s * h) / 3;
    betaCache.set(k, v);
  }
  return v;
}

/** Value of an uncertain parameter at uniform draw u in (0, 1). */
export function quantile(v: Interval | Dist, u: number): number {
  if (!('dist' in v)) {
    const z = normalQuantile(u);
    if (v.log) {
      const lo = Math.log(v.p10);
      const hi = Math.log(v.p90);
      const mid = v.likely !== undefined ? Math.log(v.likely) : (lo + hi) / 2;
      return Math.exp(z < 0 ? mid + ((mid - lo) / Z90) * z : mid + ((hi - mid) / Z90) * z);
    }
    // Two-piece normal with median `likely` (or the midpoint) and the given 10th and 90th percentiles.
    const mid = v.likely ?? (v.p10 + v.p90) / 2;
    return z < 0 ? mid + ((mid - v.p10) / Z90) * z : mid + ((v.p90 - mid) / Z90) * z;
  }
  switch (v.dist) {
    case 'triangular':
      return triangularQuantile(v.min, v.mode, v.max, u);
    case 'pert': {
      if (v.max === v.min) return v.min;
      const a = 1 + (4 * (v.mode - v.min)) / (v.max - v.min);
      const b = 1 + (4 * (v.max - v.mode)) / (v.max - v.min);
      return v.min + (v.max - v.min) * betaQuantile(a, b, u);
    }
    case 'uniform':
      return v.min + (v.max - v.min) * u;
    case 'normal':
      return v.mean + v.sd * normalQuantile(u);
    case 'lognormal':
      return v.median * Math.pow(v.gsd, normalQuantile(u));
    default:
      return v satisfies never;
  }
}

/** The value a deterministic run uses: the planner's likely value (mode, median or mean). */
export function centralValue(v: Interval | Dist): number {
  if (!('dist' in v)) return v.likely ?? (v.log ? Math.sqrt(v.p10 * v.p90) : (v.p10 + v.p90) / 2);
  switch (v.dist) {
    case 'triangular':
    case 'pert':
      return v.mode;
    case 'uniform':
      return (v.min + v.max) / 2;
    case 'normal':
      return v.mean;
    case 'lognormal':
      return v.median;
    default:
      return v satisfies never;
  }
}

export function isUncertain(v: ParamValue): v is Interval | Dist {
  return typeof v === 'object';
}
