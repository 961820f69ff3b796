/**
 * Allocation and access (docs/model.md, "Capacity, workload and access"). Each practice's roles other than
 * GPs serve care types in order (fewest serving roles first) against their stretch capacity, a new role's
 * appointments resolving `substitution` of a GP-type episode each; what is left of the GP-type care is asked
 * of the GPs. Practices ask the area's finite locum supply for part of what they lack; the load on GPs and
 * locums sets the share of GP-type attempts that fail, and the GPs' stretch ceiling caps what they serve.
 * In a merged pool each member keeps (1 - sharedShare) of its own capacity and gets its share, by demand, of
 * sharedShare of the pool's. Then the locality hub serves failed attempts pro rata between its practices.
 */
import { A_CAP, A_CAPMAX, A_GAP, ACC_N, rebuildRoots, ROLE_N, type Workspace } from './state.ts';

/**
 * The access-failure rule itself: failureRef x (load / loadRef)^elasticity, given the power, kept to
 * [min, max]. The model runs this function (with a fast power); `accessFailureShare` is the same rule
 * from a load.
 */
export function failureFromPower(failureRef: number, power: number, min: number, max: number): number {
  const f = failureRef * power;
  return f < min ? min : f > max ? max : f;
}

/**
 * Share of GP-type attempts that fail at a required GP load (appointments asked per GP FTE per day).
 * @example accessFailureShare(21.7, 0.115, 21.7, 1, 0.03, 0.6) // 0.115: an England-average practice
 */
export function accessFailureShare(load: number, failureRef: number, loadRef: number, elasticity: number, min: number, max: number): number {
  const ratio = load / loadRef;
  return failureFromPower(failureRef, elasticity === 1 ? ratio : ratio > 0 ? Math.pow(ratio, elasticity) : 0, min, max);
}

const GP = 0, NURSE = 2, PHARMACIST = 4;

/** Within this relative distance of its anchor, a power comes from the anchor and a series. */
const NEAR = 0.03;

/**
 * x^e for x > 0, fast: each practice keeps an anchor (x0, x0^e) computed exactly, and x^e = x0^e (1 + d)^e
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

/** Effective FTE: in post, less what is lost (ramp-up of new staff, study time, supervision), never below 0. */
function effective(f: number, lostA: number, lostB: number): number {
  const e = f - lostA - lostB;
  return e < 0 ? 0 : e;
}

/** What `allocate` accounts: nothing (the first month's fixed point), the month's figures, or the start gap only. */
export const ACCOUNT_NONE = 0, ACCOUNT_MONTH = 1, ACCOUNT_START_GAP = 2;

/**
 * Attempts and capacity of every practice this month, then allocation, locums and access failure. With
 * `account` ACCOUNT_MONTH, the month's capacity and GP FTE gap are added to the locality accumulators;
 * with ACCOUNT_START_GAP only the gap is kept, in `loc.gap0` (the baseline as loaded, before interventions).
 * Three phases: every practice's attempts and staff; after a merge, the pools share capacity; then every
 * practice serves. Locums this month are shared by last month's ratio of supply to what was asked (the first
 * month's at its fixed point), so each phase is one pass over the practices.
 */
export function allocate(ws: Workspace, m: number, account: number): void {
  const { A } = ws.plan;
  const areaWant = ws.areaWant, areaGp = ws.areaGp;
  for (let a = 0; a < A; a++) { areaWant[a] = 0; areaGp[a] = 0; }
  if (account === ACCOUNT_START_GAP) ws.loc.gap0.fill(0);
  staff(ws, m);
  if (ws.merged) sharePools(ws);
  serve(ws, m, account);
  // This month's ratio of the area's supply to what its practices asked, for next month.
  const supply = ws.s['workforce.gp.locumSupply'][m]!, k = ws.areaK;
  for (let a = 0; a < A; a++) {
    const have = supply * areaGp[a]!;
    k[a] = areaWant[a]! > have ? have / areaWant[a]! : 1;
  }
  if (account !== ACCOUNT_NONE && ws.merged) poolGaps(ws, account);
}

/**
 * Each practice's attempts by care class (first attempts and retries), and its effective FTE by role: in
 * post, less ramp-up, study time and the GP time that supervises new roles, plus the GP time pharmacists release.
 */
