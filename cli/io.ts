/** What the program talks to: injected so tests run it in-process with captured output. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  stderrIsTTY: boolean;
  stderrStream?: NodeJS.WritableStream;
  /** Aborted when the user presses Ctrl-C. */
  signal?: AbortSignal;
}

export function processIo(signal?: AbortSignal): Io {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stderrStream: process.stderr,
    signal,
  };
}
