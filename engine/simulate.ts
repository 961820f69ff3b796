/**
 * One run of the model over a plan (model version 3, docs/model.md): the monthly loop. Each month calls
 * the phases in the order the model names them: interventions, practice failure, demand, allocation and
 * access, the hub, retries and A&E, workforce; then the period's metrics. A Workspace holds every buffer.
 */
import { ACCOUNT_MONTH, ACCOUNT_NONE, ACCOUNT_START_GAP, allocate, applyMerge, hub } from './model/access.ts';
import { demand } from './model/demand.ts';
import { writePeriod } from './model/period.ts';
import { retries, warmStart } from './model/retries.ts';
import { A_CAP, A_CAPMAX, A_COST, A_COST_AE, A_MONTHS, A_POP, ACC_N, rebuildRoots, ROLE_N, Workspace } from './model/state.ts';
import { failures, hire, recruit, upskill, workforce } from './model/workforce.ts';
import { ROLES } from './types.ts';
import { stream } from './random.ts';

export { Workspace, MI, NM } from './model/state.ts';

if (ROLES.length !== ROLE_N || ROLES[0] !== 'gp' || ROLES[1] !== 'anp' || ROLES[2] !== 'nurse') {
  throw new Error('role order changed: update engine/model');
}

/**
 * Simulate one run into `ws.out`. `run` null gives the deterministic run: central parameter values and
 * small-practice failure as an expected fraction each month instead of a random event.
 * @example const ws = new Workspace(plan); simulate(ws, 20160401, 0); ws.out // metrics by locality and period
 */
export function simulate(ws: Workspace, seed: number, run: number | null): Float64Array {
  const { months, L } = ws.plan;
  startRun(ws, seed, run);
  const s = ws.s, loc = ws.loc;
  const failure = s['resilience.smallPracticeFailure'];
  let trendF = 1, trendStep = 1, monthlyFailure = 0;
  for (let m = 0; m < months; m++) {
    startMonth(ws, m);
    if (m === 0) startGap(ws, trendF);
    interventions(ws, m);
    if (run === null && (m === 0 || failure[m] !== failure[m - 1])) monthlyFailure = 1 - Math.pow(1 - failure[m]!, 1 / 12);
    if (run === null) failures(ws, m, monthlyFailure);
    else if (ws.failsIn[m]) failures(ws, m, -1);
    demand(ws, m, trendF);
    if (m === 0) warmStart(ws, m);
    else {
      allocate(ws, m, ACCOUNT_MONTH);
      hub(ws);
    }
    retries(ws, m);
    workforce(ws, m);
    endMonth(ws, m);
    // Demand's trend and each locality's growth, compounded monthly (steps recomputed only when a formula moves them).
    const tr = s['demand.trend'][m]!;
    if (m === 0 || tr !== s['demand.trend'][m - 1]) trendStep = Math.pow(1 + tr, 1 / 12);
    trendF *= trendStep;
    for (let l = 0; l < L; l++) {
      const g = ws.role.growth[l]!;
      if (m === 0 || g[m] !== g[m - 1]) ws.growthStep[l] = Math.pow(1 + g[m]!, 1 / 12);
      loc.growth[l]! *= ws.growthStep[l]!;
      loc.housing[l]! *= ws.growthStep[l]!;
    }
  }
  return ws.out;
}

