/**
 * One policy for every command (README "Command line"):
 * - exit codes: 0 success, 1 a run or a write failed, 2 bad input or usage, 130 interrupted;
 * - every message capsim writes to stderr starts with "capsim: " (diagnostics then name the file and path);
 * - `-q/--quiet` on every command; progress on stderr only (cli/progress.ts);
 * - every command that writes files takes `--out` and refuses to overwrite without `--force`; every output
 *   goes to a temporary file first and is renamed into place only when the whole command has succeeded, so an
 *   interrupted or failed command leaves nothing half-written (OutputSet);
 * - outputs are checked before any computation: a folder that does not exist or cannot be written is a
 *   bad-input error naming the output, not the temporary file, before the runs start.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { formatErrors, LIMITS } from '../engine/core.ts';
import { describeFailure, readScenario, type Loaded } from './files.ts';
import type { Io } from './io.ts';

/** A failure with its exit code; the message (if any) is printed after "capsim: ". */
export class Exit extends Error {
  constructor(readonly code: 1 | 2 | 130, message = '') {
    super(message);
  }
}
export const usage = (message: string) => new Exit(2, message);
export const failure = (message: string) => new Exit(1, message);

/** A whole-number option parser with its bounds in the message. */
export const int = (name: string, min: number, max = Number.MAX_SAFE_INTEGER) => (v: string): number => {
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number >= ${min}`);
  if (n > max) throw new InvalidArgumentError(`${name} must be at most ${max.toLocaleString('en-GB')}`);
  return n;
};

export const quietOption = () => new Option('-q, --quiet', 'no progress on stderr');
export const forceOption = () => new Option('--force', 'overwrite existing outputs');
/**
 * Worker threads: at most this machine's cores (more only queue for the same cores and cost memory; results
 * are the same bytes for any number), so `--workers 300` runs on the cores there are.
 */
export const workersOption = () => new Option('--workers <w>', `worker threads (0 runs in this thread; at most this machine's ${availableParallelism()} cores)`)
  .argParser((v: string) => Math.min(int('--workers', 0)(v), availableParallelism())).default(availableParallelism());
export const runsOption = () => new Option('--runs <n>', `Monte Carlo runs (default: the scenario's runs; at most ${LIMITS.runs.toLocaleString('en-GB')})`).argParser(int('--runs', 1, LIMITS.runs));
export const seedOption = () => new Option('--seed <s>', 'random seed (default: the scenario\'s seed)').argParser(int('--seed', 0));

/** Read scenario files, printing each failure and warning; returns the good ones and the count of bad. */
export function loadAll(files: readonly string[], io: Io): { good: Extract<Loaded, { ok: true }>[]; bad: number } {
  const good: Extract<Loaded, { ok: true }>[] = [];
  let bad = 0;
  for (const f of files) {
    const l = readScenario(f);
    if (l.ok) {
      good.push(l);
      if (l.warnings.length) io.stderr(formatErrors(l.warnings).split('\n').map((w) => `capsim: ${l.file}: warning: ${w}`).join('\n') + '\n');
    } else {
      bad++;
      io.stderr(describeFailure(l).split('\n').map((line) => `capsim: ${line}`).join('\n') + '\n');
    }
  }
  return { good, bad };
}

/** Temporary files of every OutputSet not yet committed: removed on Ctrl-C (cli/main.ts). */
const live = new Set<OutputSet>();
export function abandonAllOutputs(): void {
  for (const o of [...live]) o.abandon();
}

/** The lock file a command keeps in an output folder while it writes there. */
export const FOLDER_LOCK = '.capsim.lock';
/** Output folders this process holds, by resolved path. */
const heldFolders = new Map<string, OutputSet>();
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The files one command writes: claimed before the work (refused if they exist, unless --force; their folder
 * must exist or be creatable, and be writable), written to temporary files as the work goes, and renamed into
 * place together by commit(). Until then nothing of them is visible; abandon() removes every trace.
 */
export class OutputSet {
  private readonly claimed = new Set<string>();
  private readonly temps = new Map<string, string>();
  private readonly madeDirs: string[] = [];
  private readonly locks: string[] = [];
  private static seq = 0;

  constructor(private readonly force: boolean | undefined) {
    live.add(this);
  }

  /** Claim a folder the outputs go in (created now if missing, removed again if the command does not commit). */
  folder(dir: string): void {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw usage(`--out ${dir} is a file, not a folder`);
    } else {
      const missing: string[] = [];
      for (let d = resolve(dir); !existsSync(d); d = dirname(d)) missing.unshift(d);
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw usage(`cannot create the output folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      this.madeDirs.push(...missing.reverse());
    }
    this.writable(dir, dir);
    this.lock(dir);
  }

  /**
   * Hold an output folder for this command (a lock file with its process id), so that two commands given the
   * same --out never leave a mixed set: the second is refused, naming the first. A lock left by a process that
   * no longer runs (killed) is taken over.
   */
  private lock(dir: string): void {
    const key = resolve(dir);
    const owner = heldFolders.get(key);
    if (owner === this) return;
    if (owner) throw usage(`another command is writing the output folder ${dir}; wait for it to finish, or use another --out`);
    const file = join(key, FOLDER_LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
        heldFolders.set(key, this);
        this.locks.push(key);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw usage(`cannot lock the output folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        let pid: number;
        try {
          pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
        } catch {
          continue; // released between the two calls: try again
        }
        if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) throw usage(`the output folder ${dir} is being written by another capsim (process ${pid}); wait for it to finish, or use another --out`);
        rmSync(file, { force: true });
      }
    }
    throw usage(`cannot lock the output folder ${dir}: another command took it at the same moment`);
  }

  private unlock(): void {
    for (const key of this.locks) {
      rmSync(join(key, FOLDER_LOCK), { force: true });
      heldFolders.delete(key);
    }
    this.locks.length = 0;
  }

  /** Claim output files: refused if any exists (without --force) or if its folder cannot be written. */
  claim(...files: string[]): void {
    const seen = new Map<string, string>();
    for (const f of files) {
      const key = resolve(f);
      if (seen.has(key) || this.claimed.has(key)) throw usage(`two outputs would both be written to ${f}; give the scenarios distinct file names`);
      seen.set(key, f);
    }
    if (!this.force) {
      const existing = files.filter((p) => existsSync(p));
      if (existing.length) throw usage(`will not overwrite ${existing.join(', ')} (use --force)`);
    }
    for (const f of files) {
      const dir = dirname(f);
      if (!existsSync(dir)) throw usage(`cannot write ${f}: the folder ${dir} does not exist`);
      this.writable(dir, f);
      this.claimed.add(resolve(f));
    }
  }

  private writable(dir: string, what: string): void {
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw usage(`cannot write ${what}: the folder ${dir} is not writable`);
    }
  }

  /** A temporary path beside `file` (same folder, so the rename is atomic), for a writer that makes the file itself. */
  tempFor(file: string): string {
    if (!this.claimed.has(resolve(file))) this.claim(file);
    const tmp = join(dirname(file), `.${basename(file)}.capsim-${process.pid}-${OutputSet.seq++}.tmp`);
    this.temps.set(resolve(file), tmp);
    return tmp;
  }

  write(file: string, content: string | Uint8Array): void {
    const tmp = this.tempFor(file);
    try {
      writeFileSync(tmp, content);
    } catch (e) {
      throw failure(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  /** Rename every output into place. */
  commit(): void {
    try {
      for (const [file, tmp] of this.temps) renameSync(tmp, file);
    } catch (e) {
      this.abandon();
      throw failure(`cannot write the outputs: ${(e as Error).message}`);
    }
    this.temps.clear();
    this.unlock();
    live.delete(this);
  }

  /** Remove every temporary file, and the folders this set created if they are empty. */
  abandon(): void {
    for (const tmp of this.temps.values()) rmSync(tmp, { force: true });
    this.temps.clear();
    this.unlock();
    for (const d of this.madeDirs) {
      try {
        if (readdirSync(d).length === 0) rmdirSync(d);
      } catch {
        // already gone
      }
    }
    this.madeDirs.length = 0;
    live.delete(this);
  }
}

/** Run `work` with an OutputSet: committed when it returns, abandoned when it throws. */
export async function withOutputs<T>(force: boolean | undefined, work: (out: OutputSet) => Promise<T> | T): Promise<T> {
  const out = new OutputSet(force);
  try {
    const r = await work(out);
    out.commit();
    return r;
  } catch (e) {
    out.abandon();
    throw e;
  }
}

/** Text to a file (through the set) or to standard output. */
export function emit(io: Io, out: OutputSet, file: string | undefined, text: string): void {
  if (file) out.write(file, text);
  else io.stdout(text);
}
