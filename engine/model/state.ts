/**
 * Everything one run needs, allocated once per plan so runs allocate nothing: practice stocks, pool
 * scratch, per-locality accumulators and the run's output. Phases in this folder read and write it.
 */
import { allSlots, type HireEvent, type Plan, type ScalarKey, type UpskillEvent } from '../plan.ts';
import { uniform } from '../random.ts';
import { drawSlot, type Slot } from '../series.ts';
import { METRICS, type Metric } from '../types.ts';

export const NM = METRICS.length;
export const MI = Object.fromEntries(METRICS.map((m, i) => [m, i])) as Record<Metric, number>;

// Per-locality accumulators within a period (the last L+1-th row is the total, filled at period end). Plain
// exported numbers, not an object: the hot phases read them in their loops, and a property of an imported
// object is a load every time.
export const A_DEMAND = 0, A_CAP = 1, A_CAPMAX = 2, A_SERVED = 3, A_UNMET = 4, A_AE = 5, A_DIV = 6, A_COST = 7, A_FIRST_GP = 8,
  A_FAIL_GP = 9, A_GAP = 10, A_MONTHS = 11, A_POP = 12, A_BACKLOG = 13, A_LAST_SERVED = 14, A_LOCUM = 15, A_FTE = 16;
export const ROLE_N = 8;
/** FTE stocks at the period end per role, then per role the served appointments and FTE-months of the period. */
export const A_SRV = A_FTE + ROLE_N, A_FTEM = A_SRV + ROLE_N, ACC_N = A_FTEM + ROLE_N;

type LocKey = 'growth' | 'housing' | 'hubGp' | 'hubNurse' | 'hubCost' | 'divShare' | 'divCap' | 'navShare' | 'pop' | 'divert' | 'cost' | 'u0' | 'unmet'
  | 'housingPerList' | 'demandPerHead' | 'keepGp' | 'safePop' | 'allPop';

export class Workspace {
  readonly slots: Slot[];
  readonly values = new Map<Slot, Float64Array>();
  /** This run's monthly values of the scalar parameters, by key. */
  readonly s: Record<ScalarKey, Float64Array>;
  /** Per role: safe and stretch appointments a day, cost, attrition, fill rate and supervision, by month. */
  readonly role: { safe: Float64Array[]; max: Float64Array[]; cost: Float64Array[]; attr: Float64Array[]; fill: Float64Array[]; sup: Float64Array[]; growth: Float64Array[] };
  readonly K: number;
  // Practice stocks.
  readonly fte: Float64Array;
  readonly est: Float64Array;
  readonly over55: Float64Array;
  readonly over55Init: Float64Array;
  readonly listW: Float64Array;
  readonly demW: Float64Array;
  readonly alive: Float64Array;
  readonly failMonth: Int32Array;
  /** 1 in the months where some practice's drawn failure month falls (Monte Carlo runs). */
  readonly failsIn: Uint8Array;
  /** Waiting retries by practice, care class and level: back[(p * C + c) * K + k] have failed k + 1 times (their sum over levels is the class's retries waiting). */
  readonly back: Float64Array;
  readonly first: Float64Array;
  readonly pop: Float64Array;
  readonly studyLoss: Float64Array;
  readonly rampLoss: Float64Array;
  readonly rampFte: Float64Array;
  readonly upskilled: Float64Array;
  readonly nurse0: Float64Array;
  // Pools (indexed by root practice).
  readonly poolOf: Int32Array;
  readonly poolEff: Float64Array;
  readonly poolMerged: Uint8Array;
  readonly poolAtt: Float64Array;
  readonly poolCap: Float64Array;
  readonly poolSrv: Float64Array;
  readonly poolFte: Float64Array;
  readonly poolAttGp: Float64Array;
  readonly poolAttN: Float64Array;
  readonly poolFailGp: Float64Array;
  readonly poolFailN: Float64Array;
  readonly poolLocum: Float64Array;
  readonly poolVac: Float64Array;
  readonly takeGp: Float64Array;
  readonly rem: Float64Array;
  readonly cap: Float64Array;
  /** Per practice within a period: GP appointments served and GP FTE-months (with locums), for the pool workload test. */
  readonly gpSrvP: Float64Array;
  readonly gpFteP: Float64Array;
  readonly roots: Int32Array;
  readonly rootStart: Int32Array;
  readonly members: Int32Array;
  readonly memberStart: Int32Array;
  /** Whether some pool has two or more practices (a merge has happened): allocation then sums pools first. */
  merged = false;
  readonly cohorts: Map<UpskillEvent, { starts: Float64Array; inTraining: Float64Array }>;
  readonly hires: Map<HireEvent, Float64Array>;
  readonly weights: Float64Array;
  readonly phi: Float64Array;
  /** Scratch of practice failure: per locality, list, demand weight, kept list, retries by level and staff moved. */
  readonly moved: Float64Array;
  /** Cumulative small-practice failure hazard by month, and each locality's monthly growth factor. */
  readonly hazard: Float64Array;
  /** Per pool, the anchor of the access-failure power: 1 / x0 and x0^e (model/access.ts), for exponent `powE`. */
  readonly powInv: Float64Array;
  readonly powY: Float64Array;
  readonly powCoef = new Float64Array(9);
  powE = Number.NaN;
  /** Scratch of the first month's fixed point, per pool and share (GP-type, nurse): the share now, the one before and its residual. */
  readonly warm: Float64Array;
  readonly growthStep: Float64Array;
  readonly loc: Record<LocKey, Float64Array>;
  readonly acc: Float64Array;
  readonly cumCost: Float64Array;
  /** Output: (metric * (L + 1) + locality) * periods + period. */
  readonly out: Float64Array;
  /** Monthly values this run reads per role (refilled each month). */
  readonly roleM = { safe: new Float64Array(ROLE_N), max: new Float64Array(ROLE_N), sup: new Float64Array(ROLE_N), leave: new Float64Array(ROLE_N) };

