/**
 * Compiles a validated scenario and its baseline into a Plan: flat typed arrays and precomputed
 * schedules that every Monte Carlo run of the scenario shares. Nothing here depends on a run.
 */
import { DEMAND_MIX, GP_TYPE, PARAM_BY_KEY, RATE_PER_HEAD, SERVED_BY } from './defaults.ts';
import { centralValue, type Interval, type Dist } from './param-value.ts';
import { autoGroups } from './grouping.ts';
import { addMonths, listSize, monthsBetween } from './load.ts';
import type { ParamValue } from './param-value.ts';
import type { Intervention, Scenario } from './schema.ts';
import { makeSlot, type Slot } from './series.ts';
import { AGE_BANDS, CARE_TYPES, ROLES, type Baseline, type Role } from './types.ts';

export const R = ROLES.length;
export const C = CARE_TYPES.length;
export const roleIndex = (r: Role) => ROLES.indexOf(r);
export const GP = roleIndex('gp');
export const NURSE = roleIndex('nurse');
export const ANP = roleIndex('anp');
export const URGENT = CARE_TYPES.indexOf('urgent');
export const GP_ONLY = CARE_TYPES.indexOf('gpOnly');

export interface MergeEvent { kind: 'merge'; month: number; groups: Int32Array[]; efficiency: Slot; oneOffCost: Slot }
export interface UpskillEvent { kind: 'upskill'; month: number; mask: Uint8Array; perYear: Slot; trainingMonths: number; studyShare: Slot; courseCost: Slot; backfill: Slot; maxShare: Slot }
export interface HireEvent { kind: 'hire'; month: number; mask: Uint8Array; role: number; ftePerYear: Slot; cap: number; fillRate: Slot; rampMonths: number }
/** The traditional model: raise a role's establishment (to a total, or to a list ratio per practice) and campaign to fill it. */
export interface RecruitEvent { kind: 'recruit'; month: number; mask: Uint8Array; role: number; ftePerYear: Slot; targetFte: number | null; patientsPerFte: number | null; fillRate: Slot }
export interface HubEvent { kind: 'hub'; month: number; loc: number; gp: Slot; nurse: Slot; cost: Slot }
export interface DivertEvent { kind: 'divert'; month: number; locMask: Uint8Array; share: Slot; withCapacity: boolean }
export interface NavigateEvent { kind: 'navigate'; month: number; locMask: Uint8Array; share: Slot }
export type PlanEvent = MergeEvent | UpskillEvent | HireEvent | RecruitEvent | HubEvent | DivertEvent | NavigateEvent;

export interface Plan {
  name: string;
  months: number;
  start: string;
  periods: string[];
  periodOf: Int32Array;
  /** 1 where the month is the last of its period. */
  periodEnd: Uint8Array;
  P: number;
  L: number;
  localityIds: string[];
  localityNames: string[];
  localityAreas: string[];
  practiceLoc: Int32Array;
  /** Registered population weight and annual demand weight (list x rate x need) at the start. */
  listW: Float64Array;
  demW: Float64Array;
  locListW: Float64Array;
  locDemW: Float64Array;
  fte0: Float64Array;
  smallPractice: Uint8Array;
  hubGp0: Float64Array;
  hubNurse0: Float64Array;
  /**
   * The run works on care classes, not care types: care types that only GPs serve in this plan (no role
   * in use offers to take them) behave identically month by month, so they are lumped into one class of
   * their kind (GP-type or not), with their shares of demand added. A care type some other role serves
   * keeps a class of its own. The lumping is exact: every phase is linear in a class's attempts.
   */
  careClasses: number[][];
  /** Share of demand of each care class. */
  mix: Float64Array;
  /** 1 where the care class is GP-type (everything but nurse). */
  gpType: Uint8Array;
  /** Care class of urgent care, which diverted A&E attendances join. */
  urgentClass: number;
  /** Retries after a first attempt (a fixed integer per scenario). */
  maxRetries: number;
  /** Care types in allocation order, and for each its serving roles (flattened with offsets). */
  careOrder: Int32Array;
  servedBy: Int32Array;
  servedByStart: Int32Array;
  slots: Record<string, Slot>;
  roleSlots: { safe: Slot[]; max: Slot[]; cost: Slot[]; attrition: Slot[]; fill: Slot[]; supervision: Slot[] };
  growthByLoc: Slot[];
  housing: { loc: number; month: number; residents: number }[];
  events: PlanEvent[];
  /** Roles with staff at the start or hired or trained by an intervention. */
  activeRoles: Int32Array;
  /** Allocation order flattened: care type and role of each step, active roles other than GP (GPs serve what is left). */
  pairC: Int32Array;
  pairR: Int32Array;
}

