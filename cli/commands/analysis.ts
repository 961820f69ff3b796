/** Shared by explain, sensitivity and solve: the one scenario, its baseline, the outcome's options. */
import { Option } from '@commander-js/extra-typings';
import { METRICS, type Baseline } from '../../engine/core.ts';
import { baselineOf, describeFailure, readScenario } from '../files.ts';
import type { Good } from '../many.ts';
import { usage } from '../policy.ts';

export const metricOption = () => new Option('--metric <m>', 'the final-year outcome to explain').choices([...METRICS]).default('gpFteGap' as (typeof METRICS)[number]);

export function analysisInput(file: string, o: { locality?: string }): { l: Good; baseline: Baseline } {
  const l = readScenario(file);
  if (!l.ok) throw usage(describeFailure(l));
  const baseline = baselineOf(l.scenario.baseline)!;
  if (o.locality && !baseline.localities.some((x) => x.id === o.locality)) throw usage(`--locality: unknown locality "${o.locality}" in ${baseline.id} (known: ${baseline.localities.map((x) => x.id).join(', ')})`);
  return { l, baseline };
}

/** A figure for the analysis tables: three significant figures, whole numbers from 1,000; `sign` shows "+". */
export function figure(x: number, sign = false): string {
  const text = Math.abs(x) < 1e-9 ? '0' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-GB') : String(Number(x.toPrecision(3)));
  return sign && x >= 0 ? `+${text}` : text;
}

