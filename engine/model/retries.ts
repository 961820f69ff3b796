/**
 * Retries, unmet and A&E (docs/model.md, "Retries, unmet, A&E"). A failed attempt tries again next month
 * with probability `access.rebook`, at most `access.maxRetries` times; otherwise the episode ends unmet,
 * counted once. A&E is a background rate per head plus a share of the GP-type episodes that end unmet.
 */
import { ACCOUNT_MONTH, ACCOUNT_NONE, allocate, hub } from './access.ts';
import { A_AE, A_BACKLOG, A_DIV, A_FAIL_GP, A_FIRST_GP, A_LAST_SERVED, A_SERVED, A_UNMET, ACC_N, type Workspace } from './state.ts';

/**
 * Share of first attempts that end unmet in the steady state, for a failure share f, rebooking rb and
 * K retries: sum over k < K of f^(k+1) rb^k (1 - rb), plus f^(K+1) rb^K.
 * @example unmetPerFirstAttempt(0.2, 0.5, 1) // 0.2 * 0.5 + 0.04 * 0.5 = 0.12
 */
export function unmetPerFirstAttempt(f: number, rb: number, K: number): number {
  let out = 0, fk = f, rk = 1;
  for (let k = 0; k < K; k++) { out += fk * rk * (1 - rb); fk *= f; rk *= rb; }
  return out + fk * rk;
}

const failShare = (fail: number, att: number) => (att > 0 ? fail / att : 0);

/**
 * A secant step toward x = F(x) from two rounds (x0 with residual r0 = F(x0) - x0, and x1 with r1),
 * kept to a share in [0, 1]; `plain` (F(x1)) when the secant cannot help.
 */
function secant(x0: number, r0: number, x1: number, r1: number, plain: number): number {
  const d = r1 - r0;
  if (!(Math.abs(d) > 1e-15) || x1 === x0) return plain;
  const x = x1 - (r1 * (x1 - x0)) / d;
  return x >= 0 && x <= 1 ? x : plain;
}

/**
 * The first month starts in balance: the retries already waiting are those of the steady state of the
 * first month's access, found by fixed-point rounds.
 */
export function warmStart(ws: Workspace, m: number): void {
  const plan = ws.plan;
  const { P, gpType } = plan;
  const C = plan.mix.length, K = ws.K;
  const { first, back, attGpP, attNP, failGpP, failNP } = ws;
  const rb = ws.s['access.rebook'][m]!;
  back.fill(0);
  // Fixed point on the failure shares of each practice (GP-type and nurse), x = F(x): F is this month's
  // access with the retries that shares x would leave waiting. Each round takes a secant step per share
  // on F(x) - x from its last two rounds (the first round a plain step), which converges in a few rounds
  // where plain steps contract slowly. Rounds stop when no waiting list moves by more than 1e-9
  // (relative), at most 100.
  const h = ws.warm;
  const curG = h.subarray(0, P), curN = h.subarray(P, 2 * P), xg = h.subarray(2 * P, 3 * P), xn = h.subarray(3 * P, 4 * P);
  const rg = h.subarray(4 * P, 5 * P), rn = h.subarray(5 * P, 6 * P);
  curG.fill(0);
  curN.fill(0);
  for (let round = 0; round < 100; round++) {
    allocate(ws, m, ACCOUNT_NONE);
    hub(ws);
    for (let q = 0; q < P; q++) {
      const fg = failShare(failGpP[q]!, attGpP[q]!), fn = failShare(failNP[q]!, attNP[q]!);
      const x1 = curG[q]!, y1 = curN[q]!;
      curG[q] = round === 0 ? fg : secant(xg[q]!, rg[q]!, x1, fg - x1, fg);
      curN[q] = round === 0 ? fn : secant(xn[q]!, rn[q]!, y1, fn - y1, fn);
      xg[q] = x1; rg[q] = fg - x1;
      xn[q] = y1; rn[q] = fn - y1;
    }
    let moved = 0;
    for (let p = 0; p < P; p++) {
      const fg = curG[p]!, fn = curN[p]!;
      for (let c = 0; c < C; c++) {
        const x = (gpType[c] ? fg : fn) * rb;
        let v = first[p * C + c]! * x, sum = 0, was = 0;
        for (let k = (p * C + c) * K, end = k + K; k < end; k++) { was += back[k]!; back[k] = v; sum += v; v *= x; }
        const d = Math.abs(sum - was) / (sum + was + 1e-300);
        if (d > moved) moved = d;
      }
    }
    if (moved < 1e-9) break;
  }
  allocate(ws, m, ACCOUNT_MONTH);
  hub(ws);
}

