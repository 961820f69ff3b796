/** Automatic grouping of a locality's practices into pools of a target population. */

export interface GroupablePractice {
  code: string;
  postcode: string;
  list: number;
}

/**
 * Split practices into contiguous groups (in postcode order, a proxy for proximity) whose populations
 * are as close as possible to the middle of `target`. The number of groups k is the one whose mean
 * size T/k lies in [min, max] nearest the middle; a locality under `max` stays one group.
 * @example autoGroups([{code:'A',postcode:'RM1',list:20000},{code:'B',postcode:'RM2',list:20000}], [30000, 50000]) // [['A','B']]
 */
export function autoGroups(practices: readonly GroupablePractice[], target: readonly [number, number]): string[][] {
  const [min, max] = target;
  const sorted = [...practices].sort((a, b) => a.postcode.localeCompare(b.postcode) || a.code.localeCompare(b.code));
  const total = sorted.reduce((a, p) => a + p.list, 0);
  if (sorted.length === 0) return [];
  const mid = (min + max) / 2;
  let k = Math.max(1, Math.round(total / mid));
  let bestK = -1;
  for (let c = Math.max(1, Math.ceil(total / max)); c <= Math.floor(total / min); c++) {
    if (bestK < 0 || Math.abs(total / c - mid) < Math.abs(total / bestK - mid)) bestK = c;
  }
  if (bestK > 0) k = bestK;
  k = Math.min(k, sorted.length);
  if (total <= 0) return [sorted.map((p) => p.code)];
  const size = total / k;
  const groups: string[][] = Array.from({ length: k }, () => []);
  let cum = 0;
  for (const p of sorted) {
    const g = Math.min(k - 1, Math.floor((cum + p.list / 2) / size));
    groups[g]!.push(p.code);
    cum += p.list;
  }
  return groups.filter((g) => g.length > 0);
}
