/**
 * Random streams. Run i of a scenario draws each named quantity from its own seedrandom stream keyed by
 * (seed, i, name), so results do not depend on how runs are split across workers, and two scenarios on
 * the same seed draw the same value for every parameter they share (common random numbers).
 */
import seedrandom from 'seedrandom';

export type Prng = () => number;

/** A stream for one named quantity of one run. */
export function stream(seed: number, run: number, name: string): Prng {
  return seedrandom.alea(`${seed}/${run}/${name}`);
}

/** One uniform draw in the open interval (0, 1) for a named quantity of a run. */
export function uniform(seed: number, run: number, name: string): number {
  const u = stream(seed, run, name)();
  return u > 0 ? u : Number.MIN_VALUE;
}
