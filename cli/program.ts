/**
 * The capsim command-line program as a factory: `runCli(argv, io)` parses, runs and returns the exit
 * code, so tests run it in-process; cli/bin.mjs is the two-line entry point.
 * Exit codes: 0 success, 1 a run failed, 2 invalid input or usage, 130 interrupted.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { attribution, LEVER_IDS, periodIndex, solve, type LeverId, type Mix, BLOCK_SIZE, comparisonOf, resultOf, buildPlan, formatErrors, LIMITS, METRICS, MODEL_VERSION, sensitivity, type Metric, type Comparison, type ScenarioResult, type Scenario, loadScenario } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';
import { describeFailure, expandInputs, readScenario, writeAtomic, type Loaded } from './files.ts';
import { addDbCommands, DbCommandError } from './db.ts';
import { COMPARE_HEADER, comparisonRows, comparisonTable, csvRow, LONG_HEADER, longRows, resultTable, SUMMARY_HEADER, summaryRow, textTable } from './format.ts';
import type { Io } from './io.ts';
import { makeRunner, type Runner } from '../node/pool.ts';
import { makeProgress } from './progress.ts';
import { batchHash, encodePartial, findShardFiles, groupBlocks, groupsOf, MergeError, mergeShards, parseShard, SHARD_SCHEMA, shardPairs, type ShardFile, type ShardItem, type ShardJob, type ShardSpec } from './shard.ts';
import { expandSweep, parseVary, type Vary } from './sweep.ts';

class Exit extends Error {
  constructor(readonly code: number, message = '') {
    super(message);
  }
}

const int = (name: string, min: number, max = Number.MAX_SAFE_INTEGER) => (v: string) => {
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number >= ${min}`);
  if (n > max) throw new InvalidArgumentError(`${name} must be at most ${max.toLocaleString('en-GB')} (the cap on runs; see README)`);
  return n;
};

interface RunOpts { runs?: number; seed?: number; workers: number; quiet?: boolean; monthly?: boolean }

/** Run one job (scenarios sharing a baseline, on common random numbers) and summarise it. */
async function runJob(runner: Runner, loaded: Extract<Loaded, { ok: true }>[], o: RunOpts, io: Io, onRuns: (n: number) => void) {
  const scenarios = loaded.map((l) => l.scenario);
  const first = scenarios[0]!;
  const baseline = BASELINES[first.baseline]!;
  const runs = o.runs ?? first.runs;
  const seed = o.seed ?? first.seed;
  const resolution = o.monthly ? 'month' : 'year';
  const merged = await runner.runJob(scenarios, baseline, { runs, seed, resolution, onBlock: onRuns, signal: io.signal });
  const plans = scenarios.map((s) => buildPlan(s, baseline, resolution));
  const results = scenarios.map((s, k) => resultOf(s, plans[k]!, merged.partials[k]!, seed));
  const comparisons = scenarios.slice(1).map((s, k) => comparisonOf(first, s, plans[k + 1]!, merged.diffs[k]!, seed));
  return { results, comparisons };
}

function loadAll(files: string[], io: Io): { good: Extract<Loaded, { ok: true }>[]; bad: number } {
  const good: Extract<Loaded, { ok: true }>[] = [];
  let bad = 0;
  for (const f of files) {
    const l = readScenario(f);
    if (l.ok) {
      good.push(l);
      if (l.warnings.length) io.stderr(formatErrors(l.warnings).split('\n').map((w) => `${l.file}: warning: ${w}`).join('\n') + '\n');
    } else {
      bad++;
      io.stderr(describeFailure(l) + '\n');
    }
  }
  return { good, bad };
}

function refuseExisting(paths: string[], force: boolean | undefined): void {
  if (force) return;
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length) throw new Exit(2, `will not overwrite ${existing.join(', ')} (use --force)`);
}

function commonOptions(c: Command): Command {
  return c
    .option('--runs <n>', `Monte Carlo runs (default: the scenario's runs; at most ${LIMITS.runs.toLocaleString('en-GB')})`, int('--runs', 1, LIMITS.runs))
    .option('--seed <s>', 'random seed (default: the scenario\'s seed)', int('--seed', 0))
    .option('--workers <w>', 'worker threads (0 runs in this thread)', int('--workers', 0), availableParallelism())
    .option('--monthly', 'report per month instead of per financial year')
    .option('-q, --quiet', 'no progress on stderr')
    .option('--force', 'overwrite existing outputs');
}

