/**
 * Workforce (docs/model.md, "What is computed each month"): each month, per practice and role, FTE <- FTE - leavers + joiners, with
 * leavers raised by the pool's workload and joiners filling vacancies toward an establishment; and the
 * interventions that change staff: upskilling, new posts, recruitment campaigns, practice failure.
 */
import type { HireEvent, RecruitEvent, UpskillEvent } from '../plan.ts';
import { A_FTE, A_FTEM, A_LOCUM, A_SRV, ACC_N, ROLE_N, type Workspace } from './state.ts';

const GP = 0, ANP = 1, NURSE = 2;

/**
 * Costs of the month's staff and locums, then leavers, retirements and joiners at the month's end. The
 * establishment follows the list: its baseline posts per patient times the list now, plus posts added.
 */
export function workforce(ws: Workspace, m: number): void {
  const plan = ws.plan;
  const { P, practiceLoc, locArea, activeRoles: act } = plan;
  const R = ROLE_N;
  const { fte, est, estBase, estAdd, listW, pop, over55, over55Init, srvP, fteB, locumP, acc } = ws;
  const { ref, leave } = ws.roleM;
  const cost = ws.loc.cost;
  const perMonth = ws.s['workforce.workingDays'][m]! / 12;
  const burnout = ws.s['workforce.burnout'][m]!;
  const retireMonths = ws.s['workforce.gp.retirementYears'][m]! * 12;
  const locumCost = ws.s['workforce.gp.locumCostPerFte'][m]! / 12;
  const gpFill = ws.role.gpFill, merged = ws.merged;
  // Stocks (locum and staff FTE) are taken at the period's last month.
  const last = plan.periodEnd[m] === 1;
  for (let p = 0; p < P; p++) {
    const locum = locumP[p]!;
    if (locum <= 0) continue;
    const l = practiceLoc[p]!;
    cost[l]! += locum * locumCost;
    if (last) acc[l * ACC_N + A_LOCUM]! += locum;
  }
  const retireShare = retireMonths > 0 ? 1 / retireMonths : 0;
  // Per practice, the list now per unit of its base list weight (posts follow it); per area, the GP fill rate.
  const ratio = ws.listRatio, areaFill = ws.areaFill;
  for (let p = 0; p < P; p++) ratio[p] = listW[p]! > 0 ? pop[p]! / listW[p]! : 0;
  for (let a = 0; a < plan.A; a++) areaFill[a] = gpFill[a]![m]! / 12;
  for (let j = 0; j < act.length; j++) {
    const r = act[j]!, gp = r === GP;
    const costR = ws.role.cost[r]![m]! / 12, base = leave[r]!, refR = ref[r]!;
    const fillR = ws.role.fill[r]![m]! / 12;
    // Workload over the normal level: served / (in post x days) / normal, as one division per practice.
    const perRef = perMonth * refR;
    for (let p = 0; p < P; p++) {
      const i = p * R + r, l = practiceLoc[p]!, a = l * ACC_N;
      const f = fte[i]!;
      cost[l]! += f * costR;
      // Workload of the role at the practice this month (GPs with the locums beside them; in a merged pool
      // the FTE after sharing, whose sum over the pool is the pool's).
      const locum = gp ? locumP[p]! : 0;
      const srv = srvP[i]!, inPost = (merged ? fteB[i]! : f) + locum;
      acc[a + A_SRV + r]! += srv;
      acc[a + A_FTEM + r]! += (f + locum) * perMonth;
      const over = perRef > 0 && inPost > 0 ? srv / (inPost * perRef) - 1 : 0;
      const rate = base * (1 + (over > 0 ? burnout * over : 0));
      const out = rate < 1 ? rate : 1;
      let next = f - f * out;
      if (gp) {
        const o55 = over55[p]! * (1 - out);
        const due = retireMonths > 0 ? over55Init[p]! * retireShare : o55;
        const retire = o55 < due ? o55 : due;
        over55[p] = o55 - retire;
        next -= retire;
      }
      if (next < 0) next = 0;
      const posts = estBase[i]! * ratio[p]! + estAdd[i]!;
      const e = posts > 0 ? posts : 0;
      est[i] = e;
      const vacancy = e - next;
      if (vacancy > 0) next += (gp ? areaFill[locArea[l]!]! : fillR) * vacancy;
      fte[i] = next;
      if (last) acc[a + A_FTE + r]! += next;
    }
  }
}

