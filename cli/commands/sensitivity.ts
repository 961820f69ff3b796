/** `capsim sensitivity`: which assumptions matter (a tornado, then Sobol indices of the top inputs). */
import { Command, Option } from '@commander-js/extra-typings';
import { MODEL_VERSION, sobolInconsistent } from '../../engine/core.ts';
import { makeRunner } from '../../node/pool.ts';
import { csvRow, textTable } from '../format.ts';
import type { Io } from '../io.ts';
import { emit, forceOption, int, quietOption, withOutputs, workersOption } from '../policy.ts';
import { analysisInput, figure, metricOption } from './analysis.ts';

export const SENSITIVITY_SCHEMA = 'capsim/sensitivity@1';

export function sensitivityCommand(io: Io) {
  return new Command('sensitivity')
    .description('which assumptions matter: a tornado of every uncertain input (p10 to p90), then Sobol indices of the top ones')
    .argument('<scenario>', 'scenario file')
    .addOption(metricOption())
    .option('--locality <id>', 'one locality instead of the whole area')
    .option('--top <n>', 'inputs given Sobol indices', int('--top', 0, 12), 5)
    .option('--samples <n>', 'Saltelli base samples N (N x (top + 2) runs)', int('--samples', 8, 65536), 256)
    .addOption(workersOption())
    .addOption(new Option('--format <f>', 'output format').choices(['table', 'csv', 'json'] as const).default('table' as const))
    .option('--out <file>', 'write to a file instead of standard output')
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', '\nEach evaluation is the deterministic run (likely values), so the answer does not move with Monte Carlo noise;\nwith --workers 1 or more it runs in a worker thread.\n\nExample:\n  capsim sensitivity scenarios/examples/strategy.json --metric accessFailure --top 4')
    .action(async (file, o) => {
      const { l, baseline } = analysisInput(file, o);
      await withOutputs(o.force, async (out) => {
        if (o.out) out.claim(o.out);
        if (!o.quiet) io.stderr(`capsim: sensitivity: a tornado, then ${(o.samples * (o.top + 2)).toLocaleString('en-GB')} runs for the Sobol indices of the top ${o.top}\n`);
        const runner = makeRunner(Math.min(o.workers, 1));
        let r;
        try {
          r = await runner.sensitivity(l.scenario, baseline, { metric: o.metric, locality: o.locality }, { top: o.top, samples: o.samples });
        } finally {
          await runner.close();
        }
        if (o.format === 'json') return emit(io, out, o.out, JSON.stringify({ schema: SENSITIVITY_SCHEMA, model: MODEL_VERSION, name: l.scenario.name, metric: o.metric, locality: o.locality ?? null, ...r }, null, 1) + '\n');
        if (o.format === 'csv') {
          return emit(io, out, o.out, csvRow(['kind', 'input', 'label', 'input_p10', 'input_p90', 'outcome_at_p10', 'outcome_at_p90', 'swing', 'sobol_first', 'sobol_total'])
            + r.tornado.map((b) => {
              const so = r.sobol.find((x) => x.path === b.path);
              return csvRow(['input', b.path, b.label, b.inputLow, b.inputHigh, b.low, b.high, b.swing, so?.first ?? '', so?.total ?? '']);
            }).join(''));
        }
        const f = figure;
        emit(io, out, o.out, `${l.scenario.name}: ${o.metric} in the final year${o.locality ? ` (${o.locality})` : ''}, likely values ${f(r.base)}\n\n`
          + textTable(['input (p10 -> p90)', `${o.metric} at p10`, 'at p90', 'swing'], r.tornado.map((b) => [`${b.label} (${f(b.inputLow)} -> ${f(b.inputHigh)})`, f(b.low), f(b.high), f(b.swing)]))
          + (r.sobol.length ? `\nSobol indices of the top ${r.sobol.length} (N = ${r.samples}, ${r.evaluations.toLocaleString('en-GB')} runs in all)\n\n`
            + textTable(['input', 'first order', 'total'], r.sobol.map((x) => [x.label, x.first.toFixed(2), x.total.toFixed(2)]))
            + (sobolInconsistent(r.sobol)
              ? `\nThese carry sampling error at N = ${r.samples}: a first order above its total, or first orders adding to more than 1, is that error. Raise --samples for firmer figures.\n` : '') : ''));
      });
    });
}