/** Financial-year label of a month: 2016-04 .. 2017-03 is "2016/17". */
export function financialYear(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const fy = m >= 4 ? y : y - 1;
  return `${fy}/${String((fy + 1) % 100).padStart(2, '0')}`;
}

export type Resolution = 'year' | 'month';

export function buildPlan(s: Scenario, b: Baseline, resolution: Resolution = 'year'): Plan {
  const months = s.years * 12;
  const params = s.parameters as Record<string, unknown>;
  const slot = (key: string, given?: ParamValue, streamKey?: string): Slot => {
    const spec = PARAM_BY_KEY.get(key);
    if (!spec) throw new Error(`unknown parameter ${key}`);
    const value = given ?? (params[key] as ParamValue | undefined) ?? spec.value;
    return makeSlot(given !== undefined && streamKey ? streamKey : key, value, spec.min, spec.max, months);
  };

  const periods: string[] = [];
  const periodOf = new Int32Array(months);
  const periodEnd = new Uint8Array(months);
  for (let m = 0; m < months; m++) {
    const label = resolution === 'year' ? financialYear(addMonths(s.start, m)) : addMonths(s.start, m);
    if (periods[periods.length - 1] !== label) periods.push(label);
    periodOf[m] = periods.length - 1;
    if (m > 0 && periodOf[m] !== periodOf[m - 1]) periodEnd[m - 1] = 1;
  }
  periodEnd[months - 1] = 1;

  const L = b.localities.length;
  const locIdx = new Map(b.localities.map((l, i) => [l.id, i]));
  const P = b.practices.length;
  const practiceIdx = new Map(b.practices.map((p, i) => [p.code, i]));
  const rate = (params['demand.ratePerHead'] as Record<string, number> | undefined) ?? RATE_PER_HEAD;
  // Plain numbers: the scale sets the demand weights that every run shares.
  const fixedNumber = (key: string): number => {
    const v = (params[key] as ParamValue | undefined) ?? PARAM_BY_KEY.get(key)!.value;
    return typeof v === 'number' ? v : typeof v === 'string' ? Number.NaN : centralValue(v as Interval | Dist);
  };
  const scale = fixedNumber('demand.scale');
  const practiceLoc = new Int32Array(P);
  const listW = new Float64Array(P);
  const demW = new Float64Array(P);
  const fte0 = new Float64Array(P * R);
  const smallPractice = new Uint8Array(P);
  const locListW = new Float64Array(L);
  const locDemW = new Float64Array(L);
  b.practices.forEach((p, i) => {
    const loc = locIdx.get(p.locality)!;
    practiceLoc[i] = loc;
    listW[i] = listSize(p);
    demW[i] = p.list.reduce((a, x, bi) => a + x * rate[AGE_BANDS[bi]!]!, 0) * p.need * scale;
    locListW[loc]! += listW[i]!;
    locDemW[loc]! += demW[i]!;
    ROLES.forEach((r, ri) => (fte0[i * R + ri] = p.fte[r]));
    smallPractice[i] = p.gpHeadcount <= 2 ? 1 : 0;
  });

  const mixIn = (params['demand.mix'] as Record<string, number> | undefined) ?? DEMAND_MIX;
  const servedByIn = { ...SERVED_BY, ...((params['demand.servedBy'] as Record<string, Role[] | undefined>) ?? {}) };
  const lists = CARE_TYPES.map((c) => (servedByIn[c] ?? SERVED_BY[c]).map(roleIndex));
  const careOrder = Int32Array.from(CARE_TYPES.map((_, i) => i).sort((a, z) => lists[a]!.length - lists[z]!.length || a - z));
  const flatten = (ls: number[][]) => {
    const start = new Int32Array(C + 1);
    const flat: number[] = [];
    ls.forEach((l, i) => { start[i] = flat.length; flat.push(...l); });
    start[C] = flat.length;
    return { flat: Int32Array.from(flat), start };
  };
  const sb = flatten(lists);

  const slots: Record<string, Slot> = {};
  for (const key of SCALAR_KEYS) slots[key] = slot(key);
  const roleSlots = {
    safe: ROLES.map((r) => slot(`workforce.${r}.safeDaily`)),
    max: ROLES.map((r) => slot(`workforce.${r}.maxDaily`)),
    cost: ROLES.map((r) => slot(`workforce.${r}.costPerFte`)),
    attrition: ROLES.map((r) => slot(`workforce.${r}.attrition`)),
    fill: ROLES.map((r) => slot(`workforce.${r}.fillRate`)),
    supervision: ROLES.map((r) => slot(`workforce.${r}.gpSupervision`)),
  };
  const growthOverrides = (params['population.growthByLocality'] as Record<string, ParamValue> | undefined) ?? {};
  const growthByLoc = b.localities.map((l) =>
    growthOverrides[l.id] !== undefined ? slot('population.growth', growthOverrides[l.id], `population.growth@${l.id}`) : slots['population.growth']!,
  );
  const monthIndex = (from: string) => Math.max(0, monthsBetween(s.start, from));
  const housing = s.housing.map((h) => ({ loc: locIdx.get(h.locality)!, month: monthIndex(h.from), residents: h.residents }));

  const locMaskOf = (iv: Intervention) => {
    const mask = new Uint8Array(L);
    if (!iv.localities) mask.fill(1);
    else for (const id of iv.localities) mask[locIdx.get(id)!] = 1;
    return mask;
  };
  const practiceMaskOf = (iv: Intervention) => {
    const lm = locMaskOf(iv);
    return Uint8Array.from(practiceLoc, (l) => lm[l]!);
  };
  const seen = new Map<string, number>();
  const events: PlanEvent[] = [];
  for (const iv of s.interventions) {
    const n = seen.get(iv.type) ?? 0;
    seen.set(iv.type, n + 1);
    const field = (key: string, given: ParamValue | undefined, name: string) => slot(key, given, `${iv.type}#${n}.${name}`);
    const month = monthIndex(iv.from ?? s.start);
    switch (iv.type) {
      case 'merge': {
        let groups: string[][];
        if (iv.groups === 'auto') {
          const lm = locMaskOf(iv);
          groups = b.localities.filter((_, li) => lm[li]).flatMap((l) =>
            autoGroups(b.practices.filter((p) => p.locality === l.id).map((p) => ({ code: p.code, postcode: p.postcode, list: listSize(p) })), iv.target));
        } else groups = iv.groups;
        events.push({ kind: 'merge', month, groups: groups.map((g) => Int32Array.from(g.map((c) => practiceIdx.get(c)!))),
          efficiency: field('merge.efficiencyGain', iv.efficiencyGain, 'efficiencyGain'), oneOffCost: field('merge.oneOffCost', iv.oneOffCost, 'oneOffCost') });
        break;
      }
      case 'upskillNurses': {
        const trainingMonths = iv.trainingMonths ?? (PARAM_BY_KEY.get('upskillNurses.trainingMonths')!.value as number);
        events.push({ kind: 'upskill', month, mask: practiceMaskOf(iv), perYear: makeSlot(`${iv.type}#${n}.perYear`, iv.perYear, 0, 1e9, months), trainingMonths,
          studyShare: field('upskillNurses.studyShare', iv.studyShare, 'studyShare'), courseCost: field('upskillNurses.courseCost', iv.courseCost, 'courseCost'),
          backfill: field('upskill.backfill', iv.backfill, 'backfill'), maxShare: field('upskill.maxShare', iv.maxShare, 'maxShare') });
        break;
      }
      case 'hireAhp':
        events.push({ kind: 'hire', month, mask: practiceMaskOf(iv), role: roleIndex(iv.role), ftePerYear: makeSlot(`${iv.type}#${n}.ftePerYear`, iv.ftePerYear, 0, 1e9, months),
          cap: iv.maxFte, fillRate: field('hireAhp.fillRate', iv.fillRate, 'fillRate'),
          rampMonths: iv.rampMonths ?? (PARAM_BY_KEY.get('hireAhp.rampMonths')!.value as number) });
        break;
      case 'recruit':
        events.push({ kind: 'recruit', month, mask: practiceMaskOf(iv), role: roleIndex(iv.role), ftePerYear: makeSlot(`${iv.type}#${n}.ftePerYear`, iv.ftePerYear, 0, 1e9, months),
          targetFte: iv.targetFte ?? null, patientsPerFte: iv.patientsPerFte ?? null, fillRate: field('recruit.fillRate', iv.fillRate, 'fillRate') });
        break;
      case 'expandHub':
        events.push({ kind: 'hub', month, loc: locIdx.get(iv.locality)!, gp: makeSlot(`${iv.type}#${n}.gpAppointments`, iv.gpAppointments, 0, 1e9, months),
          nurse: makeSlot(`${iv.type}#${n}.nurseAppointments`, iv.nurseAppointments, 0, 1e9, months), cost: field('hub.costPerAppointment', iv.costPerAppointment, 'costPerAppointment') });
        break;
      case 'divertAe':
        events.push({ kind: 'divert', month, locMask: locMaskOf(iv), share: makeSlot(`${iv.type}#${n}.share`, iv.share, 0, 1, months), withCapacity: iv.withCapacity });
        break;
      case 'careNavigation':
        events.push({ kind: 'navigate', month, locMask: locMaskOf(iv), share: makeSlot(`${iv.type}#${n}.share`, iv.share, 0, 1, months) });
        break;
      default:
        iv satisfies never;
    }
  }

  const active = new Set<number>();
  for (let i = 0; i < fte0.length; i++) if (fte0[i]! > 0) active.add(i % R);
  for (const e of events) {
    if (e.kind === 'hire' || e.kind === 'recruit') active.add(e.role);
    if (e.kind === 'upskill') { active.add(ANP); active.add(NURSE); }
  }
  active.add(GP);
  const activeRoles = Int32Array.from([...active].sort((a, z) => a - z));
  const helpers = (c: number) => lists[c]!.filter((r) => active.has(r) && r !== GP);
  const classOf = new Int32Array(C);
  const careClasses: number[][] = [];
  const lumped = new Map<number, number>();
  CARE_TYPES.forEach((t, c) => {
    const gp = GP_TYPE[t] ? 1 : 0, alone = helpers(c).length === 0;
    let k = alone ? lumped.get(gp) : undefined;
    if (k === undefined) {
      k = careClasses.length;
      careClasses.push([]);
      if (alone) lumped.set(gp, k);
    }
    careClasses[k]!.push(c);
    classOf[c] = k;
  });
  const mix = Float64Array.from(careClasses, (cs) => cs.reduce((a, c) => a + mixIn[CARE_TYPES[c]!]!, 0));
  const pairs: [number, number][] = [];
  for (const c of careOrder) for (const r of helpers(c)) pairs.push([classOf[c]!, r]);

  return {
    activeRoles, pairC: Int32Array.from(pairs, (x) => x[0]), pairR: Int32Array.from(pairs, (x) => x[1]),
    name: s.name, months, start: s.start, periods, periodOf, periodEnd, P, L,
    localityIds: b.localities.map((l) => l.id), localityNames: b.localities.map((l) => l.name), localityAreas: b.localities.map((l) => l.area),
    practiceLoc, listW, demW, locListW, locDemW, fte0, smallPractice,
    hubGp0: Float64Array.from(b.localities.map((l) => l.hub.gpAppointments)),
    hubNurse0: Float64Array.from(b.localities.map((l) => l.hub.nurseAppointments)),
    careClasses, mix, gpType: Uint8Array.from(careClasses, (cs) => (GP_TYPE[CARE_TYPES[cs[0]!]!] ? 1 : 0)), urgentClass: classOf[URGENT]!, maxRetries: Math.round(fixedNumber('access.maxRetries')), careOrder, servedBy: sb.flat, servedByStart: sb.start,
    slots, roleSlots, growthByLoc, housing, events,
  };
}