/**
 * Nurse upskilling: `perYear` practice nurses a year start ANP training (losing `studyShare` of their
 * time), never more than `maxShare` of a practice's nurses in all; `backfill` of each trainee's post is
 * advertised when training starts; on completion the trainee's post becomes an ANP post.
 */
export function upskill(ws: Workspace, e: UpskillEvent, m: number): void {
  const { plan, fte, est, estAdd, studyLoss, upskilled, nurse0 } = ws;
  const { starts, inTraining } = ws.cohorts.get(e)!;
  const P = plan.P, months = plan.months, R = ROLE_N;
  const mStart = m - e.trainingMonths;
  if (mStart >= e.month) {
    for (let p = 0; p < P; p++) {
      const started = starts[p * months + mStart]!;
      if (started <= 0) continue;
      const n = Math.min(started, fte[p * R + NURSE]!);
      inTraining[p] = Math.max(0, inTraining[p]! - started);
      // The trainee's nurse post becomes an ANP post.
      fte[p * R + NURSE]! -= n;
      estAdd[p * R + NURSE]! -= started;
      est[p * R + NURSE] = Math.max(0, est[p * R + NURSE]! - started);
      fte[p * R + ANP]! += n;
      estAdd[p * R + ANP]! += started;
      est[p * R + ANP]! += started;
    }
  }
  const maxShare = ws.v(e.maxShare)[m]!, backfill = ws.v(e.backfill)[m]!;
  let avail = 0;
  const w = ws.weights;
  for (let p = 0; p < P; p++) {
    const room = maxShare * nurse0[p]! - upskilled[p]!;
    w[p] = e.mask[p] && ws.alive[p]! > 0 ? Math.max(0, Math.min(room, fte[p * R + NURSE]! - inTraining[p]!)) : 0;
    avail += w[p]!;
  }
  const want = Math.min(ws.v(e.perYear)[m]! / 12, avail);
  if (want > 0) {
    const courseCost = ws.v(e.courseCost)[m]!;
    for (let p = 0; p < P; p++) {
      const n = (want * w[p]!) / avail;
      starts[p * months + m] = n;
      inTraining[p]! += n;
      upskilled[p]! += n;
      estAdd[p * R + NURSE]! += backfill * n;
      est[p * R + NURSE]! += backfill * n;
      ws.loc.cost[plan.practiceLoc[p]!]! += n * courseCost;
    }
  }
  const study = ws.v(e.studyShare)[m]!;
  for (let p = 0; p < P; p++) studyLoss[p]! += inTraining[p]! * study;
}

/**
 * New posts of a role (pharmacists, physios, paramedics, physician associates, ANPs): `ftePerYear` posts a
 * year until the establishment reaches `maxFte`; `fillRate` of them are filled at once and reach full
 * output over `rampMonths`; the rest are vacancies filled at the role's fill rate.
 */
export function hire(ws: Workspace, e: HireEvent, m: number): void {
  const { plan, fte, est, estAdd, listW, rampLoss, rampFte } = ws;
  const P = plan.P, months = plan.months, R = ROLE_N;
  const hired = ws.hires.get(e)!, hires = hired.filled;
  let posts = 0;
  for (let p = 0; p < P; p++) if (e.mask[p]) posts += est[p * R + e.role]!;
  const add = Math.min(ws.v(e.ftePerYear)[m]! / 12, Math.max(0, e.cap - posts));
  const filled = add * ws.v(e.fillRate)[m]!;
  const w = ws.weights;
  let total = 0;
  for (let p = 0; p < P; p++) { w[p] = e.mask[p] && ws.alive[p]! > 0 ? listW[p]! : 0; total += w[p]!; }
  if (add > 0 && total > 0) {
    for (let p = 0; p < P; p++) {
      const share = w[p]! / total;
      estAdd[p * R + e.role]! += add * share;
      est[p * R + e.role]! += add * share;
      fte[p * R + e.role]! += filled * share;
      hires[p * months + m] = filled * share;
    }
    if (filled > 0) hired.last = m;
  }
  // New staff reach full output linearly over rampMonths, and need full supervision meanwhile (nobody
  // is ramping once rampMonths have passed since the last posts were filled).
  if (e.rampMonths > 0 && hired.last >= 0 && m - hired.last < e.rampMonths) {
    for (let p = 0; p < P; p++) {
      let loss = 0, ramping = 0;
      for (let age = 0; age < e.rampMonths && m - age >= e.month; age++) {
        const h = hires[p * months + m - age]!;
        loss += h * (1 - age / e.rampMonths);
        ramping += h;
      }
      rampLoss[p * R + e.role]! += loss;
      rampFte[p * R + e.role]! += ramping;
    }
  }
}

