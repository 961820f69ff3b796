/** `capsim validate`: check scenario files without running them; what passes runs. */
import { Command } from '@commander-js/extra-typings';
import { expandInputs } from '../files.ts';
import type { Io } from '../io.ts';
import { printable } from '../format.ts';
import { loadAll, quietOption, usage } from '../policy.ts';

export function validateCommand(io: Io) {
  return new Command('validate')
    .description('check scenario files without running them')
    .argument('<inputs...>', 'scenario files or folders')
    .addOption(quietOption())
    .addHelpText('after', '\nExample:\n  capsim validate scenarios/examples')
    .action((inputs) => {
      const files = expandInputs(inputs);
      const { good, bad } = loadAll(files, io);
      // The verdicts are the output (on stdout): -q has no progress to silence here.
      for (const l of good) io.stdout(`${l.file}: ok (${printable(l.scenario.name)}; baseline ${l.scenario.baseline}, ${l.scenario.interventions.length} intervention(s))\n`);
      if (bad) throw usage(`${bad} of ${files.length} file(s) invalid`);
    });
}
