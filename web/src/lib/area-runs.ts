/**
 * Monte Carlo runs for a scenario opened on a baseline built in "Your area": 1,000, fewer for a big baseline
 * so that the bands come in a reasonable time in the browser (about 20 million practice-months; England's
 * 6,000 practices get 100 runs over 10 years).
 * @example areaRuns(173) // 1000
 */
export function areaRuns(practices: number): number {
  return Math.max(100, Math.min(1000, Math.round(2e7 / (practices * 120) / 100) * 100));
}
