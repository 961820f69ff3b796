/**
 * One run of the model over a plan (MODEL.md sections 4-9): the monthly hot loop on typed arrays.
 * A Workspace holds every buffer a run needs, so runs allocate nothing.
 */
import { GAP_CLOSED_SHARE } from './defaults.ts';
import * as plans from './plan.ts';
import { allSlots, type HireEvent, type Plan, type UpskillEvent } from './plan.ts';
import { stream, uniform } from './random.ts';
import { drawSlot, type Slot } from './series.ts';
import { METRICS, ROLES, type Metric } from './types.ts';

export const NM = METRICS.length;
export const MI = Object.fromEntries(METRICS.map((m, i) => [m, i])) as Record<Metric, number>;
const FTE0 = MI['fte.gp'];
// Module-local copies: transpilers may turn imported bindings into getter calls in the hot loop.
// R and C are literals so the compiler can fold them; checked against the role and care-type lists.
const R_ = 8, C_ = 6;
if (R_ !== plans.R || C_ !== plans.C) throw new Error('role or care-type count changed: update simulate.ts');
const { GP: GP_, NURSE: NURSE_, ANP: ANP_, URGENT: URGENT_, GP_ONLY: GP_ONLY_ } = { ...plans };
const R = R_, C = C_, GP = GP_, NURSE = NURSE_, ANP = ANP_;

export class Workspace {
  readonly slots: Slot[];
  readonly values = new Map<Slot, Float64Array>();
  readonly fte: Float64Array;
  readonly over55: Float64Array;
  readonly over55Init: Float64Array;
  readonly listW: Float64Array;
  readonly demW: Float64Array;
  readonly alive: Float64Array;
  readonly failMonth: Int32Array;
  readonly backlog: Float64Array;
  readonly dem: Float64Array;
  readonly demand: Float64Array;
  readonly pop: Float64Array;
  readonly studyLoss: Float64Array;
  readonly rampLoss: Float64Array;
  readonly poolOf: Int32Array;
  readonly poolEff: Float64Array;
  readonly poolMerged: Uint8Array;
  readonly poolDem: Float64Array;
  readonly poolRem: Float64Array;
  readonly poolCap: Float64Array;
  readonly cohorts: Map<UpskillEvent, { starts: Float64Array; inTraining: Float64Array }>;
  readonly hires: Map<HireEvent, Float64Array>;
  readonly weights: Float64Array;
  readonly phi: Float64Array;
  readonly locScratch: Float64Array;
  /** Pool roots grouped by locality: roots[rootStart[l] .. rootStart[l + 1]). */
  readonly roots: Int32Array;
  readonly rootStart: Int32Array;
  readonly members: Int32Array;
  readonly memberStart: Int32Array;
  readonly pracCap: Float64Array;
  readonly pracRem: Float64Array;
  /** Per locality: growth factor, housing residents, hub capacity this month and the month's flows. */
  readonly loc: Record<'growth' | 'housing' | 'hubGp' | 'hubNurse' | 'hubCost' | 'divShare' | 'navShare' | 'pop' | 'divert' | 'cost' | 'capM', Float64Array>;
  /** Per locality + total, per accumulator, for the current period. */
  readonly acc: Float64Array;
  readonly cumCost: Float64Array;
  /** Output: (metric * (L + 1) + locality) * periods + period. */
  readonly out: Float64Array;
  /** This run's value series of the per-role and per-locality parameters (stable arrays, refilled by draw). */
  readonly series: { appts: Float64Array[]; cost: Float64Array[]; attr: Float64Array[]; repl: Float64Array[]; sup: Float64Array[]; growth: Float64Array[] };
  readonly supM = new Float64Array(8);
  readonly apptsM = new Float64Array(8);
  readonly costM = new Float64Array(8);