/**
 * The traditional model: raise the establishment of a role, `ftePerYear` posts a year, toward a total
 * (`targetFte`, shared by shortfall against the reference ratio) or a list ratio per practice
 * (`patientsPerFte`); a campaign fills up to `ftePerYear` x `fillRate` a year of the vacancies.
 */
export function recruit(ws: Workspace, e: RecruitEvent, m: number, refPpg: number): void {
  const { plan, fte, est, estAdd, listW } = ws;
  const P = plan.P, R = ROLE_N;
  const growth = ws.loc.growth;
  const listOf = (p: number) => listW[p]! * growth[plan.practiceLoc[p]!]!;
  const w = ws.weights;
  const perMonth = ws.v(e.ftePerYear)[m]! / 12;
  let room = 0;
  if (e.patientsPerFte !== null) {
    for (let p = 0; p < P; p++) {
      w[p] = e.mask[p] && ws.alive[p]! > 0 ? Math.max(0, listOf(p) / e.patientsPerFte - est[p * R + e.role]!) : 0;
      room += w[p]!;
    }
  } else {
    let posts = 0;
    for (let p = 0; p < P; p++) {
      if (!e.mask[p]) continue;
      posts += est[p * R + e.role]!;
      w[p] = ws.alive[p]! > 0 ? Math.max(0, listOf(p) / refPpg - fte[p * R + e.role]!) : 0;
      room += w[p]!;
    }
    const need = Math.max(0, (e.targetFte ?? 0) - posts);
    if (room <= 0) for (let p = 0; p < P; p++) { w[p] = e.mask[p] && ws.alive[p]! > 0 ? listOf(p) : 0; room += w[p]!; }
    if (room > 0) for (let p = 0; p < P; p++) w[p] = (w[p]! / room) * need;
    room = need;
  }
  const add = Math.min(perMonth, room);
  let vacancy = 0;
  for (let p = 0; p < P; p++) {
    if (room > 0) { estAdd[p * R + e.role]! += (add * w[p]!) / room; est[p * R + e.role]! += (add * w[p]!) / room; }
    if (e.mask[p]) vacancy += Math.max(0, est[p * R + e.role]! - fte[p * R + e.role]!);
  }
  const hires = Math.min(perMonth * ws.v(e.fillRate)[m]!, vacancy);
  if (hires > 0) {
    for (let p = 0; p < P; p++) {
      if (!e.mask[p]) continue;
      const v = Math.max(0, est[p * R + e.role]! - fte[p * R + e.role]!);
      fte[p * R + e.role]! += (hires * v) / vacancy;
    }
  }
}

/**
 * Small practices (1 or 2 GPs, not merged) that fail this month: `expected` > 0 fails that fraction of
 * each (the deterministic run), otherwise those whose drawn failure month is m fail whole. Lists, posts
 * and waiting retries move to the locality's other practices pro rata to list, with `staffTransfer` of the
 * staff; the rest of the staff leave (their posts stay, vacant, with the list).
 */
