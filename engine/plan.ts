/**
 * Compiles a validated scenario and its baseline into a Plan: flat typed arrays and precomputed
 * schedules that every Monte Carlo run of the scenario shares. Nothing here depends on a run.
 */
import { DEMAND_MIX, englandLoad, GP_TYPE, PARAM_BY_KEY, RATE_PER_HEAD, SERVED_BY } from './defaults.ts';
import { centralValue, type Interval, type Dist } from './param-value.ts';
import { autoGroups } from './grouping.ts';
import { addMonths, listSize, monthsBetween } from './load.ts';
import type { ParamValue } from './param-value.ts';
import type { Intervention, Scenario } from './schema.ts';
import { makeSlot, type Slot } from './series.ts';
import { AGE_BANDS, CARE_TYPES, isNewRole, ROLE_INDEX, ROLES, type Baseline, type Role } from './types.ts';

export const R = ROLES.length;
export const C = CARE_TYPES.length;
export const roleIndex = (r: Role) => ROLE_INDEX[r];
export const GP = ROLE_INDEX.gp;
export const NURSE = ROLE_INDEX.nurse;
export const ANP = ROLE_INDEX.anp;
export const URGENT = CARE_TYPES.indexOf('urgent');
/** Care types navigation re-routes to (docs/model.md, "Care navigation"), in proportion to their shares of demand. */
export const REROUTE_TYPES = ['anpSuitable', 'nurse', 'pharmacy', 'msk'] as const;