  constructor(readonly plan: Plan) {
    const { P, L, months } = plan;
    this.slots = allSlots(plan);
    for (const s of this.slots) this.values.set(s, s.fixed ?? new Float64Array(months));
    this.fte = new Float64Array(P * R);
    this.over55 = new Float64Array(P);
    this.over55Init = new Float64Array(P);
    this.listW = new Float64Array(P);
    this.demW = new Float64Array(P);
    this.alive = new Float64Array(P);
    this.failMonth = new Int32Array(P);
    this.backlog = new Float64Array(P * C);
    this.dem = new Float64Array(P * C);
    this.demand = new Float64Array(P);
    this.pop = new Float64Array(P);
    this.studyLoss = new Float64Array(P);
    this.rampLoss = new Float64Array(P * R);
    this.poolOf = new Int32Array(P);
    this.poolEff = new Float64Array(P);
    this.poolMerged = new Uint8Array(P);
    this.poolDem = new Float64Array(P * C);
    this.poolRem = new Float64Array(P * C);
    this.poolCap = new Float64Array(P * R);
    this.weights = new Float64Array(P);
    this.phi = new Float64Array(P);
    this.locScratch = new Float64Array(L * C);
    this.roots = new Int32Array(P);
    this.rootStart = new Int32Array(L + 1);
    this.members = new Int32Array(P);
    this.memberStart = new Int32Array(P + 1);
    this.pracCap = new Float64Array(P * R);
    this.pracRem = new Float64Array(P * C);
    this.cohorts = new Map();
    this.hires = new Map();
    for (const e of plan.events) {
      if (e.kind === 'upskill') this.cohorts.set(e, { starts: new Float64Array(P * months), inTraining: new Float64Array(P) });
      if (e.kind === 'hire') this.hires.set(e, new Float64Array(P * months));
    }
    const f = () => new Float64Array(L);
    this.loc = { growth: f(), housing: f(), hubGp: f(), hubNurse: f(), hubCost: f(), divShare: f(), navShare: f(), pop: f(), divert: f(), cost: f(), capM: f() };
    this.acc = new Float64Array((L + 1) * ACC_N);
    this.cumCost = new Float64Array(L + 1);
    this.out = new Float64Array(NM * (L + 1) * plan.periods.length);
    const rs = plan.roleSlots;
    const v = (s: Slot) => this.values.get(s)!;
    this.series = { appts: rs.appts.map(v), cost: rs.cost.map(v), attr: rs.attrition.map(v), repl: rs.replacement.map(v), sup: rs.supervision.map(v), growth: plan.growthByLoc.map(v) };
  }

  /** Fill each uncertain slot with its draw for `run` (null: the deterministic central values). */
  draw(seed: number, run: number | null): void {
    for (const s of this.slots) {
      if (s.fixed) continue;
      this.values.get(s)!.fill(drawSlot(s, run === null ? null : uniform(seed, run, s.key)));
    }
  }

  v(s: Slot): Float64Array {
    return this.values.get(s)!;
  }
}

// Accumulators per locality within a period.
const A_DEMAND = 0, A_CAP = 1, A_SERVED = 2, A_UNMET = 3, A_AE = 4, A_DIV = 5, A_COST = 6, A_GPSERVED = 7, A_GPFTE = 8, A_MONTHS = 9;
const A_POP = 10, A_BACKLOG = 11, A_LASTCAP = 12, A_LOST = 13, A_FTE = 14;
const ACC_N = A_FTE + R;


/**
 * Simulate one run into `ws.out`. `run` null gives the deterministic run: central parameter values and
 * small-practice failure as an expected fraction each month instead of a random event.
 * @example const ws = new Workspace(plan); simulate(ws, 20160401, 0); ws.out // metrics by locality and period
 */
