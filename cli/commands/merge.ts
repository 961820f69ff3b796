/** `capsim merge`: the shard files of a batch or sweep combined into the outputs one machine would write. */
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import type { Io } from '../io.ts';
import { outputFiles, writeResults, type Outputs } from '../many.ts';
import { failure, forceOption, quietOption, usage, withOutputs } from '../policy.ts';
import { findShardFiles, MergeError, mergeShards } from '../shard.ts';

export function mergeCommand(io: Io) {
  return new Command('merge')
    .description('combine the shard files of a batch or sweep run with --shard i/n into its outputs')
    .argument('<inputs...>', 'shard files, or folders holding shard-*-of-*.json')
    .option('--out <dir>', 'output folder', 'capsim-out')
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', '\nThe outputs are byte for byte those of one machine running the whole batch (docs/scale.md).\nEvery item a shard carries is hashed: an edited or truncated shard file is refused, naming it.\n\nExample:\n  capsim merge parts/ --out out')
    .action(async (inputs, o) => {
      let merged: ReturnType<typeof mergeShards>;
      try {
        merged = mergeShards(findShardFiles(inputs));
      } catch (e) {
        if (e instanceof MergeError) throw usage(e.message);
        throw e;
      }
      const { shard, results, errors } = merged;
      const out: Outputs = { dir: o.out, format: shard.format, header: shard.header, command: shard.command };
      const jobs = shard.jobs.map((j) => ({ id: j.id, extra: j.extra, jobs: [] }));
      await withOutputs(o.force, (files) => {
        files.folder(o.out);
        files.claim(...outputFiles(jobs, out));
        if (shard.format === 'json') results.forEach((r, i) => r && files.write(join(o.out, `${jobs[i]!.id}.json`), JSON.stringify(r, null, 1) + '\n'));
        writeResults(jobs, results, out, files);
      });
      for (const e of errors) io.stderr(`capsim: ${e}\n`);
      if (!o.quiet) io.stderr(`capsim: merged ${shard.shard.count} shard(s): ${results.filter(Boolean).length} scenario(s) -> ${o.out}\n`);
      if (errors.length) throw failure(`${errors.length} scenario(s) failed`);
    });
}