export interface MergeEvent { kind: 'merge'; month: number; groups: Int32Array[]; efficiency: Slot; oneOffCost: Slot; shared: Slot; penalty: Slot }
export interface UpskillEvent { kind: 'upskill'; month: number; mask: Uint8Array; perYear: Slot; trainingMonths: number; studyShare: Slot; courseCost: Slot; backfill: Slot; maxShare: Slot }
export interface HireEvent { kind: 'hire'; month: number; mask: Uint8Array; role: number; ftePerYear: Slot; cap: number; fillRate: Slot; rampMonths: number }
/** The traditional model: raise a role's establishment (to a total, or to a list ratio per practice) and campaign to fill it. */
export interface RecruitEvent { kind: 'recruit'; month: number; mask: Uint8Array; role: number; ftePerYear: Slot; targetFte: number | null; patientsPerFte: number | null; fillRate: Slot }
export interface HubEvent { kind: 'hub'; month: number; loc: number; gp: Slot; nurse: Slot; cost: Slot }
export interface DivertEvent { kind: 'divert'; month: number; locMask: Uint8Array; share: Slot; withCapacity: boolean }
export interface NavigateEvent { kind: 'navigate'; month: number; locMask: Uint8Array; share: Slot; external: Slot; cost: Slot }
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
  /** Areas (CCGs): each locality's area index, and the number of areas. */
  A: number;
  locArea: Int32Array;
  /** Each area's own A&E attendances per 1,000 a year from the baseline (NaN: the run's ae.ratePer1000). */
  aeRateByArea: Float64Array;
  /** Registered population weight and annual demand weight (list x rate x need) at the start. */
  listW: Float64Array;
  demW: Float64Array;
  locListW: Float64Array;
  locDemW: Float64Array;
  fte0: Float64Array;
  /** The baseline's GP locum FTE per practice at the start (reported; locums are bought each month). */
  locum0: Float64Array;
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
  /**
   * Care navigation: the share of re-routed episodes each care class takes (0 for the classes navigation
   * does not re-route to). Nurse-type care re-routed from GP-type demand has a class of its own
   * (`rerouteNurse`, -1 when no navigation), GP-type, served by the nurse roles first and then by GPs.
   */
  reroute: Float64Array;
  rerouteNurse: number;
  /** Retries after a first attempt (a fixed integer per scenario). */
  maxRetries: number;
  slots: Record<string, Slot>;
  /** England's patients per GP FTE this plan is measured against (its central value; model 4). */
  reference: number;
  /**
   * Per role: normal and stretch appointments a day (the GPs' come from access.loadRef and
   * workforce.gp.stretch, so their slots here are those), cost, attrition, fill rate, substitution and
   * supervision (ramping and after). Established roles substitute 1 and need no supervision.
   */
  roleSlots: { ref: Slot[]; max: Slot[]; cost: Slot[]; attrition: Slot[]; fill: Slot[]; substitution: Slot[]; rampSupervision: Slot[]; supervision: Slot[] };
  /** GP fill rate per area (the baseline's own where it gives one, unless the scenario sets the parameter). */
  gpFillByArea: Slot[];
  /** 1 for an area whose GPs start in balance (a standing vacancy): those with their own GP fill rate. */
  gpInBalance: Uint8Array;
  /** The fill rate at which each area's GPs start in balance (NaN: its GP fill rate). */
  gpBalanceFill: Float64Array;
  growthByLoc: Slot[];
  housing: { loc: number; month: number; residents: number }[];
  events: PlanEvent[];
  /** Whether some role other than GPs serves a GP-type care class in this plan. */
  gpHelpers: boolean;
  /** Whether an intervention adds posts (upskilling, new posts, recruitment): failures then move those too. */
  addsPosts: boolean;
  /** Whether nurses are upskilled (study time to reset each month) and whether new posts are hired (ramp-up to reset). */
  hasUpskill: boolean;
  hasHire: boolean;
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

  const { periods, periodOf, periodEnd } = periodsOf(s.start, months, resolution);

  const L = b.localities.length;
  const areaIdx = new Map(b.areas.map((a, i) => [a.id, i]));
  const locArea = Int32Array.from(b.localities, (l) => areaIdx.get(l.area) ?? 0);
  const locIdx = new Map(b.localities.map((l, i) => [l.id, i]));
  const P = b.practices.length;
  const practiceIdx = new Map(b.practices.map((p, i) => [p.code, i]));
  const rate = (params['demand.ratePerHead'] as Record<string, number> | undefined) ?? RATE_PER_HEAD;
  // Plain numbers: the scale sets the demand weights that every run shares.
  const fixedNumber = (key: string): number => {
    const v = (params[key] as ParamValue | undefined) ?? PARAM_BY_KEY.get(key)!.value;
    return typeof v === 'number' ? v : typeof v === 'string' ? Number.NaN : centralValue(v as Interval | Dist);
  };
  // A baseline built from an area's own appointments carries each area's calibrated scale (docs/data.md),
  // used unless the scenario sets demand.scale itself.
  const scaleGiven = Object.prototype.hasOwnProperty.call(params, 'demand.scale');
  const scale = fixedNumber('demand.scale');
  const areaScale = b.areas.map((a) => (!scaleGiven && a.demandScale !== undefined ? a.demandScale : scale));
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
    demW[i] = p.list.reduce((a, x, bi) => a + x * rate[AGE_BANDS[bi]!]!, 0) * p.need * areaScale[locArea[loc]!]!;
    locListW[loc]! += listW[i]!;
    locDemW[loc]! += demW[i]!;
    ROLES.forEach((r, ri) => (fte0[i * R + ri] = p.fte[r]));
    smallPractice[i] = p.gpHeadcount <= 2 ? 1 : 0;
  });

  const mixIn = (params['demand.mix'] as Record<string, number> | undefined) ?? DEMAND_MIX;
  const servedByIn = { ...SERVED_BY, ...((params['demand.servedBy'] as Record<string, Role[] | undefined>) ?? {}) };

  const slots: Record<string, Slot> = {};
  for (const key of SCALAR_KEYS) slots[key] = slot(key);
  const constant = (key: string, x: number) => makeSlot(key, x, x, x, months);
  // Model 4: England's practice is the baseline's own reference (same counting basis, same year) unless the
  // scenario sets one; the reference load and England's workload are derived from it unless set themselves.
  const given = (key: string) => Object.prototype.hasOwnProperty.call(params, key);
  if (!given('reference.patientsPerGpFte') && b.reference) slots['reference.patientsPerGpFte'] = slot('reference.patientsPerGpFte', b.reference.patientsPerGpFte, 'reference.patientsPerGpFte');
  const { reference, loadRef, gpDaily } = englandOf(s, b);
  slots['access.loadRef'] = typeof loadRef === 'number' ? constant('access.loadRef', loadRef) : slot('access.loadRef');
  slots['target.gpDaily'] = typeof gpDaily === 'number' ? constant('target.gpDaily', gpDaily) : slot('target.gpDaily');
  const roleSlots = {
    ref: ROLES.map((r) => (r === 'gp' ? slots['access.loadRef']! : slot(`workforce.${r}.refDaily`))),
    max: ROLES.map((r) => (r === 'gp' ? slots['workforce.gp.stretch']! : slot(`workforce.${r}.maxDaily`))),
    cost: ROLES.map((r) => slot(`workforce.${r}.costPerFte`)),
    attrition: ROLES.map((r) => slot(`workforce.${r}.attrition`)),
    fill: ROLES.map((r) => slot(`workforce.${r}.fillRate`)),
    substitution: ROLES.map((r) => (isNewRole(r) ? slot(`workforce.${r}.substitution`) : constant(`substitution.${r}`, 1))),
    rampSupervision: ROLES.map((r) => (isNewRole(r) ? slot(`workforce.${r}.rampSupervision`) : constant(`rampSupervision.${r}`, 0))),
    supervision: ROLES.map((r) => (isNewRole(r) ? slot(`workforce.${r}.supervision`) : constant(`supervision.${r}`, 0))),
  };
  // Per-area list growth and GP fill rate from the baseline, unless the scenario sets the parameter itself.
  const areaSlot = (key: string, value: number | undefined, id: string) =>
    value === undefined || given(key) ? slots[key] ?? slot(key) : slot(key, value, `${key}@${id}`);
  const gpFillByArea = b.areas.map((a) => areaSlot('workforce.gp.fillRate', a.gpFillRate, a.id));
  const growthByArea = b.areas.map((a) => areaSlot('population.growth', a.growth, a.id));
  const growthOverrides = (params['population.growthByLocality'] as Record<string, ParamValue> | undefined) ?? {};
  const growthByLoc = b.localities.map((l, li) =>
    growthOverrides[l.id] !== undefined ? slot('population.growth', growthOverrides[l.id], `population.growth@${l.id}`) : growthByArea[locArea[li]!] ?? slots['population.growth']!,
  );
  const monthIndex = (from: string) => Math.max(0, monthsBetween(s.start, from));
  const housing = s.housing.map((h) => ({ loc: locIdx.get(h.locality)!, month: monthIndex(h.from), residents: h.residents }));

  const events = eventsOf(s, b, slot, { locIdx, practiceIdx, practiceLoc, monthIndex });

  const { activeRoles, careClasses, classOf, mix, gpType0, pairs, reroute, rerouteNurse } = careClassesOf(fte0, events, mixIn, servedByIn);

  return {
    gpHelpers: pairs.some(([c]) => gpType0[c] === 1),
    addsPosts: events.some((e) => e.kind === 'upskill' || e.kind === 'hire' || e.kind === 'recruit'),
    hasUpskill: events.some((e) => e.kind === 'upskill'), hasHire: events.some((e) => e.kind === 'hire'),
    activeRoles, pairC: Int32Array.from(pairs, (x) => x[0]), pairR: Int32Array.from(pairs, (x) => x[1]),
    name: s.name, months, start: s.start, periods, periodOf, periodEnd, P, L,
    localityIds: b.localities.map((l) => l.id), localityNames: b.localities.map((l) => l.name), localityAreas: b.localities.map((l) => l.area),
    practiceLoc, A: b.areas.length, locArea,
    aeRateByArea: Float64Array.from(b.areas, (a) => (a.aeRatePer1000 !== undefined && !Object.prototype.hasOwnProperty.call(params, 'ae.ratePer1000') ? a.aeRatePer1000 : Number.NaN)),
    listW, demW, locListW, locDemW, fte0, locum0: Float64Array.from(b.practices, (p) => p.gpLocum ?? 0), smallPractice,
    hubGp0: Float64Array.from(b.localities.map((l) => l.hub.gpAppointments)),
    hubNurse0: Float64Array.from(b.localities.map((l) => l.hub.nurseAppointments)),
    careClasses, mix, gpType: Uint8Array.from(gpType0), urgentClass: classOf[URGENT]!, reroute, rerouteNurse, maxRetries: Math.round(fixedNumber('access.maxRetries')),
    slots, reference, roleSlots, gpFillByArea, gpInBalance: Uint8Array.from(b.areas, (a) => (a.gpFillRate !== undefined ? 1 : 0)),
    gpBalanceFill: Float64Array.from(b.areas, (a) => a.gpBalanceFillRate ?? Number.NaN), growthByLoc, housing, events,
  };
}

