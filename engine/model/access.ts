/**
 * Allocation and access (model section 5). Within each pool the roles other than GPs serve care types in
 * order (fewest serving roles first) against their stretch capacity; what is left of the GP-type care is
 * asked of GPs, and the load it puts on them sets the share of GP-type attempts that fail. Then the
 * locality hub serves failed attempts pro rata between its pools.
 */
import { A_CAP, A_CAPMAX, A_GAP, ACC_N, rebuildRoots, ROLE_N, type Workspace } from './state.ts';

/**
 * Share of GP-type attempts that fail at a required GP load (appointments asked per GP FTE per day).
 * @example accessFailureShare(21.7, 0.115, 21.7, 1, 0.03, 0.6) // 0.115: an England-average practice
 */
export function accessFailureShare(load: number, failureRef: number, loadRef: number, elasticity: number, min: number, max: number): number {
  const ratio = load / loadRef;
  const f = failureRef * (elasticity === 1 ? ratio : ratio > 0 ? Math.pow(ratio, elasticity) : 0);
  return f < min ? min : f > max ? max : f;
}

const GP = 0, NURSE = 2;

/** Within this relative distance of its anchor, a power comes from the anchor and a series. */
const NEAR = 0.03;

/**
 * x^e for x > 0, fast: each pool keeps an anchor (x0, x0^e) computed exactly, and x^e = x0^e (1 + d)^e
 * with d = x / x0 - 1, by the binomial series to d^8 while |d| <= 0.03 (within 1e-15 of the exact
 * value for e from 0 to 5, as a scan of e and d shows). Loads move a little each month, so most months
 * need no exp or log. Anchors are cleared at the start of every run, so a run's figures do not depend on
 * the runs before it.
 */
export function anchoredPower(ws: Workspace, q: number, x: number, e: number): number {
  if (e !== ws.powE) {
    ws.powE = e;
    ws.powInv.fill(0);
    let c = 1;
    for (let n = 1; n <= 8; n++) ws.powCoef[n] = c *= (e - n + 1) / n;
  }
  const d = x * ws.powInv[q]! - 1;
  if (d > NEAR || d < -NEAR) {
    const y = Math.exp(e * Math.log(x));
    ws.powInv[q] = 1 / x;
    ws.powY[q] = y;
    return y;
  }
  const a = ws.powCoef, d2 = d * d, d4 = d2 * d2;
  return ws.powY[q]! * (1 + a[1]! * d + d2 * (a[2]! + a[3]! * d) + d4 * (a[4]! + a[5]! * d + d2 * (a[6]! + a[7]! * d) + d4 * a[8]!));
}

/** Attempts of a practice's care class (row pc): first attempts and the retries waiting at every level. */
function attempts(first: Float64Array, back: Float64Array, pc: number, K: number): number {
  let att = first[pc]!;
  for (let k = pc * K, end = k + K; k < end; k++) att += back[k]!;
  return att;
}

/** GP time a new role's staff take (FTE): their full supervision while ramping up, a tenth of it after. */
function supervising(share: number, f: number, ramp: number): number {
  return share > 0 ? share * (ramp + 0.1 * (f > ramp ? f - ramp : 0)) : 0;
}

/** Effective FTE: in post, less what is lost (ramp-up of new staff, study time, supervision), never below 0. */
function effective(f: number, lostA: number, lostB: number): number {
  const e = f - lostA - lostB;
  return e < 0 ? 0 : e;
}

/**
 * Attempts and capacity of every pool this month, then allocation and access failure per pool. With
 * `account`, the month's capacity and GP FTE gap are added to the locality accumulators (the first
 * month's fixed point allocates many times and accounts once).
 */
