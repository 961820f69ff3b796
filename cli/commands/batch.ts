/** `capsim batch`: every scenario in files or folders; results and a board summary (or one shard's share). */
import { Command, Option } from '@commander-js/extra-typings';
import { expandInputs } from '../files.ts';
import type { Io } from '../io.ts';
import { runManyCommand, type Outputs } from '../many.ts';
import { failure, forceOption, loadAll, quietOption, runsOption, seedOption, usage, workersOption } from '../policy.ts';
import { parseShard } from '../shard.ts';

export function batchCommand(io: Io) {
  return new Command('batch')
    .description('run every scenario in files or folders; write results and a board summary')
    .argument('<inputs...>', 'scenario files or folders of them')
    .addOption(runsOption()).addOption(seedOption()).addOption(workersOption())
    .option('--monthly', 'report per month instead of per financial year')
    .option('--out <dir>', 'output folder', 'capsim-out')
    .addOption(new Option('--format <f>', 'results format').choices(['csv', 'json'] as const).default('csv' as const))
    .option('--shard <i/n>', 'run only shard i of n and write DIR/shard-i-of-n.json (combine with capsim merge)', parseShard)
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', '\nWrites DIR/results.csv (long format) or DIR/<scenario>.json, and DIR/summary.csv, all at the end (nothing if interrupted).\n\nExamples:\n  capsim batch scenarios/examples --out out --runs 500 --workers 2\n  capsim batch scenarios/examples --shard 2/3 --out parts   # then: capsim merge parts --out out (docs/scale.md)')
    .action(async (inputs, o) => {
      const { good, bad } = loadAll(expandInputs(inputs), io);
      if (!good.length) throw usage('no valid scenarios to run');
      // Two files of one name would write one output: say so before running anything.
      const byId = new Map<string, string>();
      for (const l of good) {
        if (byId.has(l.id)) throw usage(`${byId.get(l.id)} and ${l.file} would both be written as ${l.id}: give the scenarios distinct file names`);
        byId.set(l.id, l.file);
      }
      const jobs = good.map((l) => ({ id: l.id, jobs: [l], extra: [] }));
      const out: Outputs = { dir: o.out, format: o.format, header: [], command: 'batch', shard: o.shard };
      const failed = await runManyCommand(jobs, o, io, out);
      if (bad) throw usage(`${bad} scenario file(s) invalid${failed ? `, ${failed} run(s) failed` : ''}`);
      if (failed) throw failure(`${failed} scenario(s) failed`);
    });
}
