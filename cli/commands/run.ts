/** `capsim run`: run scenarios and print or write their results. */
import { Command, Option } from '@commander-js/extra-typings';
import { MODEL_VERSION, workbookSheets, type ScenarioResult } from '../../engine/core.ts';
import { makeRunner } from '../../node/pool.ts';
import { csvRow, LONG_HEADER, longRows, resultTable } from '../format.ts';
import type { Io } from '../io.ts';
import { runJob } from '../many.ts';
import { emit, forceOption, loadAll, quietOption, runsOption, seedOption, usage, withOutputs, workersOption } from '../policy.ts';
import { makeProgress } from '../progress.ts';

/** The JSON of `run`: one shape for any number of scenarios. */
export const RUN_SCHEMA = 'capsim/run@1';

export function runCommand(io: Io) {
  return new Command('run')
    .description('run scenarios and print or write their results')
    .argument('<scenario...>', 'scenario files')
    .addOption(runsOption()).addOption(seedOption()).addOption(workersOption())
    .option('--monthly', 'report per month instead of per financial year')
    .addOption(new Option('--format <f>', 'output format').choices(['json', 'csv', 'table', 'xlsx'] as const).default('json' as const))
    .option('--out <file>', 'write to a file instead of standard output')
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', `\nJSON is {"schema": "${RUN_SCHEMA}", "model", "results": [one capsim/result per scenario]}.\n\nExamples:\n  capsim run scenarios/examples/do-nothing.json --format table\n  capsim run scenarios/examples/strategy.json --runs 200 --format csv --out strategy.csv\n  capsim run scenarios/examples/strategy.json --format xlsx --out strategy.xlsx`)
    .action(async (files, o) => {
      if (o.format === 'xlsx' && !o.out) throw usage('--format xlsx writes a workbook: give it a file with --out (for example --out results.xlsx)');
      const { good, bad } = loadAll(files, io);
      if (bad) throw usage(`${bad} of ${files.length} file(s) invalid`);
      await withOutputs(o.force, async (out) => {
        if (o.out) out.claim(o.out);
        const progress = makeProgress(io, o.quiet ?? !o.out);
        const results: ScenarioResult[] = [];
        const runner = makeRunner(o.workers);
        try {
          progress.start(good.reduce((a, l) => a + (o.runs ?? l.scenario.runs), 0), good.length);
          for (const l of good) {
            results.push((await runJob(runner, [l], o, io, (n) => progress.runs(n))).results[0]!);
            progress.scenarioDone();
          }
        } finally {
          progress.stop();
          await runner.close();
        }
        if (o.format === 'xlsx') {
          // A summary, a sheet per locality and the total by year (mean, p10, p50, p90), the assumptions with their sources.
          const { default: writeXlsxFile } = await import('write-excel-file/node');
          out.write(o.out!, await writeXlsxFile(workbookSheets(results, good.map((l) => l.scenario))).toBuffer());
          return;
        }
        const text = o.format === 'json' ? JSON.stringify({ schema: RUN_SCHEMA, model: MODEL_VERSION, results }, null, 1) + '\n'
          : o.format === 'csv' ? csvRow(LONG_HEADER) + results.map((r, i) => longRows(good[i]!.id, r)).join('')
            : results.map(resultTable).join('\n');
        emit(io, out, o.out, text);
      });
    });
}