  constructor(readonly plan: Plan) {
    const { P, L, months } = plan;
    const R = ROLE_N, C = plan.mix.length;
    this.K = plan.maxRetries;
    this.slots = allSlots(plan);
    for (const s of this.slots) this.values.set(s, s.fixed ?? new Float64Array(months));
    const v = (s: Slot) => this.values.get(s)!;
    this.s = Object.fromEntries(Object.entries(plan.slots).map(([k, s]) => [k, v(s)])) as Record<ScalarKey, Float64Array>;
    const rs = plan.roleSlots;
    this.role = { safe: rs.safe.map(v), max: rs.max.map(v), cost: rs.cost.map(v), attr: rs.attrition.map(v), fill: rs.fill.map(v), sup: rs.supervision.map(v), growth: plan.growthByLoc.map(v) };
    const f = (n: number) => new Float64Array(n);
    this.fte = f(P * R); this.est = f(P * R); this.over55 = f(P); this.over55Init = f(P);
    this.listW = f(P); this.demW = f(P); this.alive = f(P); this.failMonth = new Int32Array(P); this.failsIn = new Uint8Array(plan.months);
    this.back = f(P * C * Math.max(1, this.K)); this.first = f(P * C); this.pop = f(P);
    this.studyLoss = f(P); this.rampLoss = f(P * R); this.rampFte = f(P * R); this.upskilled = f(P); this.nurse0 = f(P);
    this.poolOf = new Int32Array(P); this.poolEff = f(P); this.poolMerged = new Uint8Array(P);
    this.poolAtt = f(P * C); this.poolCap = f(P * R); this.poolSrv = f(P * R); this.poolFte = f(P * R);
    this.poolAttGp = f(P); this.poolAttN = f(P); this.poolFailGp = f(P); this.poolFailN = f(P); this.poolLocum = f(P); this.poolVac = f(P);
    this.takeGp = f(R); this.rem = f(C); this.cap = f(R);
    this.gpSrvP = f(P); this.gpFteP = f(P);
    this.roots = new Int32Array(P); this.rootStart = new Int32Array(L + 1); this.members = new Int32Array(P); this.memberStart = new Int32Array(P + 1);
    this.weights = f(P); this.phi = f(P);
    this.moved = f(L * (3 + C * Math.max(1, this.K) + 2 * R));
    this.hazard = f(months);
    this.warm = f(6 * P);
    this.powInv = f(P);
    this.powY = f(P);
    this.growthStep = f(L);
    this.cohorts = new Map();
    this.hires = new Map();
    for (const e of plan.events) {
      if (e.kind === 'upskill') this.cohorts.set(e, { starts: f(P * months), inTraining: f(P) });
      if (e.kind === 'hire') this.hires.set(e, f(P * months));
    }
    const keys: LocKey[] = ['growth', 'housing', 'hubGp', 'hubNurse', 'hubCost', 'divShare', 'divCap', 'navShare', 'pop', 'divert', 'cost', 'u0', 'unmet', 'housingPerList', 'demandPerHead', 'keepGp', 'safePop', 'allPop'];
    this.loc = Object.fromEntries(keys.map((k) => [k, f(L)])) as Record<LocKey, Float64Array>;
    this.acc = f((L + 1) * ACC_N);
    this.cumCost = f(L + 1);
    this.out = f(NM * (L + 1) * plan.periods.length);
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

/** Group pool roots by locality and pool members by root, after a merge or at the start. */
export function rebuildRoots(ws: Workspace): void {
  const { P, L, practiceLoc } = ws.plan;
  let k = 0;
  for (let l = 0; l < L; l++) {
    ws.rootStart[l] = k;
    for (let p = 0; p < P; p++) if (ws.poolOf[p] === p && practiceLoc[p] === l) ws.roots[k++] = p;
  }
  ws.rootStart[L] = k;
  const count = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) count[ws.poolOf[p]! + 1]!++;
  for (let q = 0; q < P; q++) count[q + 1]! += count[q]!;
  ws.memberStart.set(count);
  for (let p = 0; p < P; p++) ws.members[count[ws.poolOf[p]!]!++] = p;
  ws.merged = false;
  for (let q = 0; q < P; q++) if (ws.memberStart[q + 1]! - ws.memberStart[q]! > 1) ws.merged = true;
}
