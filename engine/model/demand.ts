/**
 * Demand (docs/model.md, "Demand"): this month's first attempts per practice and care class, after care
 * navigation (which signposts some GP-type episodes out of the practice and re-routes the rest to other
 * roles' care types), plus avoidable A&E attendances diverted into primary care (the hub first).
 */
import { A_DEMAND, A_SERVED, A_SIGN, ACC_N, type Workspace } from './state.ts';

export function demand(ws: Workspace, m: number, trendF: number): void {
  ws.trendF = trendF;
  const plan = ws.plan;
  const { P, L, practiceLoc, locListW, locDemW, mix, gpType, urgentClass, reroute } = plan;
  const C = mix.length;
  const { listW, demW, pop, first, acc } = ws;
  const { growth, housing, navShare, navExt, navCost, divShare, divCap, hubGp, hubCost, divert, cost } = ws.loc;
  const hubPrice = ws.s['hub.costPerAppointment'][m]!;
  const locPop = ws.loc.pop;
  const navigable = ws.s['demand.navigable'][m]!;
  const aeRate = ws.s['ae.ratePer1000'][m]!, avoidable = ws.s['ae.avoidableShare'][m]!;
  // Per locality: the housing residents per registered patient, their demand weight per head, and the
  // share of GP-type care navigation takes.
  const perList = ws.loc.housingPerList, demPerHead = ws.loc.demandPerHead, keep = ws.loc.keepGp;
  for (let l = 0; l < L; l++) {
    locPop[l] = locListW[l]! * growth[l]! + housing[l]!;
    perList[l] = locListW[l]! > 0 ? housing[l]! / locListW[l]! : 0;
    demPerHead[l] = locListW[l]! > 0 ? locDemW[l]! / locListW[l]! : 0;
    keep[l] = Math.min(1, navigable * navShare[l]!);
  }
  const k12 = trendF / 12;
  for (let p = 0; p < P; p++) {
    const l = practiceLoc[p]!;
    const moved = listW[p]! * perList[l]!;
    pop[p] = listW[p]! * growth[l]! + moved;
    const d = (demW[p]! * growth[l]! + moved * demPerHead[l]!) * k12;
    const nav = keep[l]!;
    let navigated = 0;
    for (let c = 0; c < C; c++) {
      const x = d * mix[c]!;
      const n = gpType[c] && nav > 0 ? x * nav : 0;
      first[p * C + c] = x - n;
      navigated += n;
    }
    const a = l * ACC_N;
    acc[a + A_DEMAND]! += d;
    if (navigated > 0) {
      // navigation.external of the navigated episodes leave the practice (signposted); the rest are
      // re-routed to the care types other roles serve, served there only if those roles have capacity.
      const out = navigated * navExt[l]!, moved = navigated - out;
      for (let c = 0; c < C; c++) if (reroute[c]! > 0) first[p * C + c]! += moved * reroute[c]!;
      acc[a + A_SIGN]! += out;
      cost[l]! += navigated * navCost[l]!;
    }
  }
  // Diverted A&E attendances become urgent episodes: the hub's GP appointments take them first.
  for (let l = 0; l < L; l++) {
    const own = plan.aeRateByArea[plan.locArea[l]!]!;
    const div = ((locPop[l]! * (Number.isNaN(own) ? aeRate : own)) / 12000) * avoidable * divShare[l]!;
    divert[l] = div;
    if (div <= 0) continue;
    // Diversion with its own capacity commissions hub sessions for its patients (GP streaming).
    const commissioned = divShare[l]! > 0 ? (div * divCap[l]!) / divShare[l]! : 0;
    hubGp[l]! += commissioned;
    hubCost[l]! += commissioned * hubPrice;
    const atHub = Math.min(div, hubGp[l]!);
    hubGp[l]! -= atHub;
    const a = l * ACC_N;
    acc[a + A_SERVED]! += atHub;
    acc[a + A_DEMAND]! += div;
    const rest = div - atHub;
    if (rest > 0 && locPop[l]! > 0) {
      for (let p = 0; p < P; p++) if (practiceLoc[p] === l) first[p * C + urgentClass]! += (rest * pop[p]!) / locPop[l]!;
    }
  }
}
