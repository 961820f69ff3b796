/** Process wiring: Ctrl-C aborts the run and removes temporary files; everything else is in program.ts. */
import { cleanupPending } from './files.ts';
import { processIo } from './io.ts';
import { runCli } from './program.ts';

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
    cleanupPending();
    process.stderr.write('\ncapsim: interrupted; no partial output was written\n');
    process.exit(130);
  });
  return runCli(argv, processIo(controller.signal));
}
