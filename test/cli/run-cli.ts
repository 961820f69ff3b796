/** The capsim program in-process, with its output captured. */
import { runCli } from '../../cli/program.ts';
import type { Io } from '../../cli/io.ts';

export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
