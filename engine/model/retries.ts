/**
 * Retries, unmet and A&E (model section 6). A failed attempt tries again next month with probability
 * `access.rebook`, at most `access.maxRetries` times; otherwise the episode ends unmet, counted once.
 * A&E starts at the observed level and moves with unmet demand per head at the margin.
 */
import { allocate, hub } from './access.ts';
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
 * first month's access (found by fixed-point rounds), and `u0`, the unmet per head that A&E is
 * anchored to, is that steady state's, in closed form.
 */
export function warmStart(ws: Workspace, m: number): void {
  const plan = ws.plan;
  const { P, L, practiceLoc, gpType } = plan;
  const C = plan.mix.length, K = ws.K;
  const { first, back, poolOf, poolAttGp, poolAttN, poolFailGp, poolFailN } = ws;
  const rb = ws.s['access.rebook'][m]!;
  const { u0 } = ws.loc;
  back.fill(0);
  // Fixed point on the failure shares of each pool (GP-type and nurse), x = F(x): F is this month's
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
    allocate(ws, m, false);
    hub(ws);
    for (let q = 0; q < P; q++) {
      if (poolOf[q] !== q) continue;
      const fg = failShare(poolFailGp[q]!, poolAttGp[q]!), fn = failShare(poolFailN[q]!, poolAttN[q]!);
      const x1 = curG[q]!, y1 = curN[q]!;
      curG[q] = round === 0 ? fg : secant(xg[q]!, rg[q]!, x1, fg - x1, fg);
      curN[q] = round === 0 ? fn : secant(xn[q]!, rn[q]!, y1, fn - y1, fn);
      xg[q] = x1; rg[q] = fg - x1;
      xn[q] = y1; rn[q] = fn - y1;
    }
    let moved = 0;
    for (let p = 0; p < P; p++) {
      const q = poolOf[p]!;
      const fg = curG[q]!, fn = curN[q]!;
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
  allocate(ws, m, true);
  hub(ws);
  u0.fill(0);
  for (let p = 0; p < P; p++) {
    const q = poolOf[p]!;
    const ug = unmetPerFirstAttempt(failShare(poolFailGp[q]!, poolAttGp[q]!), rb, K);
    const un = unmetPerFirstAttempt(failShare(poolFailN[q]!, poolAttN[q]!), rb, K);
    for (let c = 0; c < C; c++) u0[practiceLoc[p]!]! += first[p * C + c]! * (gpType[c] ? ug : un);
  }
  for (let l = 0; l < L; l++) u0[l] = ws.loc.pop[l]! > 0 ? u0[l]! / ws.loc.pop[l]! : 0;
}

/** This month's outcome per practice: served, new retries, unmet; then A&E per locality. */
export function retries(ws: Workspace, m: number): void {
  const plan = ws.plan;
  const { P, L, practiceLoc, gpType } = plan;
  const C = plan.mix.length, K = ws.K;
  const { first, back, poolOf, poolAttGp, poolAttN, poolFailGp, poolFailN, acc } = ws;
  const { unmet: locUnmet, u0, divert, pop: locPop } = ws.loc;
  const rb = ws.s['access.rebook'][m]!, last = plan.periodEnd[m] === 1;
  for (let l = 0; l < L; l++) locUnmet[l] = 0;
  for (let p = 0; p < P; p++) {
    const q = poolOf[p]!, l = practiceLoc[p]!, a = l * ACC_N;
    const fg = failShare(poolFailGp[q]!, poolAttGp[q]!), fn = failShare(poolFailN[q]!, poolAttN[q]!);
    let served = 0, unmet = 0, backOut = 0, firstGp = 0;
    for (let c = 0; c < C; c++) {
      const f = gpType[c] ? fg : fn;
      const i = (p * C + c) * K;
      const a0 = first[p * C + c]!;
      if (K === 0) {
        served += a0 * (1 - f);
        unmet += a0 * f;
        if (gpType[c]) firstGp += a0;
        continue;
      }
      // Attempts below the top level (first attempts and earlier retries) and at the top (the last retry).
      let below = a0;
      for (let k = i, end = i + K - 1; k < end; k++) below += back[k]!;
      const top = back[i + K - 1]!;
      const att = below + top;
      if (gpType[c]) firstGp += a0;
      served += att * (1 - f);
      // The last retry's failures end unmet; below, failures rebook (rb) or end unmet (1 - rb).
      const failedBelow = below * f;
      unmet += top * f + failedBelow * (1 - rb);
      for (let k = K - 1; k >= 1; k--) back[i + k] = back[i + k - 1]! * f * rb;
      back[i] = a0 * f * rb;
      backOut += failedBelow * rb;
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
    locUnmet[l]! += unmet;
  }
  // A&E at the margin: A0 x (1 - s + s x u / u0) - diverted, with u the unmet per head.
  const aeRate = ws.s['ae.ratePer1000'][m]!, s = ws.s['ae.accessShare'][m]!, cost = ws.s['ae.costPerAttendance'][m]!;
  for (let l = 0; l < L; l++) {
    const a0 = (locPop[l]! * aeRate) / 12000;
    const u = locPop[l]! > 0 ? locUnmet[l]! / locPop[l]! : 0;
    const ratio = u0[l]! > 0 ? u / u0[l]! : 1;
    const ae = Math.max(0, a0 * (1 - s + s * ratio) - divert[l]!);
    acc[l * ACC_N + A_AE]! += ae;
    acc[l * ACC_N + A_DIV]! += divert[l]!;
    ws.loc.cost[l]! += ae * cost;
  }
}