function staff(ws: Workspace, m: number): void {
  const plan = ws.plan;
  const { P, locArea, practiceLoc } = plan;
  const act = plan.activeRoles, nAct = act.length, C = plan.mix.length, R = ROLE_N, K = ws.K;
  const { fte, first, back, rampLoss, rampFte, studyLoss, att, attTot, effP, fteB, areaGp } = ws;
  const { rampSup, sup } = ws.roleM;
  const release = ws.s['workforce.pharmacist.gpTimeRelease'][m]!;
  const merged = ws.merged;
  for (let p = 0; p < P; p++) {
    const pR = p * R, pC = p * C;
    // Attempts are kept for the pools to share capacity by; without a merge the service sums them itself.
    if (merged) {
      let tot = 0;
      for (let c = 0; c < C; c++) {
        const pc = pC + c;
        let x = first[pc]!;
        for (let k = pc * K, end = k + K; k < end; k++) x += back[k]!;
        att[pc] = x;
        tot += x;
      }
      attTot[p] = tot;
    }
    let supervision = 0, released = 0;
    for (let j = 1; j < nAct; j++) {
      const r = act[j]!, i = pR + r;
      const f = fte[i]!;
      const rs = rampSup[r]!, sv = sup[r]!;
      if (rs > 0 || sv > 0) { const ramp = rampFte[i]!; supervision += rs * ramp + sv * (f > ramp ? f - ramp : 0); }
      const e = effective(f, rampLoss[i]!, r === NURSE ? studyLoss[p]! : 0);
      if (r === PHARMACIST) released += e * release;
      effP[i] = e;
      if (merged) fteB[i] = f;
    }
    const g = fte[pR]!;
    effP[pR] = effective(g, rampLoss[pR]!, supervision) + released;
    if (merged) fteB[pR] = g;
    areaGp[locArea[practiceLoc[p]!]!]! += g;
  }
}

/**
 * Each practice serves: the roles other than GPs serve their care types (a new role's appointment resolving
 * `substitution` of a GP-type episode); what is left of the GP-type care is asked of the GPs, and the practice
 * asks the locum supply for locumCover of its GP vacancy or, if more, of the GP FTE it lacks at the ceiling.
 * Access failure follows the GPs' load; GPs and locums never serve past their ceiling.
 */
