/**
 * A period's metrics (model section 11) from its accumulators: flows are sums over the period, stocks
 * the value at its last month, rates over the period's flows; the gap is closed when pools holding
 * `target.patientShare` of the patients are at a safe GP workload and access failure is on target.
 */
import { A_AE, A_BACKLOG, A_CAP, A_CAPMAX, A_COST, A_DEMAND, A_DIV, A_FAIL_GP, A_FIRST_GP, A_FTE, A_GAP, A_LAST_SERVED, A_LOCUM, A_MONTHS, A_POP, A_SERVED, A_UNMET, A_FTEM, A_SRV, ACC_N, MI, ROLE_N, type Workspace } from './state.ts';

const FTE0 = MI['fte.gp'], WL0 = MI['workload.gp'];

export function writePeriod(ws: Workspace, period: number, m: number): void {
  const { acc, out, cumCost, plan, gpSrvP, gpFteP, poolOf, pop } = ws;
  const { L, P, practiceLoc } = plan;
  const NP = plan.periods.length;
  const R = ROLE_N;
  const s = ws.s;
  const refPpg = s['reference.patientsPerGpFte'][m]!, safeTarget = s['target.safeDaily'][m]!;
  const shareTarget = s['target.patientShare'][m]!, accessTarget = s['target.accessFailure'][m]!;
  const T = L * ACC_N;
  for (let k = 0; k < ACC_N; k++) {
    let sum = 0;
    for (let l = 0; l < L; l++) sum += acc[l * ACC_N + k]!;
    acc[T + k] = sum;
  }
  acc[T + A_MONTHS] = acc[A_MONTHS]!;
  // Pools at a safe workload over the period, and the patients they hold, per locality.
  const { safePop, allPop } = ws.loc;
  safePop.fill(0);
  allPop.fill(0);
  for (let q = 0; q < P; q++) {
    if (poolOf[q] !== q) continue;
    let srv = 0, days = 0, people = 0;
    for (let k = ws.memberStart[q]!; k < ws.memberStart[q + 1]!; k++) {
      const p = ws.members[k]!;
      srv += gpSrvP[p]!;
      days += gpFteP[p]!;
      people += pop[p]!;
    }
    const l = practiceLoc[q]!;
    allPop[l]! += people;
    if ((days > 0 ? srv / days : srv > 0 ? Infinity : 0) <= safeTarget) safePop[l]! += people;
  }
  let safeAll = 0, popAll = 0;
  for (let l = 0; l < L; l++) { safeAll += safePop[l]!; popAll += allPop[l]!; }
  for (let l = 0; l <= L; l++) {
    const a = l * ACC_N;
    const base = l * NP + period, stride = (L + 1) * NP;
    const put = (metric: number, v: number) => void (out[metric * stride + base] = v);
    const months = acc[a + A_MONTHS]!;
    const population = acc[a + A_POP]!, gp = acc[a + A_FTE]!;
    const demand = acc[a + A_DEMAND]!, unmet = acc[a + A_UNMET]!;
    put(MI.population, population);
    put(MI.demand, demand);
    put(MI.capacity, acc[a + A_CAP]!);
    put(MI.capacityMax, acc[a + A_CAPMAX]!);
    put(MI.served, acc[a + A_SERVED]!);
    put(MI.servedPerHead, population > 0 ? acc[a + A_SERVED]! / population : 0);
    put(MI.unmet, unmet);
    put(MI.unmetShare, demand > 0 ? unmet / demand : 0);
    const access = acc[a + A_FIRST_GP]! > 0 ? acc[a + A_FAIL_GP]! / acc[a + A_FIRST_GP]! : 0;
    put(MI.accessFailure, access);
    put(MI.backlog, acc[a + A_BACKLOG]!);
    const weekly = (acc[a + A_LAST_SERVED]! * 12) / 52;
    put(MI.waitWeeks, weekly > 0 ? acc[a + A_BACKLOG]! / weekly : 0);
    for (let r = 0; r < R; r++) {
      put(FTE0 + r, acc[a + A_FTE + r]!);
      const days = acc[a + A_FTEM + r]!;
      put(WL0 + r, days > 0 ? acc[a + A_SRV + r]! / days : 0);
    }
    put(MI.locumFte, acc[a + A_LOCUM]!);
    put(MI.gpApptsPerGpDay, acc[a + A_FTEM]! > 0 ? acc[a + A_SRV]! / acc[a + A_FTEM]! : 0);
    put(MI.patientsPerGpFte, population / Math.max(gp, 0.01));
    put(MI.additionalGpFteTraditional, Math.max(0, population / refPpg - gp));
    put(MI.gpFteGap, months > 0 ? acc[a + A_GAP]! / months : 0);
    put(MI.aeAttendances, acc[a + A_AE]!);
    put(MI.aeDiverted, acc[a + A_DIV]!);
    put(MI.cost, acc[a + A_COST]!);
    cumCost[l]! += acc[a + A_COST]!;
    put(MI.costCumulative, cumCost[l]!);
    const sp = l < L ? safePop[l]! : safeAll, ap = l < L ? allPop[l]! : popAll;
    put(MI.probGapClosed, ap > 0 && sp >= shareTarget * ap - 1e-9 && access <= accessTarget ? 1 : 0);
  }
  acc.fill(0);
  gpSrvP.fill(0);
  gpFteP.fill(0);
}