/** This month's outcome per practice: served, new retries, unmet; then A&E per locality. */
export function retries(ws: Workspace, m: number): void {
  const plan = ws.plan;
  const { P, L, A, practiceLoc, locArea, gpType } = plan;
  const C = plan.mix.length, K = ws.K;
  const { first, back, attGpP, attNP, failGpP, failNP, acc } = ws;
  const { unmetGp: locUnmetGp, divert, pop: locPop, costAe } = ws.loc;
  const rb = ws.s['access.rebook'][m]!, last = plan.periodEnd[m] === 1;
  for (let l = 0; l < L; l++) locUnmetGp[l] = 0;
  for (let p = 0; p < P; p++) {
    const l = practiceLoc[p]!, a = l * ACC_N;
    const fg = failShare(failGpP[p]!, attGpP[p]!), fn = failShare(failNP[p]!, attNP[p]!);
    let served = 0, unmet = 0, unmetGp = 0, backOut = 0, firstGp = 0;
    for (let c = 0; c < C; c++) {
      const gp = gpType[c] === 1;
      const f = gp ? fg : fn;
      const i = (p * C + c) * K;
      const a0 = first[p * C + c]!;
      let u: number;
      if (K === 0) {
        served += a0 * (1 - f);
        u = a0 * f;
      } else {
        // Attempts below the top level (first attempts and earlier retries) and at the top (the last retry).
        let below = a0;
        for (let k = i, end = i + K - 1; k < end; k++) below += back[k]!;
        const top = back[i + K - 1]!;
        served += (below + top) * (1 - f);
        // The last retry's failures end unmet; below, failures rebook (rb) or end unmet (1 - rb).
        const failedBelow = below * f;
        u = top * f + failedBelow * (1 - rb);
        for (let k = K - 1; k >= 1; k--) back[i + k] = back[i + k - 1]! * f * rb;
        back[i] = a0 * f * rb;
        backOut += failedBelow * rb;
      }
      unmet += u;
      if (gp) { firstGp += a0; unmetGp += u; }
    }
    acc[a + A_SERVED]! += served;
    acc[a + A_UNMET]! += unmet;
    // Stocks: the retries waiting and the month's served, at the period's last month.
    if (last) {
      acc[a + A_BACKLOG]! += backOut;
      acc[a + A_LAST_SERVED]! += served;
    }
    acc[a + A_FIRST_GP]! += firstGp;
    acc[a + A_FAIL_GP]! += firstGp * fg;
    locUnmetGp[l]! += unmetGp;
  }
  // A&E: a background rate per head (one per area, growing at ae.trend) plus ae.perUnmet per unmet GP-type
  // episode, less what diversion moved. The background is set in the first month so that each area starts
  // at the observed level (ae.ratePer1000) given its first month's unmet care.
  const s = ws.s;
  const perUnmet = s['ae.perUnmet'][m]!, cost = s['ae.costPerAttendance'][m]!;
  const b0 = ws.aeB0;
  if (m === 0) {
    const rate = s['ae.ratePer1000'][m]!;
    b0.fill(0);
    const people = ws.areaPop;
    people.fill(0);
    for (let l = 0; l < L; l++) {
      const a = locArea[l]!;
      const own = plan.aeRateByArea[a]!;
      b0[a]! += (locPop[l]! * (Number.isNaN(own) ? rate : own)) / 12000 - perUnmet * locUnmetGp[l]!;
      people[a]! += locPop[l]!;
    }
    for (let a = 0; a < A; a++) b0[a] = people[a]! > 0 && b0[a]! > 0 ? (b0[a]! * 12000) / people[a]! : 0;
    ws.aeF = 1;
  } else {
    const tr = s['ae.trend'][m]!;
    if (m === 1 || tr !== s['ae.trend'][m - 1]) ws.aeStep = Math.pow(1 + tr, 1 / 12);
    ws.aeF *= ws.aeStep;
  }
  for (let l = 0; l < L; l++) {
    const background = (locPop[l]! * b0[locArea[l]!]! * ws.aeF) / 12000;
    const ae = Math.max(0, background + perUnmet * locUnmetGp[l]! - divert[l]!);
    acc[l * ACC_N + A_AE]! += ae;
    acc[l * ACC_N + A_DIV]! += divert[l]!;
    costAe[l]! += ae * cost;
  }
}