export function simulate(ws: Workspace, seed: number, run: number | null): Float64Array {
  const plan = ws.plan;
  const { P, L, months, practiceLoc, locListW, locDemW, mix, careOrder, hubServedBy, hubServedByStart } = plan;
  const NP = plan.periods.length;
  const R = R_, C = C_, GP = GP_, URGENT = URGENT_, GP_ONLY = GP_ONLY_; // locals: registers, not context loads
  ws.draw(seed, run);
  const S = plan.slots;
  const trend = ws.v(S['demand.trend']!), navigable = ws.v(S['demand.navigable']!), over55Share = ws.v(S['workforce.gp.over55Share']!);
  const retireYears = ws.v(S['workforce.gp.retirementYears']!), workingDays = ws.v(S['workforce.workingDaysPerFte']!);
  const hubCostBase = ws.v(S['hub.costPerAppointment']!), rebook = ws.v(S['access.rebook']!), aeRate = ws.v(S['ae.ratePer1000']!);
  const avoidable = ws.v(S['ae.avoidableShare']!), spillShare = ws.v(S['ae.spill']!), aeCost = ws.v(S['ae.costPerAttendance']!);
  const failure = ws.v(S['resilience.smallPracticeFailure']!), refPpg = ws.v(S['reference.patientsPerGpFte']!);
  const { appts, cost, attr, repl, sup, growth } = ws.series;
  // Roles that can ever have staff in this plan; the others stay at zero and are skipped.
  const act = plan.activeRoles, nAct = act.length;
  const { supM, apptsM, costM } = ws;

  const { fte, over55, over55Init, listW, demW, alive, failMonth, backlog, dem, demand, pop, studyLoss, rampLoss } = ws;
  const { poolOf, poolEff, poolMerged, poolDem, poolRem, acc, cumCost, out, loc } = ws;
  // Locals rather than property loads in the hot loop.
  const { growth: L_growth, housing: L_housing, hubGp: L_hubGp, hubNurse: L_hubNurse, hubCost: L_hubCost, divShare: L_divShare, navShare: L_navShare, pop: L_pop, divert: L_divert, cost: L_cost, capM: L_capM } = loc;
  const hubGp0 = plan.hubGp0, hubNurse0 = plan.hubNurse0;
  fte.set(plan.fte0);
  listW.set(plan.listW);
  demW.set(plan.demW);
  backlog.fill(0);
  alive.fill(1);
  for (let p = 0; p < P; p++) {
    over55[p] = over55Init[p] = fte[p * R + GP]! * over55Share[0]!;
    poolOf[p] = p;
    poolEff[p] = 0;
    poolMerged[p] = 0;
  }
  // Small-practice failure: in a Monte Carlo run each practice fails at the month its cumulative hazard
  // passes -ln(u), u from one stream per run (so it is shared across scenarios on the same baseline).
  failMonth.fill(-1);
  if (run !== null) {
    const rng = stream(seed, run, 'failure');
    for (let p = 0; p < P; p++) {
      const target = -Math.log(rng() || Number.MIN_VALUE);
      if (!plan.smallPractice[p]) continue;
      let h = 0;
      for (let m = 0; m < months; m++) {
        h += -Math.log(1 - failure[m]!) / 12;
        if (h >= target) { failMonth[p] = m; break; }
      }
    }
  }
  rebuildRoots(ws);
  for (const c of ws.cohorts.values()) { c.starts.fill(0); c.inTraining.fill(0); }
  for (const h of ws.hires.values()) h.fill(0);
  L_growth.fill(1);
  L_housing.fill(0);
  acc.fill(0);
  cumCost.fill(0);
  out.fill(0);
  let trendF = 1;

  for (let m = 0; m < months; m++) {
    // Interventions active this month.
    for (let l = 0; l < L; l++) { L_hubGp[l] = hubGp0[l]! / 12; L_hubNurse[l] = hubNurse0[l]! / 12; }
    studyLoss.fill(0);
    rampLoss.fill(0);
    L_divShare.fill(0);
    L_navShare.fill(0);
    L_cost.fill(0);
    for (let l = 0; l < L; l++) L_hubCost[l] = ((hubGp0[l]! + hubNurse0[l]!) / 12) * hubCostBase[m]!;
    for (const h of plan.housing) if (h.month === m) L_housing[h.loc]! += h.residents;
    for (const e of plan.events) {
      if (m < e.month) continue;
      switch (e.kind) {
        case 'merge':
          if (m === e.month) applyMerge(ws, e.groups, ws.v(e.efficiency)[m]!, ws.v(e.oneOffCost)[m]!);
          break;
        case 'hub': {
          const g = ws.v(e.gp)[m]! / 12, n = ws.v(e.nurse)[m]! / 12;
          L_hubGp[e.loc]! += g;
          L_hubNurse[e.loc]! += n;
          L_hubCost[e.loc]! += (g + n) * ws.v(e.cost)[m]!;
          break;
        }
        case 'divert':
          for (let l = 0; l < L; l++) if (e.locMask[l]) L_divShare[l] = Math.min(1, L_divShare[l]! + ws.v(e.share)[m]!);
          break;
        case 'navigate':
          for (let l = 0; l < L; l++) if (e.locMask[l]) L_navShare[l] = Math.min(1, L_navShare[l]! + ws.v(e.share)[m]!);
          break;
        case 'upskill':
          upskill(ws, e, m);
          break;
        case 'hire':
          hire(ws, e, m, refPpg[m]!);
          break;
        default:
          e satisfies never;
      }
    }

    // Small-practice failure: the list moves to the other practices of the locality; the staff leave.
    failures(ws, m, run === null ? 1 - Math.pow(1 - failure[m]!, 1 / 12) : -1);

    // Demand.
    const rb = rebook[m]!, sp = Math.min(spillShare[m]!, 1 - rb);
    for (let l = 0; l < L; l++) { L_pop[l] = locListW[l]! * L_growth[l]! + L_housing[l]!; L_divert[l] = 0; L_capM[l] = 0; }
    for (let p = 0; p < P; p++) {
      const l = practiceLoc[p]!;
      const share = locListW[l]! > 0 ? listW[p]! / locListW[l]! : 0;
      pop[p] = listW[p]! * L_growth[l]! + L_housing[l]! * share;
      const d = ((demW[p]! * L_growth[l]! + L_housing[l]! * share * (locListW[l]! > 0 ? locDemW[l]! / locListW[l]! : 0)) * trendF) / 12;
      const nav = Math.min(d * mix[GP_ONLY]!, d * navigable[m]! * L_navShare[l]!);
      demand[p] = d - nav;
      for (let c = 0; c < C; c++) dem[p * C + c] = d * mix[c]! + backlog[p * C + c]!;
      dem[p * C + GP_ONLY]! -= nav;
    }
    // A&E diversion: the hub's GP appointments take diverted attendances first.
    for (let l = 0; l < L; l++) {
      const div = ((L_pop[l]! * aeRate[m]!) / 12000) * avoidable[m]! * L_divShare[l]!;
      L_divert[l] = div;
      const atHub = Math.min(div, L_hubGp[l]!);
      L_hubGp[l]! -= atHub;
      acc[l * ACC_N + A_SERVED]! += atHub;
      acc[l * ACC_N + A_DEMAND]! += div;
      const rest = div - atHub;
      if (rest > 0 && L_pop[l]! > 0) for (let p = 0; p < P; p++) if (practiceLoc[p] === l) dem[p * C + URGENT]! += (rest * pop[p]!) / L_pop[l]!;
    }

    // Pools: sum members' demand and effective capacity, then allocate (MODEL.md section 5).
    for (let r = 0; r < R; r++) { supM[r] = sup[r]![m]!; apptsM[r] = appts[r]![m]! / 12; costM[r] = cost[r]![m]! / 12; }
    allocatePools(ws, act, supM, apptsM);
    // The locality hub serves what is left, pro rata across its pools.
    for (let l = 0; l < L; l++) {
      L_capM[l]! += L_hubGp[l]! + L_hubNurse[l]!;
      acc[l * ACC_N + A_CAP]! += L_capM[l]!;
      acc[l * ACC_N + A_LASTCAP] = L_capM[l]!;
      for (let k = 0; k < C; k++) {
        const c = careOrder[k]!;
        for (let j = hubServedByStart[c]!; j < hubServedByStart[c + 1]!; j++) {
          const r = hubServedBy[j]!;
          const avail = r === GP ? L_hubGp[l]! : L_hubNurse[l]!;
          if (avail <= 0) continue;
          let left = 0;
          const r0 = ws.rootStart[l]!, r1 = ws.rootStart[l + 1]!;
          for (let k2 = r0; k2 < r1; k2++) left += poolRem[ws.roots[k2]! * C + c]!;
          if (left <= 0) break;
          const take = Math.min(left, avail);
          const keep = 1 - take / left;
          for (let k2 = r0; k2 < r1; k2++) poolRem[ws.roots[k2]! * C + c]! *= keep;
          if (r === GP) L_hubGp[l]! -= take;
          else L_hubNurse[l]! -= take;
        }
      }
    }
    // Unmet demand returns to each practice pro rata; part rebooks, part spills to A&E, the rest is lost.
    for (let l = 0; l < L; l++) {
      const a = l * ACC_N;
      acc[a + A_BACKLOG] = 0;
      for (let r = 0; r < R; r++) acc[a + A_FTE + r] = 0;
    }
    for (let p = 0; p < P; p++) {
      const q = poolOf[p]!;
      const l = practiceLoc[p]!;
      const a = l * ACC_N;
      let unmetP = 0, demP = 0;
      for (let c = 0; c < C; c++) {
        const pd = poolDem[q * C + c]!;
        const d = dem[p * C + c]!;
        const u = pd > 0 ? (poolRem[q * C + c]! / pd) * d : 0;
        unmetP += u;
        demP += d;
        backlog[p * C + c] = u * rb;
      }
      acc[a + A_BACKLOG]! += unmetP * rb;
      acc[a + A_DEMAND]! += demand[p]!;
      acc[a + A_SERVED]! += demP - unmetP;
      acc[a + A_UNMET]! += unmetP;
      acc[a + A_LOST]! += unmetP * (1 - rb);
      L_cost[l]! += unmetP * sp * aeCost[m]!;
      acc[a + A_AE]! += unmetP * sp;
    }
    for (let l = 0; l < L; l++) {
      const a = l * ACC_N;
      const ae = (L_pop[l]! * aeRate[m]!) / 12000 - L_divert[l]!;
      acc[a + A_AE]! += ae;
      acc[a + A_DIV]! += L_divert[l]!;
      L_cost[l]! += ae * aeCost[m]! + L_hubCost[l]!;
    }
    // Workforce: this month's cost, then leavers, retirements and partial replacement at the month's end.
    const ry = retireYears[m]! * 12;
    for (let k = 0; k < nAct; k++) {
      const r = act[k]!;
      const leave = 1 - Math.pow(1 - attr[r]![m]!, 1 / 12);
      const rp = repl[r]![m]!, costR = costM[r]!;
      for (let p = 0; p < P; p++) {
        const i = p * R + r;
        const l = practiceLoc[p]!;
        const f = fte[i]!;
        L_cost[l]! += f * costR;
        let retire = 0;
        if (r === GP) {
          over55[p] = over55[p]! * (1 - leave);
          retire = Math.min(over55[p]!, over55Init[p]! / ry);
          over55[p]! -= retire;
        }
        const next = f - (f * leave + retire) * (1 - rp);
        fte[i] = next;
        acc[l * ACC_N + A_FTE + r]! += next;
      }
    }

    // Stocks and the month's flows into the period.
    for (let l = 0; l < L; l++) {
      const a = l * ACC_N;
      acc[a + A_COST]! += L_cost[l]!;
      acc[a + A_POP] = L_pop[l]!;
      acc[a + A_MONTHS]! += 1;
      acc[a + A_GPFTE]! += acc[a + A_FTE + GP]!;
    }
    if (plan.periodEnd[m]) writePeriod(ws, plan.periodOf[m]!, NP, refPpg[m]!, appts[GP]![m]!, workingDays[m]!);

    // Growth and trend for next month.
    trendF *= Math.pow(1 + trend[m]!, 1 / 12);
    for (let l = 0; l < L; l++) {
      const g = Math.pow(1 + growth[l]![m]!, 1 / 12);
      L_growth[l]! *= g;
      L_housing[l]! *= g;
    }
  }
  return out;
}