/** Before the first month: this run's draws, the starting stocks and establishments, the failure months, every accumulator cleared. */
function startRun(ws: Workspace, seed: number, run: number | null): void {
  const plan = ws.plan;
  const { P, months } = plan;
  const R = ROLE_N;
  ws.draw(seed, run);
  const s = ws.s;
  const { fte, est, estBase, estAdd, over55, over55Init, failMonth, acc, loc } = ws;
  fte.set(plan.fte0);
  // Establishment: GPs start with none vacant (Thurrock's GPs were falling, and the fill rate is calibrated
  // on that fall); other roles start in balance, with the standing vacancy at which joiners equal leavers
  // (Thurrock's practice nurses grew 2015-2018, NHS Digital). Posts then follow the list (workforce).
  // An area whose baseline gives its own GP fill rate (calibrated to a flat series) starts its GPs in balance too.
  for (let r = 0; r < R; r++) {
    const fill = ws.role.fill[r]![0]!, attr = ws.role.attr[r]![0]!;
    const k = r === 0 || fill <= 0 ? 1 : 1 + attr / fill;
    for (let p = 0; p < P; p++) {
      let kp = k;
      if (r === 0) {
        // Joiners equal attrition at the start (the over-55s' retirements come on top, as they did in the series
        // the fill rates were fitted to); a fill rate fitted to an earlier snapshot fills from the same standing vacancy.
        const a = plan.locArea[plan.practiceLoc[p]!]!, balance = plan.gpBalanceFill[a]!, gpFill = Number.isNaN(balance) ? ws.role.gpFill[a]![0]! : balance;
        kp = plan.gpInBalance[a] && gpFill > 0 ? 1 + attr / gpFill : 1;
      }
      est[p * R + r] = estBase[p * R + r] = plan.fte0[p * R + r]! * kp;
    }
  }
  estAdd.fill(0);
  ws.listRatio.fill(1);
  ws.areaK.fill(1);
  ws.listW.set(plan.listW);
  ws.demW.set(plan.demW);
  ws.back.fill(0);
  ws.powInv.fill(0);
  ws.alive.fill(1);
  ws.upskilled.fill(0);
  for (let p = 0; p < P; p++) {
    over55[p] = over55Init[p] = fte[p * R]! * s['workforce.gp.over55Share'][0]!;
    ws.nurse0[p] = fte[p * R + 2]!;
    ws.poolOf[p] = p;
    ws.poolEff[p] = 0;
    ws.poolMerged[p] = 0;
    ws.poolShared[p] = 0;
    ws.poolPenalty[p] = 0;
  }
  // Small-practice failure: in a Monte Carlo run each practice fails at the month its cumulative hazard
  // passes -ln(u), u from one stream per run (so it is shared across scenarios on the same baseline).
  failMonth.fill(-1);
  ws.failsIn.fill(0);
  const failure = s['resilience.smallPracticeFailure'];
  if (run !== null) {
    const rng = stream(seed, run, 'failure');
    const hazard = ws.hazard;
    for (let m = 0, h = 0, step = 0; m < months; m++) {
      if (m === 0 || failure[m] !== failure[m - 1]) step = -Math.log(1 - failure[m]!) / 12;
      hazard[m] = h += step;
    }
    for (let p = 0; p < P; p++) {
      const target = -Math.log(rng() || Number.MIN_VALUE);
      if (!plan.smallPractice[p] || !(hazard[months - 1]! >= target)) continue;
      let m = 0;
      while (hazard[m]! < target) m++;
      failMonth[p] = m;
      ws.failsIn[m] = 1;
    }
  }
  rebuildRoots(ws);
  for (const c of ws.cohorts.values()) { c.starts.fill(0); c.inTraining.fill(0); }
  for (const h of ws.hires.values()) { h.filled.fill(0); h.last = -1; }
  loc.growth.fill(1);
  loc.housing.fill(0);
  acc.fill(0);
  ws.cumCost.fill(0);
  ws.cumCostPc.fill(0);
  ws.out.fill(0);
  ws.studyLoss.fill(0);
  ws.rampLoss.fill(0);
  ws.rampFte.fill(0);
}

/** A month's start: the hubs' base sessions, the month's buffers cleared, new housing, each active role's monthly values. */
function startMonth(ws: Workspace, m: number): void {
  const plan = ws.plan, loc = ws.loc;
  const { hubGp, hubNurse, hubCost, divShare, divCap, navShare, navExt, navCost, cost, costAe } = loc;
  const hubPrice = ws.s['hub.costPerAppointment'][m]!;
  for (let l = 0; l < plan.L; l++) {
    hubGp[l] = plan.hubGp0[l]! / 12;
    hubNurse[l] = plan.hubNurse0[l]! / 12;
    hubCost[l] = (hubGp[l]! + hubNurse[l]!) * hubPrice;
    divShare[l] = divCap[l] = navShare[l] = navExt[l] = navCost[l] = cost[l] = costAe[l] = 0;
  }
  // Only upskilling writes study time and only new posts ramp up: plans without them skip the resets.
  if (plan.hasUpskill) ws.studyLoss.fill(0);
  if (plan.hasHire) { ws.rampLoss.fill(0); ws.rampFte.fill(0); }
  for (const h of plan.housing) if (h.month === m) loc.housing[h.loc]! += h.residents;
  const act = plan.activeRoles;
  for (let j = 0; j < act.length; j++) {
    const r = act[j]!;
    const ref = ws.role.ref[r]![m]!;
    // A GP's normal output is England's reference load; the ceiling is workforce.gp.stretch times it.
    const max = r === 0 ? ws.role.max[r]![m]! * ref : ws.role.max[r]![m]!;
    ws.roleM.ref[r] = ref;
    ws.roleM.max[r] = Math.max(max, ref);
    ws.roleM.rampSup[r] = ws.role.rampSup[r]![m]!;
    ws.roleM.sup[r] = ws.role.sup[r]![m]!;
    ws.roleM.subst[r] = Math.max(1e-9, ws.role.subst[r]![m]!);
    // Monthly rates are recomputed only when the yearly one changes (formulas); usually once a run.
    const attr = ws.role.attr[r]![m]!;
    if (m === 0 || attr !== ws.role.attr[r]![m - 1]) ws.roleM.leave[r] = 1 - Math.pow(1 - Math.min(1, attr), 1 / 12);
  }
}