function serve(ws: Workspace, m: number, account: number): void {
  const plan = ws.plan;
  const { P, locArea, practiceLoc, pairC, pairR, gpType } = plan;
  const act = plan.activeRoles, nAct = act.length, nPairs = pairC.length, C = plan.mix.length, R = ROLE_N, K = ws.K;
  const { fte, est, first, back, att, effP, rem, cap } = ws;
  const { poolOf, poolPenalty, poolEff, askedP, attGpP, attNP, failNP, gpShort, locumP, takeP, srvP, failGpP, firstAskedP, poolNeed, acc, areaWant } = ws;
  const { max, subst, ref } = ws.roleM;
  const s = ws.s;
  const days = s['workforce.workingDays'][m]! / 12;
  const locumCover = s['workforce.gp.locumCover'][m]!;
  const fRef = s['access.failureRef'][m]!, el = s['access.elasticity'][m]!;
  const fMin = s['access.failureMin'][m]!, fMax = s['access.failureMax'][m]!;
  // England's workload moves with demand per head (demand.trend): at England's ratio the gap stays about 0.
  const targetDaily = s['target.gpDaily'][m]! * ws.trendF;
  const gpMaxDay = max[GP]!, gpRefDay = ref[GP]!, perLoadRef = 1 / s['access.loadRef'][m]!, perGpMax = 1 / gpMaxDay;
  const gpHelpers = plan.gpHelpers, merged = ws.merged, k = ws.areaK;
  for (let p = 0; p < P; p++) {
    const pR = p * R, pC = p * C;
    const unit = days * (1 + poolEff[poolOf[p]!]!);
    let capRef = 0, capMax = 0;
    for (let j = 1; j < nAct; j++) {
      const r = act[j]!, e = effP[pR + r]!;
      const c = e * max[r]! * unit;
      cap[r] = c;
      capMax += c;
      capRef += e * ref[r]! * unit;
      takeP[pR + r] = 0;
      srvP[pR + r] = 0;
    }
    const l = practiceLoc[p]!;
    if (account === ACCOUNT_MONTH) {
      const a = l * ACC_N;
      acc[a + A_CAP]! += capRef;
      acc[a + A_CAPMAX]! += capMax;
    }
    let attGp = 0, attN = 0, firstGp = 0;
    for (let c = 0; c < C; c++) {
      const pc = pC + c;
      let a: number;
      if (merged) a = att[pc]!;
      else {
        a = first[pc]!;
        for (let k = pc * K, end = k + K; k < end; k++) a += back[k]!;
      }
      rem[c] = a;
      if (gpType[c]) { attGp += a; firstGp += first[pc]!; } else attN += a;
    }
    for (let q = 0; q < nPairs; q++) {
      const c = pairC[q]!, r = pairR[q]!;
      const want = rem[c]!, have = cap[r]!;
      if (want <= 0 || have <= 0) continue;
      if (gpType[c]) {
        const sb = subst[r]!, episodes = have * sb;
        const take = want < episodes ? want : episodes;
        cap[r] = have - take / sb;
        rem[c] = want - take;
        takeP[pR + r]! += take;
      } else {
        const take = want < have ? want : have;
        cap[r] = have - take;
        rem[c] = want - take;
        srvP[pR + r]! += take;
      }
    }
    let G = 0, failN = 0;
    for (let c = 0; c < C; c++) {
      if (gpType[c]) G += rem[c]!;
      else failN += rem[c]!;
    }
    const lack = (G / unit) * perGpMax - effP[pR]!;
    const v = est[pR]! - fte[pR]!;
    const short = lack > v ? lack : v;
    const want = short > 0 ? locumCover * short : 0;
    gpShort[p] = want;
    areaWant[locArea[l]!]! += want;
    askedP[p] = G;
    attGpP[p] = attGp;
    attNP[p] = attN;
    failNP[p] = failN;
    // GP-type first attempts left to GPs: the first attempts' share of what the GPs are asked.
    firstAskedP[p] = attGp > 0 ? (G * firstGp) / attGp : 0;
    const locum = want * k[locArea[l]!]!;
    const gpTot = effP[pR]! + locum;
    const load = gpTot > 0 ? G / (unit * gpTot) : G > 0 ? Infinity : 0;
    const ratio = load * perLoadRef;
    const power = el === 1 ? ratio : ratio > 0 ? (ratio < Infinity ? anchoredPower(ws, p, ratio, el) : Infinity) : 0;
    let f = failureFromPower(fRef, power, fMin, fMax);
    // A merged pool's larger practice fails a little more (Forbes et al. 2020).
    const pen = poolPenalty[poolOf[p]!]!;
    if (pen > 0) f = f + pen < 1 ? f + pen : 1;
    const ceiling = gpTot * gpMaxDay * unit;
    const gpServed = (1 - f) * G < ceiling ? (1 - f) * G : ceiling;
    failGpP[p] = attGp - (1 - f) * (attGp - G) - gpServed;
    // Appointments other roles gave to GP-type episodes that got through: take / substitution of them.
    if (gpHelpers) {
      for (let j = 1; j < nAct; j++) {
        const r = act[j]!, i = pR + r;
        if (takeP[i]! > 0) srvP[i]! += (takeP[i]! * (1 - f)) / subst[r]!;
      }
    }
    srvP[pR] = gpServed;
    locumP[p] = locum;
    if (account !== ACCOUNT_NONE) {
      // The GP FTE this practice lacks to see every GP-type first attempt at England's workload (summed
      // over a merged pool before the max, so that members share their GPs).
      const need = firstAskedP[p]! / (targetDaily * unit) - gpTot;
      if (merged) poolNeed[p] = need;
      else if (need > 0) {
        if (account === ACCOUNT_MONTH) acc[l * ACC_N + A_GAP]! += need;
        else ws.loc.gap0[l]! += need;
      }
      if (account === ACCOUNT_MONTH) {
        const a = l * ACC_N;
        acc[a + A_CAP]! += gpTot * gpRefDay * unit;
        acc[a + A_CAPMAX]! += ceiling;
      }
    }
  }
}