async function withRunner<T>(workers: number, f: (r: Runner) => Promise<T>): Promise<T> {
  const runner = makeRunner(workers);
  try {
    return await f(runner);
  } finally {
    await runner.close();
  }
}

export function makeProgram(io: Io): Command {
  const program = new Command('capsim')
    .description('Workforce and capacity scenarios for NHS primary care (capsim model v2)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run capsim --help for usage)')
    .addHelpText('after', `
Examples:
  capsim run scenarios/examples/strategy.json --format table
  capsim batch scenarios/examples --out out --runs 1000
  capsim compare scenarios/examples/do-nothing.json scenarios/examples/strategy.json
  capsim sweep scenarios/examples/hire-pharmacists.json --vary 'interventions[0].ftePerYear=0..12:4'
  capsim validate scenarios/examples/*.json`);

  commonOptions(program.command('run'))
    .description('run scenarios and print or write their results')
    .argument('<scenario...>', 'scenario files')
    .addOption(new Option('--format <f>', 'output format').choices(['json', 'csv', 'table']).default('json'))
    .option('--out <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExamples:\n  capsim run scenarios/examples/do-nothing.json --format table\n  capsim run scenarios/examples/strategy.json --runs 200 --format csv --out strategy.csv')
    .action(async (files: string[], o: RunOpts & { format: string; out?: string; force?: boolean }) => {
      const { good, bad } = loadAll(files, io);
      if (bad) throw new Exit(2);
      if (o.out) refuseExisting([o.out], o.force);
      const progress = makeProgress(io, o.quiet ?? !o.out);
      const results: ScenarioResult[] = [];
      await withRunner(o.workers, async (runner) => {
        progress.start(good.reduce((a, l) => a + (o.runs ?? l.scenario.runs), 0), good.length);
        for (const l of good) {
          results.push((await runJob(runner, [l], o, io, (n) => progress.runs(n))).results[0]!);
          progress.scenarioDone();
        }
        progress.stop();
      });
      let text: string;
      if (o.format === 'json') text = JSON.stringify(results.length === 1 ? results[0] : results, null, 1) + '\n';
      else if (o.format === 'csv') text = csvRow(LONG_HEADER) + results.map((r, i) => longRows(good[i]!.id, r)).join('');
      else text = results.map(resultTable).join('\n');
      if (o.out) writeAtomic(o.out, text);
      else io.stdout(text);
    });

  commonOptions(program.command('batch'))
    .description('run every scenario in files or folders; write results and a board summary')
    .argument('<inputs...>', 'scenario files or folders of them')
    .option('--out <dir>', 'output folder', 'capsim-out')
    .addOption(new Option('--format <f>', 'results format').choices(['csv', 'json']).default('csv'))
    .option('--shard <i/n>', 'run only shard i of n and write DIR/shard-i-of-n.json (combine with capsim merge)', parseShard)
    .addHelpText('after', '\nWrites DIR/results.csv (long format) or DIR/<scenario>.json, and DIR/summary.csv.\n\nExamples:\n  capsim batch scenarios/examples --out out --runs 500 --workers 2\n  capsim batch scenarios/examples --shard 2/3 --out parts   # then: capsim merge parts --out out (docs/scale.md)')
    .action(async (inputs: string[], o: RunOpts & { out: string; format: string; force?: boolean; shard?: ShardSpec }) => {
      const { good, bad } = loadAll(expandInputs(inputs), io);
      if (!good.length) throw new Exit(2, 'no valid scenarios to run');
      const jobs = good.map((l) => ({ id: l.id, jobs: [l], extra: [] }));
      const out: Outputs = { dir: o.out, format: o.format, header: [], command: 'batch', shard: o.shard };
      refuseExisting(outputFiles(jobs, out), o.force);
      mkdirSync(o.out, { recursive: true });
      const failed = await runMany(jobs, o, io, out);
      if (bad || failed) throw new Exit(bad ? 2 : 1, `${bad + failed} scenario(s) failed`);
    });

  commonOptions(program.command('compare'))
    .description('compare scenarios with the first, run by run on common random numbers')
    .argument('<baseline>', 'the scenario to compare against')
    .argument('<scenarios...>', 'scenarios to compare')
    .addOption(new Option('--format <f>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--out <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExample:\n  capsim compare scenarios/examples/do-nothing.json scenarios/examples/strategy.json --runs 1000')
    .action(async (base: string, files: string[], o: RunOpts & { format: string; out?: string; force?: boolean }) => {
      const { good, bad } = loadAll([base, ...files], io);
      if (bad) throw new Exit(2);
      const baselines = new Set(good.map((l) => l.scenario.baseline));
      if (baselines.size > 1) throw new Exit(2, `compare needs scenarios on one baseline (got ${[...baselines].join(', ')})`);
      if (o.out) refuseExisting([o.out], o.force);
      const progress = makeProgress(io, o.quiet ?? false);
      const runs = o.runs ?? good[0]!.scenario.runs;
      progress.start(runs * good.length, good.length);
      const { comparisons } = await withRunner(o.workers, (r) => runJob(r, good, { ...o, runs }, io, (n) => progress.runs(n * good.length)));
      progress.stop();
      const text = o.format === 'json' ? JSON.stringify(comparisons, null, 1) + '\n'
        : o.format === 'csv' ? csvRow(COMPARE_HEADER) + comparisons.map(comparisonRows).join('')
        : comparisons.map((c: Comparison) => comparisonTable(c)).join('\n');
      if (o.out) writeAtomic(o.out, text);
      else io.stdout(text);
    });

  commonOptions(program.command('sweep'))
    .description('run the grid of all combinations of varied values')
    .argument('<scenario>', 'the scenario to vary')
    .requiredOption('--vary <spec>', "PATH=a..b:step or PATH=v1,v2 (repeatable)", (v: string, prev: Vary[] = []) => [...prev, parseVary(v)], [] as Vary[])
    .option('--max <n>', 'refuse grids larger than this unless --force', int('--max', 1), 200)
    .option('--out <dir>', 'output folder', 'capsim-sweep')
    .addOption(new Option('--format <f>', 'results format').choices(['csv', 'json']).default('csv'))
    .option('--shard <i/n>', 'run only shard i of n and write DIR/shard-i-of-n.json (combine with capsim merge)', parseShard)
    .addHelpText('after', "\nExample:\n  capsim sweep scenarios/examples/strategy.json --vary 'interventions[2].ftePerYear=0..8:2' --vary 'parameters.demand.trend=0.01,0.02'")
    .action(async (file: string, o: RunOpts & { vary: Vary[]; max: number; out: string; format: string; force?: boolean; shard?: ShardSpec }) => {
      const base = readScenario(file);
      if (!base.ok) throw new Exit(2, describeFailure(base));
      const grid = expandSweep(o.vary);
      io.stderr(`sweep: ${grid.length} combination(s) of ${o.vary.map((v) => `${v.path} (${v.values.length})`).join(' x ')}\n`);
      if (grid.length > o.max && !o.force) throw new Exit(2, `the grid has ${grid.length} combinations, more than --max ${o.max} (use --force to run it)`);
      const jobs: Job[] = [];
      let invalid = 0;
      grid.forEach((combo, i) => {
        const raw = structuredClone(base.scenario) as Record<string, unknown>;
        combo.forEach((value, k) => o.vary[k]!.set(raw, value));
        const r = loadScenario(raw, BASELINES);
        const id = `${base.id}-${String(i + 1).padStart(String(grid.length).length, '0')}`;
        if (!r.ok) {
          invalid++;
          io.stderr(describeFailure({ ok: false, file: `${file} [${o.vary.map((v, k) => `${v.path}=${JSON.stringify(combo[k])}`).join(', ')}]`, errors: r.errors }) + '\n');
        } else jobs.push({ id, jobs: [{ ok: true, file, id, scenario: r.value as Scenario, warnings: r.warnings ?? [] }], extra: combo.map((v) => (typeof v === 'number' ? v : JSON.stringify(v))) });
      });
      const out: Outputs = { dir: o.out, format: o.format, header: o.vary.map((v) => v.path), command: 'sweep', shard: o.shard };
      refuseExisting(outputFiles(jobs, out), o.force);
      mkdirSync(o.out, { recursive: true });
      const failed = await runMany(jobs, o, io, out);
      if (invalid || failed) throw new Exit(invalid ? 2 : 1, `${invalid + failed} combination(s) failed`);
    });

  const analysisOptions = (c: Command) => c
    .argument('<scenario>', 'scenario file')
    .addOption(new Option('--metric <m>', 'the final-year outcome to explain').choices([...METRICS]).default('gpFteGap'))
    .option('--locality <id>', 'one locality instead of the whole area')
    .addOption(new Option('--format <f>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--force', 'overwrite an existing output');
  const analysisInput = (file: string, o: { locality?: string; out?: string; force?: boolean }) => {
    const l = readScenario(file);
    if (!l.ok) throw new Exit(2, describeFailure(l));
    const baseline = BASELINES[l.scenario.baseline]!;
    if (o.locality && !baseline.localities.some((x) => x.id === o.locality)) throw new Exit(2, `--locality: unknown locality "${o.locality}" in ${baseline.id} (known: ${baseline.localities.map((x) => x.id).join(', ')})`);
    if (o.out) refuseExisting([o.out], o.force);
    return { l, baseline };
  };
  const emit = (text: string, out?: string) => (out ? writeAtomic(out, text) : io.stdout(text));

  analysisOptions(program.command('sensitivity'))
    .description('which assumptions matter: a tornado of every uncertain input (p10 to p90), then Sobol indices of the top ones')
    .option('--top <n>', 'inputs given Sobol indices', int('--top', 0, 12), 5)
    .option('--samples <n>', 'Saltelli base samples N (N x (top + 2) runs)', int('--samples', 8, 65536), 256)
    .addHelpText('after', '\nEach evaluation is the deterministic run (likely values), so the answer does not move with Monte Carlo noise.\n\nExample:\n  capsim sensitivity scenarios/examples/strategy.json --metric accessFailure --top 4')
    .action((file: string, o: { metric: Metric; locality?: string; top: number; samples: number; format: string; out?: string; force?: boolean }) => {
      const { l, baseline } = analysisInput(file, o);
      const r = sensitivity(l.scenario, baseline, { metric: o.metric, locality: o.locality }, { top: o.top, samples: o.samples });
      if (o.format === 'json') return emit(JSON.stringify(r, null, 1) + '\n', o.out);
      if (o.format === 'csv') {
        return emit(csvRow(['kind', 'input', 'label', 'input_p10', 'input_p90', 'outcome_at_p10', 'outcome_at_p90', 'swing', 'sobol_first', 'sobol_total'])
          + r.tornado.map((b) => {
            const so = r.sobol.find((x) => x.path === b.path);
            return csvRow(['input', b.path, b.label, b.inputLow, b.inputHigh, b.low, b.high, b.swing, so?.first ?? '', so?.total ?? '']);
          }).join(''), o.out);
      }
      const f = figure;
      emit(`${l.scenario.name}: ${o.metric} in the final year${o.locality ? ` (${o.locality})` : ''}, likely values ${f(r.base)}\n\n`
        + textTable(['input (p10 -> p90)', `${o.metric} at p10`, 'at p90', 'swing'], r.tornado.map((b) => [`${b.label} (${f(b.inputLow)} -> ${f(b.inputHigh)})`, f(b.low), f(b.high), f(b.swing)]))
        + (r.sobol.length ? `\nSobol indices of the top ${r.sobol.length} (N = ${r.samples}, ${r.evaluations.toLocaleString('en-GB')} runs in all)\n\n`
          + textTable(['input', 'first order', 'total'], r.sobol.map((x) => [x.label, x.first.toFixed(2), x.total.toFixed(2)])) : ''), o.out);
    });

  analysisOptions(program.command('explain'))
    .description('what each intervention contributes: a waterfall from doing nothing to the scenario (Shapley values)')
    .option('--permutations <n>', 'orders sampled when there are more than 8 interventions', int('--permutations', 2, 100000), 64)
    .addHelpText('after', '\nThe steps are order-independent (Shapley values over the interventions, exact up to 8) and add up to the\ndifference from doing nothing. Each evaluation is the deterministic run.\n\nExample:\n  capsim explain scenarios/examples/strategy.json --metric gpFteGap')
    .action((file: string, o: { metric: Metric; locality?: string; permutations: number; format: string; out?: string; force?: boolean }) => {
      const { l, baseline } = analysisInput(file, o);
      const w = attribution(l.scenario, baseline, { metric: o.metric, locality: o.locality }, { permutations: o.permutations });
      if (o.format === 'json') return emit(JSON.stringify(w, null, 1) + '\n', o.out);
      if (o.format === 'csv') {
        return emit(csvRow(['step', 'label', 'value']) + csvRow(['start', 'Do nothing', w.doNothing]) + w.steps.map((x) => csvRow([x.index + 1, x.label, x.value])).join('') + csvRow(['end', l.scenario.name, w.scenario]), o.out);
      }
      const f = figure;
      emit(`${l.scenario.name}: ${o.metric} in the final year${o.locality ? ` (${o.locality})` : ''}, ${w.exact ? 'exact Shapley values' : `Shapley values over ${o.permutations} sampled orders`}\n\n`
        + textTable(['step', o.metric], [['Do nothing', f(w.doNothing)], ...w.steps.map((x) => [`${x.index + 1}. ${x.label}`, f(x.value, true)]), [l.scenario.name, f(w.scenario)]]), o.out);
    });

  program.command('solve')
    .description('what would it take: the least-cost mix of levers that brings the chance the gap is closed to a target')
    .argument('<scenario>', 'scenario file (the mix is added to it)')
    .requiredOption('--target <p>', 'chance the gap is closed to reach, 0-1', (v: string) => {
      const x = Number(v);
      if (!(x > 0 && x <= 1)) throw new InvalidArgumentError('--target must be a share above 0 and at most 1, such as 0.8');
      return x;
    })
    .requiredOption('--year <yyyy/yy>', 'the financial year to reach it in, such as 2020/21')
    .option('--locality <id>', 'close the gap in one locality instead of the whole area')
    .option('--from <yyyy-mm>', 'month the levers start (default 12 months after the scenario\'s start: a decision takes time to act on)')
    .option('--net-ae', 'count the A&E cost saved against the budget (default: the budget is primary-care cost only)')
    .option('--budget <pounds>', 'most extra primary-care cost, cumulative to the target year', (v: string) => {
      const x = Number(v.replace(/[£,_]/g, ''));
      if (!(x >= 0)) throw new InvalidArgumentError('--budget must be a number of pounds >= 0');
      return x;
    })
    .option('--max <lever=n,...>', `supply limits a year, such as gp=2,pharmacist=3 (levers: ${LEVER_IDS.join(', ')}; 0 leaves one out; by default GPs and new roles at supply.gpPer100kPerYear and supply.rolePer100kPerYear of the population)`, (v: string) => {
      const out: Mix = {};
      for (const part of v.split(',')) {
        const [k, n] = part.split('=');
        if (!LEVER_IDS.includes(k as LeverId) || !(Number(n) >= 0)) throw new InvalidArgumentError(`--max: "${part}" must be LEVER=N with LEVER one of ${LEVER_IDS.join(', ')}`);
        out[k as LeverId] = Number(n);
      }
      return out;
    })
    .option('--fill-rate <share>', 'share of advertised posts filled (GP recruitment and new roles)', (v: string) => {
      const x = Number(v);
      if (!(x > 0 && x <= 1)) throw new InvalidArgumentError('--fill-rate must be a share above 0 and at most 1');
      return x;
    })
    .option('--runs <n>', 'Monte Carlo runs per candidate (the best three are confirmed with 400)', int('--runs', 8, 10000), 64)
    .option('--workers <w>', 'worker threads for each candidate\'s runs (0 runs in this thread)', int('--workers', 0), availableParallelism())
    .addOption(new Option('--format <f>', 'output format').choices(['table', 'json']).default('table'))
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--write <file>', 'write the scenario with the best mix added as interventions')
    .option('--force', 'overwrite existing outputs')
    .option('-q, --quiet', 'no progress on stderr')
    .addHelpText('after', '\nEvery candidate runs on common random numbers (the scenario\'s seed), merged in one order, so the answer does not depend on --workers.\n\nExample:\n  capsim solve scenarios/examples/do-nothing.json --target 0.8 --year 2020/21 --max gp=2 --write more.json')
    .action(async (file: string, o: { target: number; year: string; from?: string; netAe?: boolean; locality?: string; budget?: number; max?: Mix; fillRate?: number; runs: number; workers: number; format: string; out?: string; write?: string; force?: boolean; quiet?: boolean }) => {
      const { l, baseline } = analysisInput(file, o);
      if (o.write) refuseExisting([o.write], o.force);
      try {
        periodIndex(l.scenario, o.year);
        if (o.from !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.from)) throw new Error(`--from must be a month written "YYYY-MM" (got "${o.from}")`);
      } catch (e) {
        throw new Exit(2, `--year/--from: ${(e as Error).message}`);
      }
      const r = await withRunner(o.workers, (runner) => solve(l.scenario, baseline, {
        target: o.target, period: o.year, from: o.from, netAe: o.netAe, locality: o.locality, budget: o.budget, limits: o.max, fillRate: o.fillRate, runs: o.runs,
        onProgress: (n) => { if (!o.quiet && n % 10 === 0) io.stderr(`solve: ${n} candidates run\n`); },
      }, async (scenario, b, runs, seed) => {
        const merged = await runner.runJob([scenario], b, { runs, seed, signal: io.signal });
        return resultOf(scenario, buildPlan(scenario, b), merged.partials[0]!, seed);
      }));
      if (o.write && r.feasible) {
        const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        writeAtomic(o.write, JSON.stringify({ ...raw, name: `${String(raw.name)} + what it takes`, interventions: [...((raw.interventions as unknown[]) ?? []), ...r.interventions] }, null, 2) + '\n');
      }
      if (o.format === 'json') return emit(JSON.stringify(r, null, 1) + '\n', o.out);
      const money = (x: number) => `£${(x / 1e6).toFixed(1)}m`;
      const lines = [`${l.scenario.name}: chance the gap is closed in ${o.year}${o.locality ? ` (${o.locality})` : ''} is ${Math.round(r.start.probGapClosed * 100)}% (mean gap ${r.start.gpFteGap.toFixed(1)} GP FTE); target ${Math.round(o.target * 100)}%${o.budget !== undefined ? `, budget ${money(o.budget)}` : ''}.`,
        `Levers from ${r.from}; most a year: ${LEVER_IDS.filter((k) => r.limits[k] > 0).map((k) => `${k} ${r.limits[k]}`).join(', ')}. Costs are ${r.netAe ? 'primary care net of A&E savings' : 'primary-care cost (A&E savings not counted)'}.`, ''];
      if (!r.mixes.length) {
        lines.push('No mix within the limits and budget reaches the target.');
        if (r.closest) lines.push(`Closest: ${r.closest.description.join(' + ') || 'nothing added'}: ${Math.round(r.closest.probGapClosed * 100)}%, mean gap ${r.closest.gpFteGap.toFixed(1)}, extra cost ${money(r.closest.extraCost)}.`);
      }
      let reached = 0;
      for (const m of r.mixes) {
        const ok = m.probGapClosed >= o.target;
        lines.push(`${ok ? (reached++ === 0 ? 'Best' : `Runner-up ${reached - 1}`) : 'Below the target once confirmed'}: ${money(m.extraCost)} extra to ${o.year}, chance ${Math.round(m.probGapClosed * 100)}% over ${m.runs} runs, mean gap ${m.gpFteGap.toFixed(1)}`);
        for (const d of m.description) lines.push(`  - ${d}`);
      }
      lines.push('', `${r.evaluations} candidate runs of ${o.runs} Monte Carlo runs each (${r.mixes.length ? 'best three confirmed with 400' : 'closest confirmed with 400'}).${o.write && r.feasible ? ` Scenario with the best mix: ${o.write}` : ''}`);
      emit(lines.join('\n') + '\n', o.out);
    });

  program.command('merge')
    .description('combine the shard files of a batch or sweep run with --shard i/n into its outputs')
    .argument('<inputs...>', 'shard files, or folders holding shard-*-of-*.json')
    .option('--out <dir>', 'output folder', 'capsim-out')
    .option('--force', 'overwrite existing outputs')
    .addHelpText('after', '\nThe outputs are byte for byte those of one machine running the whole batch (docs/scale.md).\n\nExample:\n  capsim merge parts/ --out out')
    .action((inputs: string[], o: { out: string; force?: boolean }) => {
      let merged: ReturnType<typeof mergeShards>;
      try {
        merged = mergeShards(findShardFiles(inputs));
      } catch (e) {
        if (e instanceof MergeError) throw new Exit(2, e.message);
        throw e;
      }
      const { shard, results, errors } = merged;
      const out: Outputs = { dir: o.out, format: shard.format, header: shard.header, command: shard.command };
      const jobs = shard.jobs.map((j) => ({ id: j.id, extra: j.extra, jobs: [] }));
      refuseExisting(outputFiles(jobs, out), o.force);
      mkdirSync(o.out, { recursive: true });
      if (shard.format === 'json') results.forEach((r, i) => r && writeAtomic(join(o.out, `${jobs[i]!.id}.json`), JSON.stringify(r, null, 1) + '\n'));
      writeResults(jobs, results, out);
      for (const e of errors) io.stderr(e + '\n');
      io.stderr(`merged ${shard.shard.count} shard(s): ${results.filter(Boolean).length} scenario(s) -> ${o.out}\n`);
      if (errors.length) throw new Exit(1, `${errors.length} scenario(s) failed`);
    });

  addDbCommands(program, io);

  program.command('validate')
    .description('check scenario files without running them')
    .argument('<inputs...>', 'scenario files or folders')
    .addHelpText('after', '\nExample:\n  capsim validate scenarios/examples')
    .action((inputs: string[]) => {
      const files = expandInputs(inputs);
      const { good, bad } = loadAll(files, io);
      for (const l of good) io.stdout(`${l.file}: ok (${l.scenario.name}; baseline ${l.scenario.baseline}, ${l.scenario.interventions.length} intervention(s))\n`);
      if (bad) throw new Exit(2, `${bad} of ${files.length} file(s) invalid`);
    });
  return program;
}

type Job = { id: string; jobs: Extract<Loaded, { ok: true }>[]; extra: (string | number)[] };
type Outputs = { dir: string; format: string; header: string[]; command: 'batch' | 'sweep'; shard?: ShardSpec };

/** The files a batch or sweep writes into its folder (or, as a shard, its partial file). */
/** A figure for the analysis tables: three significant figures, whole numbers from 1,000; `sign` shows "+". */
function figure(x: number, sign = false): string {
  const text = Math.abs(x) < 1e-9 ? '0' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-GB') : String(Number(x.toPrecision(3)));
  return sign && x >= 0 ? `+${text}` : text;
}

function outputFiles(jobs: Job[], out: Outputs): string[] {
  if (out.shard) return [join(out.dir, `shard-${out.shard.index}-of-${out.shard.count}.json`)];
  return [join(out.dir, 'summary.csv'), ...(out.format === 'csv' ? [join(out.dir, 'results.csv')] : jobs.map((j) => join(out.dir, `${j.id}.json`)))];
}

/** Run the jobs (or a shard's share of them) and write the outputs; returns the number that failed. */
async function runMany(jobs: Job[], o: RunOpts, io: Io, out: Outputs): Promise<number> {
  const shardJobs: ShardJob[] = jobs.map((j) => {
    const s = j.jobs[0]!.scenario;
    return { id: j.id, file: j.jobs[0]!.file, extra: j.extra, runs: o.runs ?? s.runs, seed: o.seed ?? s.seed, monthly: Boolean(o.monthly), scenario: s };
  });
  // Whole jobs, and (in a shard) single groups of jobs split between shards.
  const whole = new Set<number>(), parts: { job: number; group: number }[] = [];
  if (out.shard) {
    const pairs = shardPairs(shardJobs, out.shard);
    const held = new Map<number, number>();
    for (const p of pairs) held.set(p.job, (held.get(p.job) ?? 0) + 1);
    for (const p of pairs) {
      if (held.get(p.job) === groupsOf(shardJobs[p.job]!.runs)) whole.add(p.job);
      else parts.push(p);
    }
  } else jobs.forEach((_, i) => whole.add(i));
  const progress = makeProgress(io, o.quiet ?? false);
  const results: (ScenarioResult | null)[] = new Array(jobs.length).fill(null);
  const items: ShardItem[] = [];
  let failed = 0;
  const fail = (i: number, e: unknown) => {
    if (io.signal?.aborted) throw e;
    failed++;
    items.push({ job: i, error: (e as Error).message });
    io.stderr(`${jobs[i]!.jobs[0]!.file}: run failed: ${(e as Error).message}\n`);
  };
  const wholeList = [...whole];
  await withRunner(o.workers, async (runner) => {
    progress.start(wholeList.reduce((a, i) => a + shardJobs[i]!.runs, 0) + parts.reduce((a, p) => {
      const b = groupBlocks(shardJobs[p.job]!.runs, p.group);
      return a + Math.min(shardJobs[p.job]!.runs, b.to * BLOCK_SIZE) - b.from * BLOCK_SIZE;
    }, 0), wholeList.length + parts.length);
    // With more jobs than workers, each worker runs whole jobs (summaries included), so the main thread
    // only writes; otherwise the blocks of each job are spread over all workers. Same bytes either way.
    const inWorkers = wholeList.length >= runner.size * 2;
    let next = 0;
    const lane = async (laneIndex: number) => {
      while (next < wholeList.length) {
        if (io.signal?.aborted) throw new Error('aborted');
        const i = wholeList[next++]!;
        const j = jobs[i]!, sj = shardJobs[i]!;
        try {
          if (inWorkers) {
            results[i] = (await runner.runWhole(laneIndex, [sj.scenario], BASELINES[sj.scenario.baseline]!,
              { runs: sj.runs, seed: sj.seed, resolution: o.monthly ? 'month' : 'year', onBlock: (n) => progress.runs(n) })).results[0]!;
          } else results[i] = (await runJob(runner, j.jobs, o, io, (n) => progress.runs(n))).results[0]!;
          if (!out.shard && out.format === 'json') writeAtomic(join(out.dir, `${j.id}.json`), JSON.stringify(results[i], null, 1) + '\n');
          if (out.shard) items.push({ job: i, result: results[i]! });
        } catch (e) {
          fail(i, e);
        }
        progress.scenarioDone();
      }
    };
    await Promise.all(Array.from({ length: inWorkers ? runner.size : Math.max(1, o.workers) + 1 }, (_, k) => lane(k)));
    for (const p of parts) {
      const sj = shardJobs[p.job]!;
      try {
        const b = await runner.runJob([sj.scenario], BASELINES[sj.scenario.baseline]!, {
          runs: sj.runs, seed: sj.seed, resolution: o.monthly ? 'month' : 'year', blocks: groupBlocks(sj.runs, p.group), onBlock: (n) => progress.runs(n), signal: io.signal,
        });
        items.push({ job: p.job, group: p.group, partial: encodePartial(b.partials[0]!) });
      } catch (e) {
        fail(p.job, e);
      }
      progress.scenarioDone();
    }
    progress.stop();
  });
  if (out.shard) {
    items.sort((a, b) => a.job - b.job || ('group' in a ? a.group : -1) - ('group' in b ? b.group : -1));
    const file: ShardFile = {
      schema: SHARD_SCHEMA, model: MODEL_VERSION, batch: batchHash(out.command, out.format, out.header, shardJobs),
      command: out.command, format: out.format, header: out.header, shard: out.shard, jobs: shardJobs, items,
    };
    writeAtomic(outputFiles(jobs, out)[0]!, JSON.stringify(file) + '\n');
    io.stderr(`shard ${out.shard.index} of ${out.shard.count}: ${wholeList.length} whole scenario(s), ${parts.length} part(s) of split ones -> ${outputFiles(jobs, out)[0]}\n`);
  } else writeResults(jobs.map((j) => ({ id: j.id, extra: j.extra })), results, out);
  return failed;
}

/** results.csv (or one JSON per scenario, already written) and summary.csv, in job order. */
function writeResults(jobs: { id: string; extra: (string | number)[] }[], results: (ScenarioResult | null)[], out: Outputs): void {
  let long = csvRow([...out.header, ...LONG_HEADER]);
  let summary = csvRow([...out.header, ...SUMMARY_HEADER]);
  results.forEach((r, i) => {
    if (!r) return;
    summary += summaryRow(jobs[i]!.id, r, jobs[i]!.extra);
    if (out.format === 'csv') long += longRows(jobs[i]!.id, r, jobs[i]!.extra);
  });
  if (out.format === 'csv') writeAtomic(join(out.dir, 'results.csv'), long);
  writeAtomic(join(out.dir, 'summary.csv'), summary);
}

/** Parse and run; returns the exit code. */
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
      io.stderr('interrupted: no partial output was written\n');
      return 130;
    }
    if (e instanceof Exit) {
      if (e.message) io.stderr(`capsim: ${e.message}\n`);
      return e.code;
    }
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof DbCommandError) {
      io.stderr(`capsim: ${e.message}\n`);
      return 2;
    }
    // A run that fails says why in one line; CAPSIM_DEBUG=1 adds the stack.
    io.stderr(`capsim: ${process.env.CAPSIM_DEBUG ? ((e as Error).stack ?? String(e)) : ((e as Error).message ?? String(e))}\n`);
    return 1;
  }
}
