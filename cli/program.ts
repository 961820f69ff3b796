/**
 * The capsim command-line program as a factory: `runCli(argv, io)` parses, runs and returns the exit code, so
 * tests run it in-process; cli/bin.mjs is the entry point. Each command is a module of cli/commands/; the
 * policy they share (exit codes, messages, outputs, progress) is cli/policy.ts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Command, CommanderError } from '@commander-js/extra-typings';
import { MODEL_VERSION, setMathLoader } from '../engine/core.ts';
import { baselineCommand } from './commands/baseline.ts';
import { batchCommand } from './commands/batch.ts';
import { compareCommand } from './commands/compare.ts';
import { dbCommand } from './commands/db.ts';
import { explainCommand } from './commands/explain.ts';
import { mergeCommand } from './commands/merge.ts';
import { runCommand } from './commands/run.ts';
import { sensitivityCommand } from './commands/sensitivity.ts';
import { solveCommand } from './commands/solve.ts';
import { sweepCommand } from './commands/sweep.ts';
import { validateCommand } from './commands/validate.ts';
import { EmptyFolderError } from './files.ts';
import type { Io } from './io.ts';
import { Exit } from './policy.ts';

// mathjs (about 0.4 s to load) only when a scenario has a formula: the worker threads load it themselves.
setMathLoader(() => createRequire(import.meta.url)('mathjs/number') as typeof import('mathjs/number'));

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function makeProgram(io: Io): Command {
  const program = new Command('capsim')
    .description(`Workforce and capacity scenarios for NHS primary care (${MODEL_VERSION})`)
    .version(`capsim ${VERSION} (${MODEL_VERSION})`, '-V, --version', 'print the version of capsim and of its model')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: (t) => io.stderr(t.startsWith('error: ') ? `capsim: ${t}` : t) })
    .showHelpAfterError('(run capsim --help for usage)')
    .addHelpText('after', `
Exit codes: 0 done, 1 a run or a write failed, 2 bad input or usage, 130 interrupted.
Every command takes -q (no progress); those that write take --out and --force, and write nothing until all succeeded.

Examples:
  capsim run scenarios/examples/strategy.json --format table
  capsim batch scenarios/examples --out out --runs 1000
  capsim compare scenarios/examples/do-nothing.json scenarios/examples/strategy.json
  capsim sweep scenarios/examples/hire-pharmacists.json --vary 'interventions[0].ftePerYear=0..12:4'
  capsim validate scenarios/examples/*.json`);
  for (const make of [runCommand, batchCommand, compareCommand, sweepCommand, sensitivityCommand, explainCommand, solveCommand, mergeCommand, baselineCommand, dbCommand, validateCommand]) {
    const c = make(io) as unknown as Command;
    // Subcommands inherit the program's error handling and output (db's own subcommands too).
    for (const sub of [c, ...c.commands]) sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: (t) => io.stderr(t.startsWith('error: ') ? `capsim: ${t}` : t) }).showHelpAfterError('(run capsim --help for usage)');
    program.addCommand(c);
  }
  return program;
}

/** Parse and run; returns the exit code (0 / 1 / 2 / 130). */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const program = makeProgram(io);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (io.signal?.aborted) {
      io.stderr('capsim: interrupted; no output was written\n');
      return 130;
    }
    if (e instanceof Exit) {
      if (e.message) io.stderr(`capsim: ${e.message}\n`);
      return e.code;
    }
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof EmptyFolderError) {
      io.stderr(`capsim: ${e.message}\n`);
      return 2;
    }
    // A run that fails says why in one line; CAPSIM_DEBUG=1 adds the stack.
    io.stderr(`capsim: ${process.env.CAPSIM_DEBUG ? ((e as Error).stack ?? String(e)) : ((e as Error).message ?? String(e))}\n`);
    return 1;
  }
}
