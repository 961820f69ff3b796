/**
 * Process wiring: Ctrl-C (or SIGTERM) aborts the run, removes every temporary output and restores the terminal's cursor
 * (exit 130); a closed pipe (`capsim ... | head`) ends quietly with status 0. Everything else is program.ts.
 */
import { processIo } from './io.ts';
import { abandonAllOutputs } from './policy.ts';
import { runCli } from './program.ts';

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  // Ctrl-C and a SIGTERM (a scheduler stopping the job) alike: abort, remove every temporary output, exit 130.
  const interrupted = (why: string) => () => {
    controller.abort();
    abandonAllOutputs();
    // The progress bar hides the cursor: show it again.
    if (process.stderr.isTTY) process.stderr.write('\u001b[?25h');
    process.stderr.write(`\ncapsim: ${why}; no output was written\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted('interrupted'));
  process.once('SIGTERM', interrupted('interrupted (SIGTERM)'));
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      // The reader went away (head, less): nothing more to say, and no partial file to leave.
      abandonAllOutputs();
      process.exit(0);
    });
  }
  return runCli(argv, processIo(controller.signal));
}