/**
 * England's practice a scenario is measured against (model 4), in one place for the plan and the goal-seek:
 * its patients per GP FTE (the scenario's `reference.patientsPerGpFte` if it sets one, at its central value if
 * uncertain; else the baseline's own; else England, September 2015), and the reference load and workload
 * derived there, scaled by the baseline's England demand and GP share. A load the scenario sets itself is
 * left to the scenario (`'given'`).
 */
export function englandOf(s: Scenario, b: Baseline): { reference: number; loadRef: number | 'given'; gpDaily: number | 'given' } {
  const params = s.parameters as Record<string, unknown>;
  const fallback = b.reference?.patientsPerGpFte ?? (PARAM_BY_KEY.get('reference.patientsPerGpFte')!.value as number);
  const v = params['reference.patientsPerGpFte'] as ParamValue | undefined;
  const reference = v === undefined || typeof v === 'string' ? fallback : typeof v === 'number' ? v : centralValue(v as Interval | Dist);
  const england = englandLoad(reference, (b.reference?.demandScale ?? 1) * (b.reference?.gpShare ?? 1));
  const given = (key: string) => Object.prototype.hasOwnProperty.call(params, key);
  return { reference, loadRef: given('access.loadRef') ? 'given' : england.loadRef, gpDaily: given('target.gpDaily') ? 'given' : england.gpDaily };
}