function writePeriod(ws: Workspace, period: number, NP: number, refPpg: number, gpAppts: number, workingDays: number): void {
  const { acc, out, cumCost } = ws;
  const L = ws.plan.L;
  const T = L * ACC_N;
  for (let k = 0; k < ACC_N; k++) {
    let s = 0;
    for (let l = 0; l < L; l++) s += acc[l * ACC_N + k]!;
    acc[T + k] = s;
  }
  acc[T + A_MONTHS] = acc[A_MONTHS]!;
  for (let l = 0; l <= L; l++) {
    const a = l * ACC_N;
    // out[(metric * (L + 1) + l) * NP + period]: `put` is a plain function, not a closure per call.
    const base = l * NP + period, stride = (L + 1) * NP;
    const put = (metric: number, v: number) => void (out[metric * stride + base] = v);
    const monthsIn = acc[a + A_MONTHS]!;
    const pop = acc[a + A_POP]!, gp = acc[a + A_FTE + GP]!;
    put(MI.population, pop);
    put(MI.demand, acc[a + A_DEMAND]!);
    put(MI.capacity, acc[a + A_CAP]!);
    put(MI.served, acc[a + A_SERVED]!);
    put(MI.unmet, acc[a + A_UNMET]!);
    put(MI.backlog, acc[a + A_BACKLOG]!);
    const weeklyCap = (acc[a + A_LASTCAP]! * 12) / 52;
    put(MI.waitWeeks, weeklyCap > 0 ? acc[a + A_BACKLOG]! / weeklyCap : 0);
    for (let r = 0; r < R; r++) put(FTE0 + r, acc[a + A_FTE + r]!);
    put(MI.patientsPerGpFte, pop / Math.max(gp, 0.01));
    put(MI.additionalGpFteTraditional, Math.max(0, pop / refPpg - gp));
    // Net of rebooking: a patient who fails twice counts once (README, methodology).
    put(MI.gpFteGap, acc[a + A_LOST]! / ((gpAppts * monthsIn) / 12));
    put(MI.aeAttendances, acc[a + A_AE]!);
    put(MI.aeDiverted, acc[a + A_DIV]!);
    put(MI.cost, acc[a + A_COST]!);
    cumCost[l]! += acc[a + A_COST]!;
    put(MI.costCumulative, cumCost[l]!);
    const meanGp = acc[a + A_GPFTE]! / monthsIn;
    put(MI.gpApptsPerGpDay, meanGp > 0 ? acc[a + A_GPSERVED]! / ((meanGp * workingDays * monthsIn) / 12) : 0);
    put(MI.probGapClosed, acc[a + A_UNMET]! <= GAP_CLOSED_SHARE * acc[a + A_DEMAND]! ? 1 : 0);
  }
  acc.fill(0);
}

