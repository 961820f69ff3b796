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
  A_FAIL_GP = 9, A_GAP = 10, A_MONTHS = 11, A_POP = 12, A_BACKLOG = 13, A_LAST_SERVED = 14, A_LOCUM = 15, A_SIGN = 16, A_COST_AE = 17,
  A_FTE = 18;
export const ROLE_N = 8;
/** FTE stocks at the period end per role, then per role the served appointments and FTE-months of the period. */
export const A_SRV = A_FTE + ROLE_N, A_FTEM = A_SRV + ROLE_N, ACC_N = A_FTEM + ROLE_N;

type LocKey = 'growth' | 'housing' | 'hubGp' | 'hubNurse' | 'hubCost' | 'divShare' | 'divCap' | 'navShare' | 'navExt' | 'navCost' | 'pop' | 'divert' | 'cost'
  | 'unmetGp' | 'housingPerList' | 'demandPerHead' | 'keepGp' | 'gap0' | 'hubFg' | 'hubFn' | 'costAe';

export class Workspace {
  readonly slots: Slot[];
  readonly values = new Map<Slot, Float64Array>();
  /** This run's monthly values of the scalar parameters, by key. */
  readonly s: Record<ScalarKey, Float64Array>;
  /** Per role: normal and stretch appointments a day, cost, attrition, fill rate, substitution and supervision, by month. */
  readonly role: { ref: Float64Array[]; max: Float64Array[]; cost: Float64Array[]; attr: Float64Array[]; fill: Float64Array[]; subst: Float64Array[];
    rampSup: Float64Array[]; sup: Float64Array[]; growth: Float64Array[]; gpFill: Float64Array[] };
  readonly K: number;
  // Practice stocks.
  readonly fte: Float64Array;
  /**
   * Establishment (posts) by practice and role, this month: `estBase` (posts of the baseline, in units of
   * the practice's base list weight, so they follow the list as it grows and as failed practices' lists
   * move) times the list's growth, plus `estAdd` (posts interventions added or took away).
   */
  readonly est: Float64Array;
  readonly estBase: Float64Array;
  readonly estAdd: Float64Array;
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
  // Pools (indexed by root practice): efficiency, whether merged, the share of capacity shared, the access penalty.
  readonly poolOf: Int32Array;
  readonly poolEff: Float64Array;
  readonly poolMerged: Uint8Array;
  readonly poolShared: Float64Array;
  readonly poolPenalty: Float64Array;
  // Per practice, this month (model/access.ts): attempts by class and in all; effective and in-post FTE by
  // role after a merged pool's sharing; appointments served and GP-type episodes taken by role; GP-type
  // attempts asked of GPs, locums asked for, attempts, failures, locums, first attempts asked of GPs, GP need.
  readonly att: Float64Array;
  readonly attTot: Float64Array;
  readonly effP: Float64Array;
  /** In-post FTE by role after a merged pool's sharing (written only once a merge has happened). */
  readonly fteB: Float64Array;
  readonly srvP: Float64Array;
  readonly takeP: Float64Array;
  readonly askedP: Float64Array;
  readonly gpShort: Float64Array;
  readonly attGpP: Float64Array;
  readonly attNP: Float64Array;
  readonly failGpP: Float64Array;
  readonly failNP: Float64Array;
  readonly locumP: Float64Array;
  readonly firstAskedP: Float64Array;
  readonly poolNeed: Float64Array;
  // Per area: locums asked for, substantive GP FTE, the share of what is asked that the supply allows, and
  // the background A&E rate per 1,000 (set in the first month).
  readonly areaWant: Float64Array;
  readonly areaGp: Float64Array;
  readonly areaK: Float64Array;
  readonly aeB0: Float64Array;
  readonly areaPop: Float64Array;
  readonly areaFill: Float64Array;
  /** Per practice, this month's list per unit of its base list weight (workforce). */
  readonly listRatio: Float64Array;
  /** Demand per head's growth since the start (demand.trend): England's workload target.gpDaily moves with it. */
  trendF = Number.NaN;
  /** The background A&E rate's growth since the start, and its monthly step. */
  aeF = Number.NaN;
  aeStep = Number.NaN;
  readonly rem: Float64Array;
  readonly cap: Float64Array;
  readonly members: Int32Array;
  readonly memberStart: Int32Array;
  /** Whether some pool has two or more practices (a merge has happened): allocation then sums pools first. */
  merged = false;
  readonly cohorts: Map<UpskillEvent, { starts: Float64Array; inTraining: Float64Array }>;
  /** Per hire event: posts filled by practice and month, and the last month any were filled (-1: none yet this run). */
  readonly hires: Map<HireEvent, { filled: Float64Array; last: number }>;
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
  readonly cumCostPc: Float64Array;
  /** The run's start gap per locality and in all (ACCOUNT_START_GAP), and its GP FTE at the start. */
  readonly startGap: Float64Array;
  /** Output: (metric * (L + 1) + locality) * periods + period. */
  readonly out: Float64Array;
  /** Monthly values this run reads per role (refilled each month). */
  readonly roleM = { ref: new Float64Array(ROLE_N), max: new Float64Array(ROLE_N), rampSup: new Float64Array(ROLE_N), sup: new Float64Array(ROLE_N),
    subst: new Float64Array(ROLE_N), leave: new Float64Array(ROLE_N) };