/** The plan's periods (financial years or months): each month's period and whether a period ends with it. */
function periodsOf(start: string, months: number, resolution: Resolution): { periods: string[]; periodOf: Int32Array; periodEnd: Uint8Array } {
  const periods: string[] = [];
  const periodOf = new Int32Array(months);
  const periodEnd = new Uint8Array(months);
  for (let m = 0; m < months; m++) {
    const label = resolution === 'year' ? financialYear(addMonths(start, m)) : addMonths(start, m);
    if (periods[periods.length - 1] !== label) periods.push(label);
    periodOf[m] = periods.length - 1;
    if (m > 0 && periodOf[m] !== periodOf[m - 1]) periodEnd[m - 1] = 1;
  }
  periodEnd[months - 1] = 1;
  // A financial year the horizon covers only in part is labelled with its months: "2015/16 (Jan–Mar)".
  if (resolution === 'year') {
    for (let t = 0; t < periods.length; t++) {
      let first = -1, n = 0;
      for (let m = 0; m < months; m++) if (periodOf[m] === t) { if (first < 0) first = m; n++; }
      if (n < 12) periods[t] = partialLabel(periods[t]!, addMonths(start, first), addMonths(start, first + n - 1));
    }
  }

  return { periods, periodOf, periodEnd };
}

/** The interventions as the run's events, each field a slot (its own random stream when the scenario gives it). */
function eventsOf(s: Scenario, b: Baseline, slot: (key: string, given?: ParamValue, streamKey?: string) => Slot,
  { locIdx, practiceIdx, practiceLoc, monthIndex }: { locIdx: Map<string, number>; practiceIdx: Map<string, number>; practiceLoc: Int32Array; monthIndex: (from: string) => number }): PlanEvent[] {
  const months = s.years * 12;
  const L = b.localities.length;
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
          efficiency: field('merge.efficiencyGain', iv.efficiencyGain, 'efficiencyGain'), oneOffCost: field('merge.oneOffCost', iv.oneOffCost, 'oneOffCost'),
          shared: field('merge.sharedShare', iv.sharedShare, 'sharedShare'), penalty: field('merge.accessPenalty', iv.accessPenalty, 'accessPenalty') });
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
        events.push({ kind: 'divert', month, locMask: locMaskOf(iv), share: field('divertAe.share', iv.share, 'share'), withCapacity: iv.withCapacity });
        break;
      case 'careNavigation':
        events.push({ kind: 'navigate', month, locMask: locMaskOf(iv), share: makeSlot(`${iv.type}#${n}.share`, iv.share, 0, 1, months),
          external: field('navigation.external', iv.external, 'external'), cost: field('careNavigation.costPerEpisode', iv.costPerEpisode, 'costPerEpisode') });
        break;
      default:
        iv satisfies never;
    }
  }

  return events;
}

/**
 * Which roles are active and the care classes they serve: care types only GPs serve are lumped by kind, the
 * allocation's (class, role) pairs in order, and navigation's re-routing shares.
 */