/** Scalar parameters a run reads each month (per-role ones are in roleSlots). */
export const SCALAR_KEYS = ['demand.trend', 'demand.navigable', 'population.growth', 'workforce.workingDays', 'workforce.burnout',
  'workforce.gp.over55Share', 'workforce.gp.retirementYears', 'workforce.gp.locumCover', 'workforce.gp.locumCostPerFte', 'hub.costPerAppointment',
  'access.failureRef', 'access.loadRef', 'access.elasticity', 'access.failureMin', 'access.failureMax', 'access.rebook',
  'ae.ratePer1000', 'ae.accessShare', 'ae.avoidableShare', 'ae.costPerAttendance', 'resilience.smallPracticeFailure', 'resilience.staffTransfer',
  'reference.patientsPerGpFte', 'target.safeDaily', 'target.patientShare', 'target.accessFailure'] as const;
export type ScalarKey = (typeof SCALAR_KEYS)[number];

/** Every slot of a plan, for drawing a run's values. */
export function allSlots(plan: Plan): Slot[] {
  const out = new Set<Slot>([...Object.values(plan.slots), ...Object.values(plan.roleSlots).flat(), ...plan.growthByLoc]);
  for (const e of plan.events) {
    for (const v of Object.values(e)) if (v && typeof v === 'object' && 'key' in v && 'fixed' in v) out.add(v as Slot);
  }
  return [...out];
}
