/**
 * A worker lane: one worker thread running a bundled entry of node/ through comlink, one job at a time, each
 * with a time limit. A job that overruns is abandoned and its worker replaced, so the lane never stays stuck.
 * The server validates and summarises saves in lanes, so no request waits on the event loop.
 */
import { Worker } from 'node:worker_threads';
import { wrap, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { workerSource } from './bundle.ts';

export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`stopped after ${ms} ms`);
  }
}

interface Waiting { cost: number; seq: number; start: () => void }

export class WorkerLane<Api> {
  private worker: { thread: Worker; api: Remote<Api> } | null = null;
  private busy = false;
  private readonly waiting: Waiting[] = [];
  private seq = 0;

  /** `entry` is a file of node/; jobs wait in order of their `cost` (shortest first), ties first come first served. */
  constructor(private readonly entry: string) {}

  private async api(): Promise<Remote<Api>> {
    if (!this.worker) {
      const thread = new Worker(await workerSource(this.entry), { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 96 } });
      // The lane does not keep the process alive by itself (the HTTP server does).
      thread.unref();
      this.worker = { thread, api: wrap<Api>(nodeEndpoint(thread)) };
    }
    return this.worker.api;
  }

  /** Start the worker now (bundle and boot), so that the first job does not wait for it. */
  async warm(): Promise<void> {
    await this.api();
  }

  /** Jobs queued or running. */
  get load(): number {
    return this.waiting.length + (this.busy ? 1 : 0);
  }

  run<T>(job: (api: Remote<Api>) => Promise<T>, { timeoutMs, cost = 0 }: { timeoutMs: number; cost?: number }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.busy = true;
        let timer: ReturnType<typeof setTimeout> | undefined;
        // The limit is the job's own: it starts once the worker is up (bundling and booting it can take
        // seconds on a loaded machine, and is not the request's doing).
        const work = this.api().then((api) => {
          const overrun = new Promise<never>((_, no) => {
            timer = setTimeout(() => no(new TimeoutError(timeoutMs)), timeoutMs);
          });
          return Promise.race([job(api), overrun]);
        });
        work.then(resolve, (e: unknown) => {
          if (e instanceof TimeoutError) void this.replace();
          reject(e);
        }).finally(() => {
          clearTimeout(timer);
          work.catch(() => undefined);
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
