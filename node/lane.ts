/**
 * A worker lane: one worker thread running a bundled entry of node/ through comlink, one job at a time, each
 * with a time limit. A job that overruns is abandoned and its worker replaced, so the lane never stays stuck;
 * with `retries`, it is tried again on the fresh worker first, so a loaded machine's slow moment is told apart
 * from a job that is costly in itself. A worker that dies (its heap limit reached) fails its job with a
 * WorkerExitError and is replaced. The server validates and summarises saves in lanes, so no request waits on
 * the event loop.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { workerSource } from './bundle.ts';

export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`stopped after ${ms} ms`);
  }
}

/** The worker died under the job (its heap limit reached, or it crashed). */
export class WorkerExitError extends Error {
  /** `heapMb`: the worker's heap limit, when it had one. */
  constructor(readonly exitCode: number, readonly why: string, readonly heapMb?: number) {
    super(`the worker stopped (${why})`);
  }
}

interface Waiting { cost: number; seq: number; start: () => void }

export class WorkerLane<Api> {
  private worker: { thread: Worker; api: Remote<Api>; died: Promise<never> } | null = null;
  private busy = false;
  private readonly waiting: Waiting[] = [];
  private seq = 0;

  /** `entry` is a file of node/; jobs wait in order of their `cost` (shortest first), ties first come first served. */
  constructor(private readonly entry: string, private readonly limits: ResourceLimits = { maxYoungGenerationSizeMb: 96 }) {}

  private async started(): Promise<{ api: Remote<Api>; died: Promise<never> }> {
    if (!this.worker) {
      const thread = new Worker(await workerSource(this.entry), { eval: true, resourceLimits: this.limits });
      // The lane does not keep the process alive by itself (the HTTP server does).
      thread.unref();
      let why = 'it exited';
      thread.on('error', (e) => { why = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory' : e.message; });
      const died = new Promise<never>((_, no) => thread.once('exit', (code) => no(new WorkerExitError(code, why, this.limits.maxOldGenerationSizeMb))));
      died.catch(() => undefined);
      const w = { thread, api: wrap<Api>(nodeEndpoint(thread)), died };
      // A dead worker is dropped, so the next job starts a fresh one.
      thread.once('exit', () => { if (this.worker === w) this.worker = null; });
      this.worker = w;
    }
    return this.worker;
  }

  /** Start the worker now (bundle and boot), so that the first job does not wait for it. */
  async warm(): Promise<void> {
    await this.started();
  }

  /** Jobs queued or running. */
  get load(): number {
    return this.waiting.length + (this.busy ? 1 : 0);
  }

  /** `retries`: tries again on a fresh worker after a time-out, before failing with it. */
  run<T>(job: (api: Remote<Api>) => Promise<T>, { timeoutMs, cost = 0, retries = 0 }: { timeoutMs: number; cost?: number; retries?: number }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = async (left: number): Promise<T> => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        // The limit is the job's own: it starts once the worker is up (bundling and booting it can take
        // seconds on a loaded machine, and is not the request's doing).
        const { api, died } = await this.started();
        const overrun = new Promise<never>((_, no) => {
          timer = setTimeout(() => no(new TimeoutError(timeoutMs)), timeoutMs);
        });
        try {
          return await Promise.race([job(api), overrun, died]);
        } catch (e) {
          if (!(e instanceof TimeoutError)) throw e;
          await this.replace();
          if (left > 0) return attempt(left - 1);
          throw e;
        } finally {
          clearTimeout(timer);
        }
      };
      const start = () => {
        this.busy = true;
        attempt(retries).then(resolve, reject).finally(() => {
          this.busy = false;
          this.next();
        });
      };
      this.waiting.push({ cost, seq: this.seq++, start });
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    if (this.busy || this.waiting.length === 0) return;
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      const a = this.waiting[i]!, b = this.waiting[best]!;
      if (a.cost < b.cost || (a.cost === b.cost && a.seq < b.seq)) best = i;
    }
    this.waiting.splice(best, 1)[0]!.start();
  }

  private async replace(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.thread.terminate();
  }

  async close(): Promise<void> {
    await this.replace();
  }
}
