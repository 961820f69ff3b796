/** `capsim validate`: check scenario files without running them; what passes runs. */
import { Command } from '@commander-js/extra-typings';
import { expandInputs, isBaselineFile, readBaselineFile } from '../files.ts';
import type { Io } from '../io.ts';
import { printable } from '../format.ts';
import { shortKey } from '../../engine/core.ts';
import { loadAll, quietOption, usage } from '../policy.ts';

export function validateCommand(io: Io) {
  return new Command('validate')
    .description('check scenario (and baseline) files without running them')
    .argument('<inputs...>', 'scenario files or folders')
    .addOption(quietOption())
    .addHelpText('after', '\nExample:\n  capsim validate scenarios/examples')
    .action((inputs) => {
      const all = expandInputs(inputs);
      // A baseline file given by name is checked as a baseline.
      const baselines = all.filter(isBaselineFile);
      const files = all.filter((f) => !baselines.includes(f));
      let badBaselines = 0;
      for (const f of baselines) {
        const b = readBaselineFile(f);
        if (b.ok) io.stdout(`${f}: ok (baseline ${shortKey(b.key)}: ${b.baseline.practices.length} practices in ${b.baseline.localities.length} localities, from ${b.baseline.start})\n`);
        else { badBaselines++; io.stderr(`capsim: ${b.message}\n`); }
      }
      const { good, bad: badScenarios } = loadAll(files, io);
      const bad = badScenarios + badBaselines;
      // The verdicts are the output (on stdout): -q has no progress to silence here.
      for (const l of good) io.stdout(`${l.file}: ok (${printable(l.scenario.name)}; baseline ${shortKey(l.scenario.baseline)}, ${l.scenario.interventions.length} intervention(s))\n`);
      if (bad) throw usage(`${bad} of ${all.length} file(s) invalid`);
    });
}