/** Sum each pool's demand and effective capacity, then serve care types in order (MODEL.md section 5). */
/**
 * Serve demand with a practice's or pool's staff: care types in order of fewest serving roles first, each
 * from its roles in preference order (the (care type, role) pairs of the plan). Reduces `demand` and
 * `cap` in place; returns the GP appointments given.
 */
function serve(pairC: Int32Array, pairR: Int32Array, demand: Float64Array, dOff: number, cap: Float64Array, cOff: number, gp: number): number {
  let gpServed = 0;
  for (let k = 0; k < pairC.length; k++) {
    const i = dOff + pairC[k]!;
    const rem = demand[i]!;
    if (rem <= 0) continue;
    const r = pairR[k]!;
    const c = cap[cOff + r]!;
    if (c <= 0) continue;
    const take = rem < c ? rem : c;
    cap[cOff + r] = c - take;
    demand[i] = rem - take;
    if (r === gp) gpServed += take;
  }
  return gpServed;
}

/**
 * Allocation within pools (MODEL.md section 5). A single practice serves its own demand by the rule. In a
 * merged pool each practice's staff first serve its own patients by the rule, then the pool's spare
 * capacity serves what is left anywhere in the pool, by the same rule: so a merger can only add to what
 * is served (the property test), which one greedy pass over pooled demand does not guarantee once the
 * hub tops up afterwards.
 */
