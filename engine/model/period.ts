/**
 * A period's metrics (docs/model.md, "Results") from its accumulators: flows are sums over the period,
 * stocks the value at its last month, rates over the period's flows. The gap is closed in a period when it
 * is at most `target.gapShare` of the run's start gap (at least 1% of the start GP FTE) and access failure
 * is within `target.accessMargin` of the run's own `access.failureRef`.
 */
import { A_AE, A_BACKLOG, A_CAP, A_CAPMAX, A_COST, A_COST_AE, A_DEMAND, A_DIV, A_FAIL_GP, A_FIRST_GP, A_FTE, A_GAP, A_LAST_SERVED, A_LOCUM, A_MONTHS, A_POP, A_SERVED, A_SIGN, A_UNMET, A_FTEM, A_SRV, ACC_N, MI, ROLE_N, type Workspace } from './state.ts';

const FTE0 = MI['fte.gp'], WL0 = MI['workload.gp'];

/**
 * Whether the gap is closed: the gap at most `share` of the start gap, or of 1% of the start GP FTE if
 * more, and access failure at most (1 + margin) x the run's failureRef.
 * @example gapClosed(4, 50, 80, 0.12, 0.115, 0.1, 0.1) // true: 4 <= 5 and 0.12 <= 0.1265
 */
export function gapClosed(gap: number, startGap: number, gpFte0: number, access: number, failureRef: number, share: number, margin: number): boolean {
  const bound = Math.max(share * startGap, 0.01 * gpFte0);
  return gap <= bound + 1e-9 && access <= (1 + margin) * failureRef + 1e-12;
}

export function writePeriod(ws: Workspace, period: number, m: number): void {
  const { acc, out, cumCost, cumCostPc, plan, startGap } = ws;
  const { L } = plan;
  const NP = plan.periods.length;
  const R = ROLE_N;
  const s = ws.s;
  const refPpg = s['reference.patientsPerGpFte'][m]!, seedsPpg = s['reference.seedsPatientsPerGp'][m]!;
  const share = s['target.gapShare'][m]!, margin = s['target.accessMargin'][m]!, failureRef = s['access.failureRef'][m]!;
  const T = L * ACC_N;
  for (let k = 0; k < ACC_N; k++) {
    let sum = 0;
    for (let l = 0; l < L; l++) sum += acc[l * ACC_N + k]!;
    acc[T + k] = sum;
  }
  acc[T + A_MONTHS] = acc[A_MONTHS]!;
  for (let l = 0; l <= L; l++) {
    const a = l * ACC_N;
    const base = l * NP + period, stride = (L + 1) * NP;
    const put = (metric: number, v: number) => void (out[metric * stride + base] = v);
    const months = acc[a + A_MONTHS]!;
    const population = acc[a + A_POP]!, gp = acc[a + A_FTE]!, locum = acc[a + A_LOCUM]!, gpAll = gp + locum;
    const demand = acc[a + A_DEMAND]!, unmet = acc[a + A_UNMET]!;
    put(MI.population, population);
    put(MI.demand, demand);
    put(MI.capacity, acc[a + A_CAP]!);
    put(MI.capacityMax, acc[a + A_CAPMAX]!);
    put(MI.served, acc[a + A_SERVED]!);
    put(MI.servedGp, acc[a + A_SRV]!);
    put(MI.servedPerHead, population > 0 ? acc[a + A_SERVED]! / population : 0);
    put(MI.unmet, unmet);
    put(MI.unmetShare, demand > 0 ? unmet / demand : 0);
    put(MI.signposted, acc[a + A_SIGN]!);
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
    put(MI.locumFte, locum);
    put(MI['fte.gpLocum'], locum);
    put(MI['fte.gpAll'], gpAll);
    put(MI.gpApptsPerGpDay, acc[a + A_FTEM]! > 0 ? acc[a + A_SRV]! / acc[a + A_FTEM]! : 0);
    put(MI.patientsPerGpFte, population / Math.max(gpAll, 0.01));
    put(MI.additionalGpFteTraditional, Math.max(0, population / seedsPpg - gpAll));
    put(MI.additionalGpFteLikeForLike, Math.max(0, population / refPpg - gpAll));
    const gap = months > 0 ? acc[a + A_GAP]! / months : 0;
    const gap0 = startGap[l]!, gp0 = startGap[L + 1 + l]!;
    put(MI.gpFteGap, gap);
    put(MI.gapClosedShare, 1 - gap / Math.max(gap0, 0.01 * gp0, 1e-9));
    const pc = acc[a + A_COST]!, ae = acc[a + A_COST_AE]!;
    put(MI.aeAttendances, acc[a + A_AE]!);
    put(MI.aeDiverted, acc[a + A_DIV]!);
    put(MI.costPrimaryCare, pc);
    put(MI.costAe, ae);
    put(MI.cost, pc + ae);
    cumCostPc[l]! += pc;
    cumCost[l]! += pc + ae;
    put(MI.costPrimaryCareCumulative, cumCostPc[l]!);
    put(MI.costCumulative, cumCost[l]!);
    put(MI.probGapClosed, gapClosed(gap, gap0, gp0, access, failureRef, share, margin) ? 1 : 0);
  }
  acc.fill(0);
}
