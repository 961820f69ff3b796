/** `capsim compare`: scenarios against the first, run by run on common random numbers. */
import { Command, Option } from '@commander-js/extra-typings';
import { MODEL_VERSION } from '../../engine/core.ts';
import { makeRunner } from '../../node/pool.ts';
import { COMPARE_HEADER, comparisonRows, comparisonTable, csvRow } from '../format.ts';
import type { Io } from '../io.ts';
import { runJob } from '../many.ts';
import { emit, forceOption, loadAll, quietOption, runsOption, seedOption, usage, withOutputs, workersOption } from '../policy.ts';
import { makeProgress } from '../progress.ts';

export const COMPARE_SCHEMA = 'capsim/compare@1';

export function compareCommand(io: Io) {
  return new Command('compare')
    .description('compare scenarios with the first, run by run on common random numbers')
    .argument('<baseline>', 'the scenario to compare against')
    .argument('<scenarios...>', 'scenarios to compare')
    .addOption(runsOption()).addOption(seedOption()).addOption(workersOption())
    .option('--monthly', 'report per month instead of per financial year')
    .addOption(new Option('--format <f>', 'output format').choices(['table', 'csv', 'json'] as const).default('table' as const))
    .option('--out <file>', 'write to a file instead of standard output')
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', `\nJSON is {"schema": "${COMPARE_SCHEMA}", "model", "comparisons": [one capsim/comparison per scenario after the first]}.\n\nExample:\n  capsim compare scenarios/examples/do-nothing.json scenarios/examples/strategy.json --runs 1000`)
    .action(async (base, files, o) => {
      const { good, bad } = loadAll([base, ...files], io);
      if (bad) throw usage(`${bad} of ${files.length + 1} file(s) invalid`);
      const baselines = new Set(good.map((l) => l.scenario.baseline));
      if (baselines.size > 1) throw usage(`compare needs scenarios on one baseline (got ${[...baselines].join(', ')})`);
      await withOutputs(o.force, async (out) => {
        if (o.out) out.claim(o.out);
        const progress = makeProgress(io, o.quiet ?? false);
        const runs = o.runs ?? good[0]!.scenario.runs;
        progress.start(runs * good.length, good.length);
        const runner = makeRunner(o.workers);
        let comparisons;
        try {
          ({ comparisons } = await runJob(runner, good, { ...o, runs }, io, (n) => progress.runs(n * good.length)));
        } finally {
          progress.stop();
          await runner.close();
        }
        const text = o.format === 'json' ? JSON.stringify({ schema: COMPARE_SCHEMA, model: MODEL_VERSION, comparisons }, null, 1) + '\n'
          : o.format === 'csv' ? csvRow(COMPARE_HEADER) + comparisons.map(comparisonRows).join('')
            : comparisons.map((c) => comparisonTable(c)).join('\n');
        emit(io, out, o.out, text);
      });
    });
}