function allocatePools(ws: Workspace, act: Int32Array, supM: Float64Array, apptsM: Float64Array): void {
  const { poolOf, poolEff, poolMerged, poolDem, poolCap, poolRem, pracCap, pracRem, dem, fte, rampLoss, studyLoss, acc, members, memberStart } = ws;
  const L_capM = ws.loc.capM;
  const { P, practiceLoc, pairC, pairR } = ws.plan;
  const nAct = act.length;
  const R = R_, C = C_, GP = GP_, NURSE = NURSE_;
  poolDem.fill(0);
  for (let p = 0; p < P; p++) {
    const q = poolOf[p]!;
    for (let c = 0; c < C; c++) poolDem[q * C + c]! += dem[p * C + c]!;
    let supervision = 0;
    for (let k = 0; k < nAct; k++) { const r = act[k]!; supervision += fte[p * R + r]! * supM[r]!; }
    const gain = 1 + poolEff[q]!;
    for (let k = 0; k < nAct; k++) {
      const r = act[k]!;
      let eff = fte[p * R + r]! - rampLoss[p * R + r]!;
      if (r === NURSE) eff -= studyLoss[p]!;
      if (r === GP) eff -= supervision;
      pracCap[p * R + r] = eff > 0 ? eff * apptsM[r]! * gain : 0;
    }
  }
  for (let q = 0; q < P; q++) {
    if (poolOf[q] !== q) continue;
    const l = practiceLoc[q]!;
    const qC = q * C, qR = q * R;
    let capTotal = 0, gpServed = 0;
    if (!poolMerged[q]) {
      for (let k = 0; k < nAct; k++) capTotal += pracCap[qR + act[k]!]!;
      for (let c = 0; c < C; c++) poolRem[qC + c] = poolDem[qC + c]!;
      gpServed = serve(pairC, pairR, poolRem, qC, pracCap, qR, GP);
    } else {
      for (let c = 0; c < C; c++) poolRem[qC + c] = 0;
      for (let r = 0; r < R; r++) poolCap[qR + r] = 0;
      for (let k = memberStart[q]!; k < memberStart[q + 1]!; k++) {
        const p = members[k]!;
        for (let j = 0; j < nAct; j++) capTotal += pracCap[p * R + act[j]!]!;
        for (let c = 0; c < C; c++) pracRem[p * C + c] = dem[p * C + c]!;
        gpServed += serve(pairC, pairR, pracRem, p * C, pracCap, p * R, GP);
        for (let c = 0; c < C; c++) poolRem[qC + c]! += pracRem[p * C + c]!;
        for (let r = 0; r < R; r++) poolCap[qR + r]! += pracCap[p * R + r]!;
      }
      gpServed += serve(pairC, pairR, poolRem, qC, poolCap, qR, GP);
    }
    L_capM[l]! += capTotal;
    acc[l * ACC_N + A_GPSERVED]! += gpServed;
  }
}