export function allocate(ws: Workspace, m: number, account: boolean): void {
  const plan = ws.plan;
  const { P, pairC, pairR, gpType, activeRoles: act, practiceLoc } = plan;
  const C = plan.mix.length, R = ROLE_N, K = ws.K;
  const { fte, est, first, back, rampLoss, rampFte, studyLoss, poolOf, poolEff, poolAtt, poolCap, poolSrv, poolFte, poolVac, memberStart, rem, cap, takeGp } = ws;
  const acc = ws.acc;
  const { poolAttGp, poolAttN, poolFailGp, poolFailN, poolLocum } = ws;
  const { safe, max, sup } = ws.roleM;
  const s = ws.s;
  const perMonth = s['workforce.workingDays'][m]! / 12;
  const locumCover = s['workforce.gp.locumCover'][m]!;
  const fRef = s['access.failureRef'][m]!, loadRef = s['access.loadRef'][m]!, el = s['access.elasticity'][m]!;
  const fMin = s['access.failureMin'][m]!, fMax = s['access.failureMax'][m]!;
  const nAct = act.length, nPairs = pairC.length;
  const gpMaxDay = max[GP]!, gpSafeDay = safe[GP]!, perGpMax = 1 / gpMaxDay, perGpSafe = 1 / gpSafeDay, perLoadRef = 1 / loadRef;
  // Sums of the pools of two or more practices (after a merge); a pool of one practice is read directly
  // below. A pool's root is its lowest-numbered practice, so the loop meets it first: the root assigns
  // and its members add (no clearing pass). Roles in use only; GP is always act[0].
  if (ws.merged) {
    for (let p = 0; p < P; p++) {
      const q = poolOf[p]!, own = q === p;
      if (memberStart[q + 1]! - memberStart[q]! === 1) continue;
      const pR = p * R, qR = q * R, pC = p * C, qC = q * C;
      const vac = est[pR]! - fte[pR]!;
      const v = vac > 0 ? vac : 0;
      poolVac[q] = own ? v : poolVac[q]! + v;
      for (let c = 0; c < C; c++) {
        const att = attempts(first, back, pC + c, K);
        poolAtt[qC + c] = own ? att : poolAtt[qC + c]! + att;
      }
      let supervision = 0;
      for (let j = 1; j < nAct; j++) {
        const r = act[j]!, i = pR + r;
        const f = fte[i]!;
        supervision += supervising(sup[r]!, f, rampFte[i]!);
        const e = effective(f, rampLoss[i]!, r === NURSE ? studyLoss[p]! : 0);
        if (own) { poolFte[qR + r] = f; poolCap[qR + r] = e; }
        else { poolFte[qR + r]! += f; poolCap[qR + r]! += e; }
      }
      const f = fte[pR]!, e = effective(f, rampLoss[pR]!, supervision);
      if (own) { poolFte[qR] = f; poolCap[qR] = e; }
      else { poolFte[qR]! += f; poolCap[qR]! += e; }
    }
  }
  for (let q = 0; q < P; q++) {
    if (poolOf[q] !== q) continue;
    const qR = q * R, qC = q * C, single = memberStart[q + 1]! - memberStart[q]! === 1;
    const unit = perMonth * (1 + poolEff[q]!);
    // Capacity of the roles other than GP at a safe and at a stretch workload, from their effective FTE.
    let safeCap = 0, maxCap = 0, supervision = 0;
    for (let j = 1; j < nAct; j++) {
      const r = act[j]!, i = qR + r;
      let e: number;
      if (single) {
        const f = fte[i]!;
        supervision += supervising(sup[r]!, f, rampFte[i]!);
        e = effective(f, rampLoss[i]!, r === NURSE ? studyLoss[q]! : 0);
        poolFte[i] = f;
      } else e = poolCap[i]!;
      safeCap += e * safe[r]! * unit;
      const c = e * max[r]! * unit;
      maxCap += c;
      cap[r] = c;
      takeGp[r] = 0;
      poolSrv[i] = 0;
    }
    // The GPs' effective FTE (less the supervision of new roles) and vacancies.
    let gpEff: number, vac: number;
    if (single) {
      const f = fte[qR]!, v = est[qR]! - f;
      poolFte[qR] = f;
      gpEff = effective(f, rampLoss[qR]!, supervision);
      vac = v > 0 ? v : 0;
    } else {
      gpEff = poolCap[qR]!;
      vac = poolVac[q]!;
    }
    safeCap += gpEff * gpSafeDay * unit;
    maxCap += gpEff * gpMaxDay * unit;
    let attGp = 0, attN = 0;
    for (let c = 0; c < C; c++) {
      const a = single ? attempts(first, back, qC + c, K) : poolAtt[qC + c]!;
      rem[c] = a;
      if (gpType[c]) attGp += a;
      else attN += a;
    }
    for (let k = 0; k < nPairs; k++) {
      const c = pairC[k]!, r = pairR[k]!;
      const want = rem[c]!, have = cap[r]!;
      if (want <= 0 || have <= 0) continue;
      const take = want < have ? want : have;
      cap[r] = have - take;
      rem[c] = want - take;
      if (gpType[c]) takeGp[r]! += take;
      else poolSrv[qR + r]! += take;
    }
    let G = 0, failN = 0;
    for (let c = 0; c < C; c++) {
      if (gpType[c]) G += rem[c]!;
      else failN += rem[c]!;
    }
    // Locum sessions cover part of what the pool lacks: its GP vacancies or, if more, the GP FTE it lacks
    // to see everyone at full stretch.
    // GP-type appointments asked of the GPs per working day.
    const asked = G / unit;
    const lack = asked * perGpMax - gpEff;
    const short = lack > vac ? lack : vac;
    const locum = short > 0 ? locumCover * short : 0;
    const gpTot = gpEff + locum;
    const load = gpTot > 0 ? asked / gpTot : G > 0 ? Infinity : 0;
    // accessFailureShare, with the power from this pool's anchor (a load of 0 fails least, no GPs most).
    const ratio = load * perLoadRef;
    const f0 = fRef * (el === 1 ? ratio : ratio > 0 ? (ratio < Infinity ? anchoredPower(ws, q, ratio, el) : Infinity) : 0);
    const f = f0 < fMin ? fMin : f0 > fMax ? fMax : f0;
    const ceiling = gpTot * gpMaxDay * unit;
    const gpServed = (1 - f) * G < ceiling ? (1 - f) * G : ceiling;
    const served = (1 - f) * (attGp - G) + gpServed;
    for (let j = 1; j < nAct; j++) {
      const r = act[j]!;
      poolSrv[qR + r]! += takeGp[r]! * (1 - f);
    }
    poolSrv[qR] = gpServed;
    poolAttGp[q] = attGp;
    poolAttN[q] = attN;
    poolFailGp[q] = attGp - served;
    poolFailN[q] = failN;
    poolLocum[q] = locum;
    if (account) {
      // The month's capacity (locums included) and the GP FTE the pool lacks for a safe workload.
      const a = practiceLoc[q]! * ACC_N, need = asked * perGpSafe - gpEff;
      acc[a + A_CAP]! += safeCap + locum * gpSafeDay * unit;
      acc[a + A_CAPMAX]! += maxCap + locum * gpMaxDay * unit;
      if (need > 0) acc[a + A_GAP]! += need;
    }
  }
}