function careClassesOf(fte0: Float64Array, events: PlanEvent[], mixIn: Record<string, number>, servedByIn: Record<string, Role[] | undefined>) {
  const lists = CARE_TYPES.map((c) => (servedByIn[c] ?? SERVED_BY[c]).map(roleIndex));
  const careOrder = Int32Array.from(CARE_TYPES.map((_, i) => i).sort((a, z) => lists[a]!.length - lists[z]!.length || a - z));
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
  const mix0 = careClasses.map((cs) => cs.reduce((a, c) => a + mixIn[CARE_TYPES[c]!]!, 0));
  const gpType0 = careClasses.map((cs) => (GP_TYPE[CARE_TYPES[cs[0]!]!] ? 1 : 0));
  const pairs: [number, number][] = [];
  for (const c of careOrder) for (const r of helpers(c)) pairs.push([classOf[c]!, r]);
  // Navigation re-routes to the care types other roles serve, in proportion to their shares; nurse-type
  // care re-routed gets its own GP-type class, served by the nurse roles after nurse-type demand, then GPs.
  let rerouteNurse = -1;
  const rerouteOf = new Map<number, number>();
  if (events.some((e) => e.kind === 'navigate')) {
    const total = REROUTE_TYPES.reduce((a, t) => a + mixIn[t]!, 0);
    for (const t of REROUTE_TYPES) {
      const c = CARE_TYPES.indexOf(t);
      let k = classOf[c]!;
      if (t === 'nurse') {
        k = rerouteNurse = careClasses.length;
        careClasses.push([]);
        mix0.push(0);
        gpType0.push(1);
        for (const r of helpers(c)) pairs.push([k, r]);
      }
      if (total > 0) rerouteOf.set(k, (rerouteOf.get(k) ?? 0) + mixIn[t]! / total);
    }
    // No demand of those types: the re-routed episodes stay with the GPs.
    if (total <= 0) rerouteOf.set(classOf[CARE_TYPES.indexOf('gpOnly')]!, 1);
  }
  const mix = Float64Array.from(mix0);
  const reroute = Float64Array.from(careClasses, (_, k) => rerouteOf.get(k) ?? 0);

  return { activeRoles, careClasses, classOf, mix, gpType0, pairs, reroute, rerouteNurse };
}

/** Scalar parameters a run reads each month (per-role ones are in roleSlots). */
export const SCALAR_KEYS = ['demand.trend', 'demand.navigable', 'population.growth', 'workforce.workingDays', 'workforce.burnout',
  'workforce.gp.stretch', 'workforce.gp.over55Share', 'workforce.gp.retirementYears', 'workforce.gp.locumSupply', 'workforce.gp.locumCover',
  'workforce.gp.locumCostPerFte', 'workforce.gp.fillRate', 'workforce.pharmacist.gpTimeRelease', 'hub.costPerAppointment',
  'access.failureRef', 'access.loadRef', 'access.elasticity', 'access.failureMin', 'access.failureMax', 'access.rebook',
  'ae.ratePer1000', 'ae.perUnmet', 'ae.trend', 'ae.avoidableShare', 'ae.costPerAttendance', 'resilience.smallPracticeFailure', 'resilience.staffTransfer',
  'reference.patientsPerGpFte', 'reference.seedsPatientsPerGp', 'target.gpDaily', 'target.gapShare', 'target.accessMargin'] as const;
export type ScalarKey = (typeof SCALAR_KEYS)[number];

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * The label of a financial year the horizon covers only in part: its months, first to last.
 * @example partialLabel('2015/16', '2016-01', '2016-03') // '2015/16 (Jan–Mar)'
 */
export function partialLabel(year: string, first: string, last: string): string {
  const name = (m: string) => MONTH_NAMES[Number(m.slice(5)) - 1]!;
  return `${year} (${first === last ? name(first) : `${name(first)}–${name(last)}`})`;
}

/** Every slot of a plan, for drawing a run's values. */
export function allSlots(plan: Plan): Slot[] {
  const out = new Set<Slot>([...Object.values(plan.slots), ...Object.values(plan.roleSlots).flat(), ...plan.gpFillByArea, ...plan.growthByLoc]);
  for (const e of plan.events) {
    for (const v of Object.values(e)) if (v && typeof v === 'object' && 'key' in v && 'fixed' in v) out.add(v as Slot);
  }
  return [...out];
}