function rebuildRoots(ws: Workspace): void {
  const { P, L, practiceLoc } = ws.plan;
  let k = 0;
  for (let l = 0; l < L; l++) {
    ws.rootStart[l] = k;
    for (let p = 0; p < P; p++) if (ws.poolOf[p] === p && practiceLoc[p] === l) ws.roots[k++] = p;
  }
  ws.rootStart[L] = k;
  // Members of each pool, grouped by root: members[memberStart[q] .. memberStart[q + 1]).
  const count = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) count[ws.poolOf[p]! + 1]!++;
  for (let q = 0; q < P; q++) count[q + 1]! += count[q]!;
  ws.memberStart.set(count);
  for (let p = 0; p < P; p++) ws.members[count[ws.poolOf[p]!]!++] = p;
}

function applyMerge(ws: Workspace, groups: Int32Array[], efficiency: number, oneOffCost: number): void {
  const { poolOf, poolEff, poolMerged } = ws;
  const P = ws.plan.P;
  for (const g of groups) {
    if (g.length === 0) continue;
    const roots = new Set<number>();
    for (const p of g) roots.add(poolOf[p]!);
    let root = P;
    for (const r of roots) root = Math.min(root, r);
    for (let p = 0; p < P; p++) if (roots.has(poolOf[p]!)) poolOf[p] = root;
    if (g.length >= 2 || roots.size >= 2) {
      poolEff[root] = efficiency;
      poolMerged[root] = 1;
      ws.loc.cost[ws.plan.practiceLoc[root]!]! += oneOffCost;
    }
  }
  rebuildRoots(ws);
}

/**
 * Small practices (1 or 2 GPs, not merged) that fail this month: `expected` > 0 fails that fraction of
 * each (the deterministic run), otherwise those whose drawn failure month is m fail whole. Their lists,
 * demand and rebooked demand move to the locality's remaining practices pro rata to list; staff leave.
 */
function failures(ws: Workspace, m: number, expected: number): void {
  const { plan, listW, demW, fte, over55, alive, backlog, poolOf, poolMerged, failMonth, phi } = ws;
  const { P, practiceLoc } = plan;
  // Per-locality scratch: these three are recomputed later in the month, before anything reads them.
  const movedL = ws.loc.pop, movedD = ws.loc.divert, keptL = ws.loc.capM;
  const movedB = ws.locScratch;
  let any = false;
  for (let p = 0; p < P; p++) {
    const f = !plan.smallPractice[p] || poolMerged[poolOf[p]!] || alive[p] === 0 ? 0 : expected > 0 ? expected : failMonth[p] === m ? 1 : 0;
    phi[p] = f;
    if (f > 0) any = true;
  }
  if (!any) return;
  movedL.fill(0); movedD.fill(0); keptL.fill(0); movedB.fill(0);
  for (let p = 0; p < P; p++) {
    const l = practiceLoc[p]!, f = phi[p]!;
    keptL[l]! += alive[p]! > 0 && f < 1 ? listW[p]! * (1 - f) : 0;
  }
  for (let p = 0; p < P; p++) {
    const f = phi[p]!;
    if (f <= 0) continue;
    const l = practiceLoc[p]!;
    if (keptL[l]! <= 0) { phi[p] = 0; continue; } // nobody left to take the list
    movedL[l]! += listW[p]! * f;
    movedD[l]! += demW[p]! * f;
    listW[p]! *= 1 - f;
    demW[p]! *= 1 - f;
    for (let c = 0; c < C; c++) { movedB[l * C + c]! += backlog[p * C + c]! * f; backlog[p * C + c]! *= 1 - f; }
    for (let r = 0; r < R; r++) fte[p * R + r]! *= 1 - f;
    over55[p]! *= 1 - f;
    alive[p] = f >= 1 ? 0 : alive[p]! * (1 - f);
  }
  for (let p = 0; p < P; p++) {
    const l = practiceLoc[p]!;
    if (alive[p] === 0 || movedL[l] === 0) continue;
    const w = listW[p]! / keptL[l]!;
    listW[p]! += movedL[l]! * w;
    demW[p]! += movedD[l]! * w;
    for (let c = 0; c < C; c++) backlog[p * C + c]! += movedB[l * C + c]! * w;
  }
}