  constructor(readonly plan: Plan) {
    const { P, L, months } = plan;
    const R = ROLE_N, C = plan.mix.length;
    this.K = plan.maxRetries;
    this.slots = allSlots(plan);
    for (const s of this.slots) this.values.set(s, s.fixed ?? new Float64Array(months));
    const v = (s: Slot) => this.values.get(s)!;
    this.s = Object.fromEntries(Object.entries(plan.slots).map(([k, s]) => [k, v(s)])) as Record<ScalarKey, Float64Array>;
    const rs = plan.roleSlots;
    this.role = { ref: rs.ref.map(v), max: rs.max.map(v), cost: rs.cost.map(v), attr: rs.attrition.map(v), fill: rs.fill.map(v), subst: rs.substitution.map(v),
      rampSup: rs.rampSupervision.map(v), sup: rs.supervision.map(v), growth: plan.growthByLoc.map(v), gpFill: plan.gpFillByArea.map(v) };
    const f = (n: number) => new Float64Array(n);
    const A = plan.A;
    this.fte = f(P * R); this.est = f(P * R); this.estBase = f(P * R); this.estAdd = f(P * R); this.over55 = f(P); this.over55Init = f(P);
    this.listW = f(P); this.demW = f(P); this.alive = f(P); this.failMonth = new Int32Array(P); this.failsIn = new Uint8Array(plan.months);
    this.back = f(P * C * Math.max(1, this.K)); this.first = f(P * C); this.pop = f(P);
    this.studyLoss = f(P); this.rampLoss = f(P * R); this.rampFte = f(P * R); this.upskilled = f(P); this.nurse0 = f(P);
    this.poolOf = new Int32Array(P); this.poolEff = f(P); this.poolMerged = new Uint8Array(P); this.poolShared = f(P); this.poolPenalty = f(P);
    this.att = f(P * C); this.attTot = f(P); this.effP = f(P * R); this.fteB = f(P * R); this.srvP = f(P * R); this.takeP = f(P * R);
    this.askedP = f(P); this.gpShort = f(P); this.attGpP = f(P); this.attNP = f(P); this.failGpP = f(P); this.failNP = f(P); this.locumP = f(P);
    this.firstAskedP = f(P); this.poolNeed = f(P);
    this.areaWant = f(A); this.areaGp = f(A); this.areaK = f(A); this.aeB0 = f(A); this.areaPop = f(A); this.areaFill = f(A); this.listRatio = f(P);
    this.rem = f(C); this.cap = f(R);
    this.members = new Int32Array(P); this.memberStart = new Int32Array(P + 1);
    this.weights = f(P); this.phi = f(P);
    this.moved = f(L * (3 + C * Math.max(1, this.K) + 3 * R));
    this.hazard = f(months);
    this.warm = f(6 * P);
    this.powInv = f(P);
    this.powY = f(P);
    this.growthStep = f(L);
    this.cohorts = new Map();
    this.hires = new Map();
    for (const e of plan.events) {
      if (e.kind === 'upskill') this.cohorts.set(e, { starts: f(P * months), inTraining: f(P) });
      if (e.kind === 'hire') this.hires.set(e, { filled: f(P * months), last: -1 });
    }
    const keys: LocKey[] = ['growth', 'housing', 'hubGp', 'hubNurse', 'hubCost', 'divShare', 'divCap', 'navShare', 'navExt', 'navCost', 'pop', 'divert', 'cost',
      'unmetGp', 'housingPerList', 'demandPerHead', 'keepGp', 'gap0', 'hubFg', 'hubFn', 'costAe'];
    this.loc = Object.fromEntries(keys.map((k) => [k, f(L)])) as Record<LocKey, Float64Array>;
    this.acc = f((L + 1) * ACC_N);
    this.cumCost = f(L + 1);
    this.cumCostPc = f(L + 1);
    this.startGap = f(2 * (L + 1));
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

/** Group pool members by root, after a merge or at the start. */
export function rebuildRoots(ws: Workspace): void {
  const { P } = ws.plan;
  const count = new Int32Array(P + 1);
  for (let p = 0; p < P; p++) count[ws.poolOf[p]! + 1]!++;
  for (let q = 0; q < P; q++) count[q + 1]! += count[q]!;
  ws.memberStart.set(count);
  for (let p = 0; p < P; p++) ws.members[count[ws.poolOf[p]!]!++] = p;
  ws.merged = false;
  for (let q = 0; q < P; q++) if (ws.memberStart[q + 1]! - ws.memberStart[q]! > 1) ws.merged = true;
}