export function failures(ws: Workspace, m: number, expected: number): void {
  if (expected > 0) { expectedFailures(ws, m, expected); return; }
  const { plan, listW, demW, fte, estBase, estAdd, over55, alive, back, poolOf, poolMerged, failMonth, phi } = ws;
  const adds = plan.addsPosts;
  const { P, L, practiceLoc, smallPractice, activeRoles: act } = plan;
  const C = plan.mix.length, R = ROLE_N, K = ws.K, CK = C * K, nAct = act.length;
  let any = false;
  for (let p = 0; p < P; p++) {
    const f = !smallPractice[p] || poolMerged[poolOf[p]!] || alive[p] === 0 ? 0 : failMonth[p] === m ? 1 : 0;
    phi[p] = f;
    if (f > 0) any = true;
  }
  if (!any) return;
  const transfer = ws.s['resilience.staffTransfer'][m]!;
  // Per locality: list and demand weight moved, list kept, then retries by (care class, level), and staff
  // and posts by role. Only roles in use are moved (the others are zero).
  const oBack = 3, oFte = oBack + CK, oBase = oFte + R, oAdd = oBase + R, W = oAdd + R;
  const moved = ws.moved;
  moved.fill(0, 0, L * W);
  for (let p = 0; p < P; p++) {
    const f = phi[p]!;
    if (alive[p]! > 0 && f < 1) moved[practiceLoc[p]! * W + 2]! += listW[p]! * (1 - f);
  }
  for (let p = 0; p < P; p++) {
    const f = phi[p]!;
    if (f <= 0) continue;
    const o = practiceLoc[p]! * W;
    if (moved[o + 2]! <= 0) { phi[p] = 0; continue; } // nobody left to take the list
    const keep = 1 - f;
    moved[o]! += listW[p]! * f;
    moved[o + 1]! += demW[p]! * f;
    listW[p]! *= keep;
    demW[p]! *= keep;
    const pCK = p * CK, pR = p * R, ob = o + oBack, ft = f * transfer;
    for (let j = 0; j < CK; j++) { moved[ob + j]! += back[pCK + j]! * f; back[pCK + j]! *= keep; }
    for (let j = 0; j < nAct; j++) {
      const r = act[j]!, i = pR + r;
      moved[o + oFte + r]! += fte[i]! * ft;
      moved[o + oBase + r]! += estBase[i]! * f;
      fte[i]! *= keep;
      estBase[i]! *= keep;
      if (adds) { moved[o + oAdd + r]! += estAdd[i]! * f; estAdd[i]! *= keep; }
    }
    over55[p]! *= keep;
    alive[p] = f >= 1 ? 0 : alive[p]! * keep;
  }
  // Each practice that stays takes its share of its locality's moves, pro rata to the list it kept.
  for (let l = 0; l < L; l++) if (moved[l * W + 2]! > 0) moved[l * W + 2] = 1 / moved[l * W + 2]!;
  for (let p = 0; p < P; p++) {
    const o = practiceLoc[p]! * W;
    if (alive[p] === 0 || moved[o] === 0) continue;
    const w = listW[p]! * moved[o + 2]!;
    listW[p]! += moved[o]! * w;
    demW[p]! += moved[o + 1]! * w;
    const pCK = p * CK, pR = p * R, ob = o + oBack;
    for (let j = 0; j < CK; j++) back[pCK + j]! += moved[ob + j]! * w;
    for (let j = 0; j < nAct; j++) {
      const r = act[j]!, i = pR + r;
      fte[i]! += moved[o + oFte + r]! * w;
      estBase[i]! += moved[o + oBase + r]! * w;
      if (adds) estAdd[i]! += moved[o + oAdd + r]! * w;
    }
  }
  postsFollow(ws);
}

/** After a failure moved lists and posts: each practice's establishment from its posts (as in workforce). */
function postsFollow(ws: Workspace): void {
  const { P, activeRoles: act } = ws.plan;
  const { est, estBase, estAdd, listRatio } = ws;
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < act.length; j++) {
      const i = p * ROLE_N + act[j]!;
      const posts = estBase[i]! * listRatio[p]! + estAdd[i]!;
      est[i] = posts > 0 ? posts : 0;
    }
  }
}

