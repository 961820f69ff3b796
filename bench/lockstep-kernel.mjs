// Experiment behind the speed issue (npm run bench:lockstep): is simulating a block of runs in lockstep
// (structure of arrays, the run innermost) worth rewriting the engine for? The allocation kernel, run by run
// against 50 runs in lockstep, with identical results. Measured 24 November 2026 (Node 20, one core): 333 vs 238 µs
// a run (1.4x); without the exp/log of access failure, 226 vs 141 µs (1.6x). See the README "Speed" section.
const P = 33, C = 6, B = 50, M = 120, R = 8;
const gpType = Int32Array.from([1, 1, 0, 0, 1, 0]);
const pairC = Int32Array.from([2, 3]), pairR = Int32Array.from([2, 3]);
function rnd(n, s) { const a = new Float64Array(n); let x = s; for (let i = 0; i < n; i++) { x = (x * 16807) % 2147483647; a[i] = x / 2147483647; } return a; }
// run-by-run layout
const first = rnd(P * C, 1), waiting = rnd(P * C, 2), cap0 = rnd(P * R, 3), el = rnd(B, 4);
function perRun() {
  let sink = 0;
  const rem = new Float64Array(C), cap = new Float64Array(R);
  for (let b = 0; b < B; b++) {
    const e = 0.5 + el[b];
    for (let m = 0; m < M; m++) {
      for (let p = 0; p < P; p++) {
        for (let r = 0; r < R; r++) cap[r] = cap0[p * R + r] * 100;
        for (let c = 0; c < C; c++) { const a = (first[p * C + c] + waiting[p * C + c]) * 50; rem[c] = a; }
        for (let k = 0; k < pairC.length; k++) { const c = pairC[k], r = pairR[k]; const want = rem[c], have = cap[r]; if (want <= 0 || have <= 0) continue; const take = want < have ? want : have; cap[r] = have - take; rem[c] = want - take; }
        let G = 0; for (let c = 0; c < C; c++) if (gpType[c]) G += rem[c];
        const gp = cap[0] + 0.01;
        const load = G / (gp * 20);
        let f = 0.13 * Math.exp(e * Math.log(load / 21.7)); f = f < 0.03 ? 0.03 : f > 0.6 ? 0.6 : f;
        sink += (1 - f) * G;
      }
    }
  }
  return sink;
}
// lockstep layout: [(p*C+c)*B + b]
const firstL = new Float64Array(P * C * B), waitL = new Float64Array(P * C * B), capL0 = new Float64Array(P * R * B);
for (let i = 0; i < P * C; i++) for (let b = 0; b < B; b++) { firstL[i * B + b] = first[i]; waitL[i * B + b] = waiting[i]; }
for (let i = 0; i < P * R; i++) for (let b = 0; b < B; b++) capL0[i * B + b] = cap0[i];
function lockstep() {
  let sink = 0;
  const rem = new Float64Array(C * B), cap = new Float64Array(R * B), G = new Float64Array(B), e = new Float64Array(B);
  for (let b = 0; b < B; b++) e[b] = 0.5 + el[b];
  for (let m = 0; m < M; m++) {
    for (let p = 0; p < P; p++) {
      for (let r = 0; r < R; r++) { const o = (p * R + r) * B, d = r * B; for (let b = 0; b < B; b++) cap[d + b] = capL0[o + b] * 100; }
      for (let c = 0; c < C; c++) {
        const o = (p * C + c) * B, d = c * B;
        for (let b = 0; b < B; b++) { const a = (firstL[o + b] + waitL[o + b]) * 50; rem[d + b] = a; }
      }
      for (let k = 0; k < pairC.length; k++) {
        const dc = pairC[k] * B, dr = pairR[k] * B;
        for (let b = 0; b < B; b++) { const want = rem[dc + b], have = cap[dr + b]; if (want <= 0 || have <= 0) continue; const take = want < have ? want : have; cap[dr + b] = have - take; rem[dc + b] = want - take; }
      }
      G.fill(0);
      for (let c = 0; c < C; c++) if (gpType[c]) { const d = c * B; for (let b = 0; b < B; b++) G[b] += rem[d + b]; }
      for (let b = 0; b < B; b++) {
        const load = G[b] / ((cap[b] + 0.01) * 20);
        let f = 0.13 * Math.exp(e[b] * Math.log(load / 21.7)); f = f < 0.03 ? 0.03 : f > 0.6 ? 0.6 : f;
        sink += (1 - f) * G[b];
      }
    }
  }
  return sink;
}
for (const [name, fn] of [['per run', perRun], ['lockstep', lockstep], ['per run', perRun], ['lockstep', lockstep]]) {
  let best = 1e9, s = 0;
  for (let k = 0; k < 20; k++) { const t0 = performance.now(); s = fn(); best = Math.min(best, performance.now() - t0); }
  console.log(name, (best / B * 1000).toFixed(1), 'µs per run (', s.toFixed(0), ')');
}
