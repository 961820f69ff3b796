/** Progress on stderr: a bar on a terminal, a line every few seconds otherwise, nothing when quiet. */
import cliProgress from 'cli-progress';
import type { Io } from './io.ts';

export interface Progress {
  start(totalRuns: number, scenarios: number): void;
  runs(n: number): void;
  scenarioDone(): void;
  stop(): void;
}

export function makeProgress(io: Io, quiet: boolean): Progress {
  let total = 0, done = 0, scenarios = 0, scenDone = 0, t0 = 0, lastLine = 0;
  if (quiet) return { start() {}, runs() {}, scenarioDone() {}, stop() {} };
  const rate = () => done / Math.max(1e-3, (Date.now() - t0) / 1000);
  if (io.stderrIsTTY) {
    const bar = new cliProgress.SingleBar(
      { format: ' {bar} {percentage}% | scenarios {sd}/{st} | {rate} runs/s | {eta_formatted} left', stream: io.stderrStream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    return {
      start(t, s) { total = t; scenarios = s; t0 = Date.now(); bar.start(t, 0, { sd: 0, st: s, rate: 0 }); },
      runs(n) { done += n; bar.update(done, { sd: scenDone, st: scenarios, rate: Math.round(rate()) }); },
      scenarioDone() { scenDone++; bar.update(done, { sd: scenDone }); },
      stop() { bar.stop(); },
    };
  }
  const line = (force = false) => {
    const now = Date.now();
    if (!force && now - lastLine < 2000) return;
    lastLine = now;
    const left = rate() > 0 ? Math.round((total - done) / rate()) : 0;
    io.stderr(`progress: ${done}/${total} runs, ${scenDone}/${scenarios} scenarios, ${Math.round(rate())} runs/s, ${left}s left\n`);
  };
  return {
    start(t, s) { total = t; scenarios = s; t0 = lastLine = Date.now(); },
    runs(n) { done += n; line(); },
    scenarioDone() { scenDone++; },
    stop() { line(true); },
  };
}

/** A count of work done when the total is not known in advance (solve's candidate mixes): same rules. */
export function makeCounter(io: Io, quiet: boolean, what: string): { set(n: number): void; stop(): void } {
  if (quiet) return { set() {}, stop() {} };
  let n = 0, lastLine = Date.now(), shown = false;
  if (io.stderrIsTTY) {
    return {
      set(x) { n = x; shown = true; io.stderr(`\r ${n.toLocaleString('en-GB')} ${what}`); },
      stop() { if (shown) io.stderr('\n'); },
    };
  }
  return {
    set(x) {
      n = x;
      const now = Date.now();
      if (now - lastLine < 2000) return;
      lastLine = now;
      io.stderr(`progress: ${n.toLocaleString('en-GB')} ${what}\n`);
    },
    stop() { if (n) io.stderr(`progress: ${n.toLocaleString('en-GB')} ${what}\n`); },
  };
}
