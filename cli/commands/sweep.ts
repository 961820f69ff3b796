/** `capsim sweep`: the grid of all combinations of varied values, counted before it is built. */
import { Command, Option } from '@commander-js/extra-typings';
import { loadScenario, type Scenario } from '../../engine/core.ts';
import { describeFailure, knownBaselines, readScenario } from '../files.ts';
import type { Io } from '../io.ts';
import { runManyCommand, type Job, type Outputs } from '../many.ts';
import { failure, forceOption, int, quietOption, runsOption, seedOption, usage, workersOption } from '../policy.ts';
import { parseShard } from '../shard.ts';
import { expandSweep, gridSize, parseVary, type Vary } from '../sweep.ts';

/** Even with --force, a grid larger than this is refused (it would not fit in memory or in a day). */
export const SWEEP_HARD_MAX = 100_000;

export function sweepCommand(io: Io) {
  return new Command('sweep')
    .description('run the grid of all combinations of varied values')
    .argument('<scenario>', 'the scenario to vary')
    .requiredOption('--vary <spec>', 'PATH=a..b:step or PATH=v1,v2 (repeatable)', (v: string, prev: Vary[]) => [...prev, parseVary(v)], [] as Vary[])
    .option('--max <n>', 'refuse grids larger than this unless --force', int('--max', 1), 200)
    .addOption(runsOption()).addOption(seedOption()).addOption(workersOption())
    .option('--monthly', 'report per month instead of per financial year')
    .option('--out <dir>', 'output folder', 'capsim-sweep')
    .addOption(new Option('--format <f>', 'results format').choices(['csv', 'json'] as const).default('csv' as const))
    .option('--shard <i/n>', 'run only shard i of n and write DIR/shard-i-of-n.json (combine with capsim merge)', parseShard)
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', "\nExample:\n  capsim sweep scenarios/examples/strategy.json --vary 'interventions[2].ftePerYear=0..8:2' --vary 'parameters.demand.trend=0.01,0.02'")
    .action(async (file, o) => {
      const base = readScenario(file);
      if (!base.ok) throw usage(describeFailure(base));
      const size = gridSize(o.vary);
      if (!o.quiet) io.stderr(`capsim: sweep: ${size.toLocaleString('en-GB')} combination(s) of ${o.vary.map((v) => `${v.path} (${v.count.toLocaleString('en-GB')})`).join(' x ')}\n`);
      if (size > SWEEP_HARD_MAX) throw usage(`the grid has ${size.toLocaleString('en-GB')} combinations, more than capsim runs in one sweep (${SWEEP_HARD_MAX.toLocaleString('en-GB')}); use coarser steps`);
      if (size > o.max && !o.force) throw usage(`the grid has ${size.toLocaleString('en-GB')} combinations, more than --max ${o.max} (use --force to run it)`);
      const jobs: Job[] = [];
      let invalid = 0, i = 0;
      const baselines = knownBaselines();
      for (const combo of expandSweep(o.vary)) {
        const raw = structuredClone(base.scenario) as Record<string, unknown>;
        combo.forEach((value, k) => o.vary[k]!.set(raw, value));
        const r = loadScenario(raw, baselines);
        const id = `${base.id}-${String(++i).padStart(String(size).length, '0')}`;
        if (!r.ok) {
          invalid++;
          io.stderr(`capsim: ${describeFailure({ ok: false, file: `${file} [${o.vary.map((v, k) => `${v.path}=${JSON.stringify(combo[k])}`).join(', ')}]`, errors: r.errors })}\n`);
        } else jobs.push({ id, jobs: [{ ok: true, file, id, scenario: r.value as Scenario, warnings: r.warnings ?? [] }], extra: combo.map((v) => (typeof v === 'number' ? v : JSON.stringify(v))) });
      }
      const out: Outputs = { dir: o.out, format: o.format, header: o.vary.map((v) => v.path), command: 'sweep', shard: o.shard };
      const failed = jobs.length === 0 ? 0 : await runManyCommand(jobs, o, io, out);
      if (invalid) throw usage(`${invalid} combination(s) invalid${failed ? `, ${failed} run(s) failed` : ''}`);
      if (failed) throw failure(`${failed} combination(s) failed`);
    });
}