/** After a merge: each pool's GP FTE gap, its members' needs summed before the max (members share their GPs). */
function poolGaps(ws: Workspace, account: number): void {
  const { P, practiceLoc } = ws.plan;
  const { poolOf, memberStart, members, poolNeed, acc } = ws;
  const gapOut = account === ACCOUNT_MONTH ? null : ws.loc.gap0;
  for (let q = 0; q < P; q++) {
    if (poolOf[q] !== q) continue;
    let need = 0;
    for (let j = memberStart[q]!; j < memberStart[q + 1]!; j++) need += poolNeed[members[j]!]!;
    if (need <= 0) continue;
    const l = practiceLoc[q]!;
    if (gapOut) gapOut[l]! += need;
    else acc[l * ACC_N + A_GAP]! += need;
  }
}

/**
 * Merged pools: each member keeps (1 - sharedShare) of its effective FTE of each role and takes its share,
 * by its attempts, of sharedShare of the pool's (the sums over members are unchanged).
 */
function sharePools(ws: Workspace): void {
  const { P, activeRoles: act } = ws.plan;
  const nAct = act.length, R = ROLE_N;
  const { poolOf, poolShared, memberStart, members, attTot, effP, fteB } = ws;
  for (let q = 0; q < P; q++) {
    if (poolOf[q] !== q) continue;
    const k0 = memberStart[q]!, k1 = memberStart[q + 1]!;
    if (k1 - k0 < 2) continue;
    const sh = poolShared[q]!, keep = 1 - sh;
    let totAtt = 0;
    for (let k = k0; k < k1; k++) totAtt += attTot[members[k]!]!;
    // Each member's share of the shared capacity, by its attempts (equal shares when nobody asks).
    const w = ws.weights, even = 1 / (k1 - k0), per = totAtt > 0 ? sh / totAtt : 0;
    for (let k = k0; k < k1; k++) w[k] = totAtt > 0 ? attTot[members[k]!]! * per : sh * even;
    for (let j = 0; j < nAct; j++) {
      const r = act[j]!;
      let se = 0, sf = 0;
      for (let k = k0; k < k1; k++) { const i = members[k]! * R + r; se += effP[i]!; sf += fteB[i]!; }
      if (se === 0 && sf === 0) continue;
      for (let k = k0; k < k1; k++) {
        const i = members[k]! * R + r, wk = w[k]!;
        effP[i] = keep * effP[i]! + se * wk;
        fteB[i] = keep * fteB[i]! + sf * wk;
      }
    }
  }
}

/**
 * The locality hub serves its practices' failed GP-type and nurse attempts, pro rata, up to its appointments
 * this month (what A&E diversion left). What it serves counts as served through the lower failure share.
 */
export function hub(ws: Workspace): void {
  const { L, P, practiceLoc } = ws.plan;
  const { failGpP, failNP } = ws;
  const { hubGp, hubNurse, hubFg, hubFn } = ws.loc;
  for (let l = 0; l < L; l++) { hubFg[l] = 0; hubFn[l] = 0; }
  for (let p = 0; p < P; p++) { const l = practiceLoc[p]!; hubFg[l]! += failGpP[p]!; hubFn[l]! += failNP[p]!; }
  for (let l = 0; l < L; l++) {
    const fg = hubFg[l]!, fn = hubFn[l]!;
    const tg = fg < hubGp[l]! ? fg : hubGp[l]!, tn = fn < hubNurse[l]! ? fn : hubNurse[l]!;
    hubFg[l] = fg > 0 ? 1 - tg / fg : 1;
    hubFn[l] = fn > 0 ? 1 - tn / fn : 1;
  }
  for (let p = 0; p < P; p++) { const l = practiceLoc[p]!; failGpP[p]! *= hubFg[l]!; failNP[p]! *= hubFn[l]!; }
}

/**
 * Join practices into pools (the merge intervention): each pool shares `shared` of its members' capacity,
 * its back offices free `efficiency` of clinical time (0 by default), and it fails `penalty` more attempts.
 */
export function applyMerge(ws: Workspace, groups: Int32Array[], efficiency: number, oneOffCost: number, shared: number, penalty: number): void {
  const { poolOf, poolEff, poolMerged, poolShared, poolPenalty } = ws;
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
      poolShared[root] = shared;
      poolPenalty[root] = penalty;
      ws.loc.cost[ws.plan.practiceLoc[root]!]! += oneOffCost;
    }
  }
  rebuildRoots(ws);
}