/**
 * The deterministic run's practice failure: every small practice that can fail loses the same expected
 * share `f` of its list, retries, staff and posts each month, and the locality's other practices take it
 * pro rata to the list they kept (as `failures` does for whole practices; a practice never takes back its
 * own). With K the locality's kept list and k_p a practice's, a failing practice s sends x_s f k_p / (K - k_s)
 * of each stock x to practice p != s; so each practice takes k_p (S - its own term), with S the locality's
 * sum of x_s f / (K - k_s) over the failing practices. Three passes: kept lists, what moves, every practice.
 */
function expectedFailures(ws: Workspace, m: number, f: number): void {
  const { plan, listW, demW, fte, estBase, estAdd, over55, alive, back, poolOf, poolMerged, phi } = ws;
  const adds = plan.addsPosts;
  const { P, L, practiceLoc, smallPractice, activeRoles: act } = plan;
  const C = plan.mix.length, R = ROLE_N, K = ws.K, CK = C * K, nAct = act.length;
  const transfer = ws.s['resilience.staffTransfer'][m]!, keep = 1 - f;
  const oBack = 3, oFte = oBack + CK, oBase = oFte + R, oAdd = oBase + R, W = oAdd + R;
  const moved = ws.moved;
  moved.fill(0, 0, L * W);
  for (let p = 0; p < P; p++) {
    if (alive[p] === 0) { phi[p] = 0; continue; }
    phi[p] = !smallPractice[p] || poolMerged[poolOf[p]!] ? 0 : f;
    moved[practiceLoc[p]! * W + 2]! += listW[p]! * (1 - phi[p]!);
  }
  // What moves, per locality: S for each stock. phi becomes, for a failing practice s, g = f / (K - k_s),
  // the share of its stocks that each patient kept elsewhere takes.
  let any = false;
  for (let p = 0; p < P; p++) {
    if (phi[p] === 0) continue;
    const o = practiceLoc[p]! * W;
    const others = moved[o + 2]! - listW[p]! * keep;
    // Nobody else in the locality keeps a list to take it: the practice does not fail.
    if (!(others > 0)) { phi[p] = 0; continue; }
    any = true;
    const g = f / others, gt = g * transfer;
    phi[p] = g;
    moved[o]! += listW[p]! * g;
    moved[o + 1]! += demW[p]! * g;
    const pCK = p * CK, pR = p * R, ob = o + oBack;
    for (let j = 0; j < CK; j++) moved[ob + j]! += back[pCK + j]! * g;
    for (let j = 0; j < nAct; j++) {
      const r = act[j]!, i = pR + r;
      moved[o + oFte + r]! += fte[i]! * gt;
      moved[o + oBase + r]! += estBase[i]! * g;
      if (adds) moved[o + oAdd + r]! += estAdd[i]! * g;
    }
  }
  if (!any) return;
  // Each practice keeps k of its stocks (1 - f if it fails, else all) and takes k_p (S - x_p g) of the
  // others', with g = 0 for a practice that does not fail.
  for (let p = 0; p < P; p++) {
    if (alive[p] === 0) continue;
    const o = practiceLoc[p]! * W, g = phi[p]!, k = g > 0 ? keep : 1, gt = g * transfer;
    const w = listW[p]! * k;
    listW[p] = w + (moved[o]! - listW[p]! * g) * w;
    demW[p] = demW[p]! * k + (moved[o + 1]! - demW[p]! * g) * w;
    const pCK = p * CK, pR = p * R, ob = o + oBack;
    for (let j = 0; j < CK; j++) back[pCK + j] = back[pCK + j]! * k + (moved[ob + j]! - back[pCK + j]! * g) * w;
    for (let j = 0; j < nAct; j++) {
      const r = act[j]!, i = pR + r;
      fte[i] = fte[i]! * k + (moved[o + oFte + r]! - fte[i]! * gt) * w;
      estBase[i] = estBase[i]! * k + (moved[o + oBase + r]! - estBase[i]! * g) * w;
      if (adds) estAdd[i] = estAdd[i]! * k + (moved[o + oAdd + r]! - estAdd[i]! * g) * w;
    }
    over55[p]! *= k;
    alive[p]! *= k;
  }
  postsFollow(ws);
}
