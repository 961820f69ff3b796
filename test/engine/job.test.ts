// The one job runner (engine/job.ts, issue 30): every runtime's results come through it, the same bytes for
// any number or kind of workers; early results, progress and cancellation. Scenarios are the examples.
import { readFileSync } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { expose, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { describe, expect, it } from 'vitest';
import { compareScenarios, inThread, JobCancelled, jobBlocks, loadScenario, movingBlocks, runJob, runPartial, type JobWorker, type Scenario } from '../../engine/index.ts';
import { blockBuffers, type BlockResult } from '../../engine/internal.ts';
import { BASELINES } from '../../scenarios/baselines.ts';

const load = (name: string): Scenario => {
  const r = loadScenario(JSON.parse(readFileSync(new URL(`../../scenarios/examples/${name}.json`, import.meta.url), 'utf8')), BASELINES);
  if (!r.ok) throw new Error(r.errors[0]!.message);
  return { ...r.value, years: 3 };
};
const doNothing = load('do-nothing'), strategy = load('strategy');
const baseline = BASELINES.thurrock!;

describe('runJob', () => {
  it('gives the same bytes on one worker, on three, and as compareScenarios in this thread', async () => {
    const req = { scenarios: [doNothing, strategy], baseline, runs: 230, seed: 7 };
    const one = await runJob([inThread()], req);
    const three = await runJob([inThread(), inThread(), inThread()], req);
    const direct = compareScenarios([doNothing, strategy], baseline, { runs: 230, seed: 7 });
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
    expect(JSON.stringify(one)).toBe(JSON.stringify(direct));
    expect(one.results[0]!.runs).toBe(230);
  });

  it('reports each block once, and gives early results of the first blocks before the whole', async () => {
    const seen: number[] = [];
    const early: { runs: number; total: number; text: string }[] = [];
    const s = await runJob([inThread(), inThread()], {
      scenarios: [doNothing], baseline, runs: 400, seed: 3,
      onBlock: (n) => seen.push(n),
      early: { runs: 100, worker: inThread(), onResult: (r, runs) => early.push({ runs, total: r.results[0]!.runs, text: JSON.stringify(r.results[0]) }) },
    });
    expect(seen.reduce((a, n) => a + n, 0)).toBe(400);
    expect(seen).toHaveLength(jobBlocks(400).length);
    expect(early.map((e) => [e.runs, e.total])).toEqual([[100, 100]]);
    // The early summary is of the same first runs the whole job starts with, and left the job's own blocks whole.
    const first100 = await runJob([inThread()], { scenarios: [doNothing], baseline, runs: 100, seed: 3 });
    expect(early[0]!.text).toBe(JSON.stringify(first100.results[0]));
    expect(s.results[0]!.runs).toBe(400);
    expect(JSON.stringify(s)).toBe(JSON.stringify(await runJob([inThread()], { scenarios: [doNothing], baseline, runs: 400, seed: 3 })));
  });

  it('stops between blocks when cancelled, and releases every worker it prepared', async () => {
    const released: string[] = [];
    const spy = (w: JobWorker): JobWorker => ({ ...w, release: (job) => { released.push(job); return w.release(job); } });
    let blocks = 0;
    const job = runJob([spy(inThread()), spy(inThread())], { scenarios: [doNothing], baseline, runs: 1000, seed: 1, onBlock: () => blocks++, isCancelled: () => blocks >= 3 });
    await expect(job).rejects.toBeInstanceOf(JobCancelled);
    expect(blocks).toBeLessThan(jobBlocks(1000).length);
    expect(released).toHaveLength(2);
  });

  it('fails the job on a failed block, the other lanes stopping at their next block', async () => {
    let calls = 0;
    const failing = (w: JobWorker): JobWorker => ({ ...w, runBlock: async (...a) => { if (++calls === 2) throw new Error('block 2 failed'); return w.runBlock(...a); } });
    await expect(runJob([failing(inThread()), failing(inThread())], { scenarios: [doNothing], baseline, runs: 1000, seed: 1 })).rejects.toThrow('block 2 failed');
    expect(calls).toBeLessThan(jobBlocks(1000).length);
  });

  it('moves the blocks it hands a worker behind comlink to summarise (no second copy is kept), with the same bytes', async () => {
    const { port1, port2 } = new MessageChannel();
    expose(inThread(), nodeEndpoint(port1));
    const w = movingBlocks(wrap<JobWorker>(nodeEndpoint(port2)) as unknown as JobWorker);
    try {
      await w.prepare('moved', [strategy], baseline, 'year');
      const blocks: BlockResult[] = [];
      for (const b of jobBlocks(120)) blocks.push(await w.runBlock('moved', 5, b.firstRun, b.count, 120));
      const buffers = blocks.flatMap(blockBuffers);
      expect(buffers.length).toBeGreaterThan(0);
      expect(buffers.every((b) => b.byteLength > 0)).toBe(true);
      const moved = await w.summarise('moved', blocks, 5);
      expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
      const here = await runJob([inThread()], { scenarios: [strategy], baseline, runs: 120, seed: 5 });
      expect(JSON.stringify(moved)).toBe(JSON.stringify(here));
    } finally {
      port1.close();
      port2.close();
    }
  });

  it('merges a range of blocks as a shard does: two halves give the sums of the whole', async () => {
    const req = { scenarios: [doNothing], baseline, runs: 2000, seed: 9 };
    const whole = await runPartial([inThread()], req);
    const first = await runPartial([inThread()], { ...req, blocks: { from: 0, to: 20 } });
    const second = await runPartial([inThread()], { ...req, blocks: { from: 20, to: 40 } });
    expect(first.partials[0]!.count + second.partials[0]!.count).toBe(whole.partials[0]!.count);
  });
});