/**
 * The locality hub serves its pools' failed GP-type and nurse attempts, pro rata, up to its appointments
 * this month (what A&E diversion left). What it serves counts as served through the lower failure share.
 */
export function hub(ws: Workspace): void {
  const { L } = ws.plan;
  const { roots, rootStart, poolFailGp, poolFailN } = ws;
  const { hubGp, hubNurse } = ws.loc;
  for (let l = 0; l < L; l++) {
    let fg = 0, fn = 0;
    const r0 = rootStart[l]!, r1 = rootStart[l + 1]!;
    for (let k = r0; k < r1; k++) { fg += poolFailGp[roots[k]!]!; fn += poolFailN[roots[k]!]!; }
    const tg = fg < hubGp[l]! ? fg : hubGp[l]!, tn = fn < hubNurse[l]! ? fn : hubNurse[l]!;
    const kg = fg > 0 ? 1 - tg / fg : 1, kn = fn > 0 ? 1 - tn / fn : 1;
    for (let k = r0; k < r1; k++) { poolFailGp[roots[k]!]! *= kg; poolFailN[roots[k]!]! *= kn; }
  }
}

/** Join practices into pools (the merge intervention); a pool's back offices free `efficiency` of clinical time. */
export function applyMerge(ws: Workspace, groups: Int32Array[], efficiency: number, oneOffCost: number): void {
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