/** The interventions acting this month, in the plan's order; then the hubs' sessions join each locality's capacity. */
function interventions(ws: Workspace, m: number): void {
  const { L } = ws.plan, loc = ws.loc, acc = ws.acc;
  const { hubGp, hubNurse, hubCost, divShare, divCap, navShare, navExt, navCost } = loc;
  for (const e of ws.plan.events) {
    if (m < e.month) continue;
    switch (e.kind) {
      case 'merge':
        if (m === e.month) applyMerge(ws, e.groups, ws.v(e.efficiency)[m]!, ws.v(e.oneOffCost)[m]!, ws.v(e.shared)[m]!, ws.v(e.penalty)[m]!);
        break;
      case 'hub': {
        const g = ws.v(e.gp)[m]! / 12, n = ws.v(e.nurse)[m]! / 12;
        hubGp[e.loc]! += g;
        hubNurse[e.loc]! += n;
        hubCost[e.loc]! += (g + n) * ws.v(e.cost)[m]!;
        break;
      }
      case 'divert':
        for (let l = 0; l < L; l++) {
          if (!e.locMask[l]) continue;
          const add = Math.min(1 - divShare[l]!, ws.v(e.share)[m]!);
          divShare[l]! += add;
          if (e.withCapacity) divCap[l]! += add;
        }
        break;
      case 'navigate':
        for (let l = 0; l < L; l++) {
          if (!e.locMask[l]) continue;
          navShare[l] = Math.min(1, navShare[l]! + ws.v(e.share)[m]!);
          navExt[l] = ws.v(e.external)[m]!;
          navCost[l] = ws.v(e.cost)[m]!;
        }
        break;
      case 'upskill':
        upskill(ws, e, m);
        break;
      case 'hire':
        hire(ws, e, m);
        break;
      case 'recruit':
        recruit(ws, e, m, ws.s['reference.patientsPerGpFte'][m]!);
        break;
      default:
        e satisfies never;
    }
  }
  for (let l = 0; l < L; l++) {
    acc[l * ACC_N + A_CAP]! += hubGp[l]! + hubNurse[l]!;
    acc[l * ACC_N + A_CAPMAX]! += hubGp[l]! + hubNurse[l]!;
  }
}

/** A month's end: costs and population into the period's accumulators, and the period's metrics when it ends. */
function endMonth(ws: Workspace, m: number): void {
  const plan = ws.plan, loc = ws.loc, acc = ws.acc;
  for (let l = 0; l < plan.L; l++) {
    const a = l * ACC_N;
    loc.cost[l]! += loc.hubCost[l]!;
    acc[a + A_COST]! += loc.cost[l]!;
    acc[a + A_COST_AE]! += loc.costAe[l]!;
    acc[a + A_POP] = loc.pop[l]!;
    acc[a + A_MONTHS]! += 1;
  }
  if (plan.periodEnd[m]) writePeriod(ws, plan.periodOf[m]!, m);
}

/**
 * The run's start gap (docs/model.md, "The gap"): the first month's gap for the baseline as loaded, before
 * any intervention acts, per locality and in all; and each locality's GP FTE at the start.
 */
function startGap(ws: Workspace, trendF: number): void {
  const { L, P, practiceLoc, fte0 } = ws.plan;
  demand(ws, 0, trendF);
  // Twice: the first pass sets the locum supply's rationing that the second uses.
  allocate(ws, 0, ACCOUNT_NONE);
  allocate(ws, 0, ACCOUNT_START_GAP);
  ws.acc.fill(0);
  const g = ws.startGap;
  g.fill(0);
  for (let l = 0; l < L; l++) { g[l] = ws.loc.gap0[l]!; g[L] = g[L]! + g[l]!; }
  for (let p = 0; p < P; p++) { const l = practiceLoc[p]!; g[L + 1 + l] = g[L + 1 + l]! + fte0[p * ROLE_N]!; g[2 * L + 1] = g[2 * L + 1]! + fte0[p * ROLE_N]!; }
}