function upskill(ws: Workspace, e: UpskillEvent, m: number): void {
  const { plan, fte, studyLoss } = ws;
  const { starts, inTraining } = ws.cohorts.get(e)!;
  const P = plan.P, months = plan.months;
  const study = ws.v(e.studyShare)[m]!;
  // Completions: the cohort that started trainingMonths ago becomes ANP.
  if (m - e.trainingMonths >= e.month) {
    for (let p = 0; p < P; p++) {
      const n = Math.min(starts[p * months + m - e.trainingMonths]!, fte[p * R + NURSE]!);
      inTraining[p] = Math.max(0, inTraining[p]! - starts[p * months + m - e.trainingMonths]!);
      fte[p * R + NURSE]! -= n;
      fte[p * R + ANP]! += n;
    }
  }
  // Starts: perYear / 12 this month, spread over practices by nurses not already training.
  let avail = 0;
  const w = ws.weights;
  for (let p = 0; p < P; p++) {
    w[p] = e.mask[p] ? Math.max(0, fte[p * R + NURSE]! - inTraining[p]!) : 0;
    avail += w[p]!;
  }
  const want = Math.min(ws.v(e.perYear)[m]! / 12, avail);
  if (want > 0) {
    for (let p = 0; p < P; p++) {
      const n = (want * w[p]!) / avail;
      starts[p * months + m] = n;
      inTraining[p]! += n;
      ws.loc.cost[plan.practiceLoc[p]!]! += n * ws.v(e.courseCost)[m]!;
    }
  }
  for (let p = 0; p < P; p++) studyLoss[p]! += inTraining[p]! * study;
}

function hire(ws: Workspace, e: HireEvent, m: number, refPpg: number): void {
  const { plan, fte, listW, rampLoss } = ws;
  const P = plan.P, months = plan.months;
  const hires = ws.hires.get(e)!;
  let current = 0;
  for (let p = 0; p < P; p++) if (e.mask[p]) current += fte[p * R + e.role]!;
  const amount = Math.min((ws.v(e.ftePerYear)[m]! / 12) * ws.v(e.fillRate)[m]!, Math.max(0, e.cap - current));
  const w = ws.weights;
  let total = 0;
  for (let p = 0; p < P; p++) {
    w[p] = !e.mask[p] || ws.alive[p] === 0 ? 0 : e.byShortfall ? Math.max(0, listW[p]! / refPpg - fte[p * R + GP]!) : listW[p]!;
    total += w[p]!;
  }
  if (total <= 0) for (let p = 0; p < P; p++) { w[p] = e.mask[p] && ws.alive[p]! > 0 ? listW[p]! : 0; total += w[p]!; }
  if (amount > 0 && total > 0) {
    for (let p = 0; p < P; p++) {
      const n = (amount * w[p]!) / total;
      fte[p * R + e.role]! += n;
      hires[p * months + m] = n;
    }
  }
  // New staff reach full output linearly over rampMonths: a hire of age a months gives a / ramp.
  if (e.rampMonths > 0) {
    for (let p = 0; p < P; p++) {
      let loss = 0;
      for (let a = 0; a < e.rampMonths && m - a >= 0; a++) loss += hires[p * months + m - a]! * (1 - a / e.rampMonths);
      rampLoss[p * R + e.role]! += loss;
    }
  }
}

export { ROLES };
