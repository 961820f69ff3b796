/** `capsim explain`: what each intervention contributes, a waterfall from doing nothing (Shapley values). */
import { Command, Option } from '@commander-js/extra-typings';
import { MODEL_VERSION } from '../../engine/core.ts';
import { makeRunner } from '../../node/pool.ts';
import { csvRow, textTable } from '../format.ts';
import type { Io } from '../io.ts';
import { emit, forceOption, int, quietOption, withOutputs, workersOption } from '../policy.ts';
import { analysisInput, figure, metricOption } from './analysis.ts';

export const EXPLAIN_SCHEMA = 'capsim/explain@1';

export function explainCommand(io: Io) {
  return new Command('explain')
    .description('what each intervention contributes: a waterfall from doing nothing to the scenario (Shapley values)')
    .argument('<scenario>', 'scenario file')
    .addOption(metricOption())
    .option('--locality <id>', 'one locality instead of the whole area')
    .option('--permutations <n>', 'orders sampled when there are more than 8 interventions', int('--permutations', 2, 100000), 64)
    .addOption(workersOption())
    .addOption(new Option('--format <f>', 'output format').choices(['table', 'csv', 'json'] as const).default('table' as const))
    .option('--out <file>', 'write to a file instead of standard output')
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', '\nThe steps are order-independent (Shapley values over the interventions, exact up to 8) and add up to the\ndifference from doing nothing. Each evaluation is the deterministic run; with --workers 1 or more it runs in a\nworker thread.\n\nExample:\n  capsim explain scenarios/examples/strategy.json --metric gpFteGap')
    .action(async (file, o) => {
      const { l, baseline } = analysisInput(file, o);
      await withOutputs(o.force, async (out) => {
        if (o.out) out.claim(o.out);
        if (!o.quiet) io.stderr(`capsim: explain: ${l.scenario.interventions.length} intervention(s), ${l.scenario.interventions.length <= 8 ? 2 ** l.scenario.interventions.length : `${o.permutations} sampled orders of`} deterministic runs\n`);
        const runner = makeRunner(Math.min(o.workers, 1));
        let w;
        try {
          w = await runner.attribution(l.scenario, baseline, { metric: o.metric, locality: o.locality }, { permutations: o.permutations });
        } finally {
          await runner.close();
        }
        if (o.format === 'json') return emit(io, out, o.out, JSON.stringify({ schema: EXPLAIN_SCHEMA, model: MODEL_VERSION, name: l.scenario.name, metric: o.metric, locality: o.locality ?? null, ...w }, null, 1) + '\n');
        if (o.format === 'csv') {
          return emit(io, out, o.out, csvRow(['step', 'label', 'value']) + csvRow(['start', 'Do nothing', w.doNothing]) + w.steps.map((x) => csvRow([x.index + 1, x.label, x.value])).join('') + csvRow(['end', l.scenario.name, w.scenario]));
        }
        emit(io, out, o.out, `${l.scenario.name}: ${o.metric} in the final year${o.locality ? ` (${o.locality})` : ''}, ${w.exact ? 'exact Shapley values' : `Shapley values over ${o.permutations} sampled orders`}\n\n`
          + textTable(['step', o.metric], [['Do nothing', figure(w.doNothing)], ...w.steps.map((x) => [`${x.index + 1}. ${x.label}`, figure(x.value, true)]), [l.scenario.name, figure(w.scenario)]]));
      });
    });
}
