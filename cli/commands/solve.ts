/** `capsim solve`: the least-cost mix of levers that brings the chance the gap is closed to a target. */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { LEVER_IDS, limitsInWords, MODEL_VERSION, periodIndex, solve, type LeverId, type Mix } from '../../engine/core.ts';
import { makeRunner } from '../../node/pool.ts';
import type { Io } from '../io.ts';
import { emit, forceOption, int, quietOption, usage, withOutputs, workersOption } from '../policy.ts';
import { makeCounter } from '../progress.ts';
import { analysisInput } from './analysis.ts';

export const SOLVE_SCHEMA = 'capsim/solve@1';

const share = (name: string) => (v: string) => {
  const x = Number(v);
  if (!(x > 0 && x <= 1)) throw new InvalidArgumentError(`${name} must be a share above 0 and at most 1, such as 0.8`);
  return x;
};

function parseMax(v: string): Mix {
  const out: Mix = {};
  for (const part of v.split(',')) {
    const [k, n] = part.split('=');
    if (!LEVER_IDS.includes(k as LeverId) || !(Number(n) >= 0)) throw new InvalidArgumentError(`--max: "${part}" must be LEVER=N with LEVER one of ${LEVER_IDS.join(', ')}`);
    out[k as LeverId] = Number(n);
  }
  return out;
}

export function solveCommand(io: Io) {
  return new Command('solve')
    .description('what would it take: the least-cost mix of levers that brings the chance the gap is closed to a target')
    .argument('<scenario>', 'scenario file (the mix is added to it)')
    .requiredOption('--target <p>', 'chance the gap is closed to reach, 0-1', share('--target'))
    .requiredOption('--year <yyyy/yy>', 'the financial year to reach it in, such as 2020/21')
    .option('--locality <id>', 'close the gap in one locality instead of the whole area')
    .option('--from <yyyy-mm>', 'month the levers start (default 12 months after the scenario\'s start: a decision takes time to act on)')
    .option('--net-ae', 'count the A&E cost saved against the budget (default: the budget is primary-care cost only)')
    .option('--budget <pounds>', 'most extra primary-care cost, cumulative to the target year', (v: string) => {
      const x = Number(v.replace(/[£,_]/g, ''));
      if (!(x >= 0)) throw new InvalidArgumentError('--budget must be a number of pounds >= 0');
      return x;
    })
    .option('--max <lever=n,...>', `supply limits a year, such as gp=2,pharmacist=3 (levers: ${LEVER_IDS.join(', ')}; 0 leaves one out; by default GPs and new roles at supply.gpPer100kPerYear and supply.rolePer100kPerYear of the population)`, parseMax)
    .option('--fill-rate <share>', 'share of advertised posts filled (GP recruitment and new roles)', share('--fill-rate'))
    .option('--candidate-runs <n>', 'Monte Carlo runs of each candidate mix (the best three are then confirmed with 400)', int('--candidate-runs', 8, 10000), 64)
    // Before, --runs meant runs per candidate, unlike every other command's --runs: refused with the new name.
    .addOption(new Option('--runs <n>').hideHelp().argParser((): number => { throw new InvalidArgumentError('solve counts runs per candidate mix: use --candidate-runs'); }))
    .addOption(workersOption())
    .addOption(new Option('--format <f>', 'output format').choices(['table', 'json'] as const).default('table' as const))
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--write <file>', 'write the scenario with the best mix added as interventions')
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', '\nEvery candidate runs on common random numbers (the scenario\'s seed), merged in one order, so the answer does not depend on --workers.\n\nExample:\n  capsim solve scenarios/examples/do-nothing.json --target 0.8 --year 2020/21 --max gp=2 --write more.json')
    .action(async (file, o) => {
      const { l, baseline } = analysisInput(file, o);
      try {
        periodIndex(l.scenario, o.year);
        if (o.from !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.from)) throw new Error(`--from must be a month written "YYYY-MM" (got "${o.from}")`);
      } catch (e) {
        throw usage(`--year/--from: ${(e as Error).message}`);
      }
      await withOutputs(o.force, async (out) => {
        if (o.out) out.claim(o.out);
        if (o.write) out.claim(o.write);
        const counter = makeCounter(io, o.quiet ?? false, 'candidate mixes run');
        const runner = makeRunner(o.workers);
        let r;
        try {
          r = await solve(l.scenario, baseline, {
            target: o.target, period: o.year, from: o.from, netAe: o.netAe, locality: o.locality, budget: o.budget, limits: o.max, fillRate: o.fillRate, runs: o.candidateRuns,
            onProgress: (n) => counter.set(n),
          }, async (scenario, b, runs, seed) => {
            return (await runner.run([scenario], b, { runs, seed, signal: io.signal })).results[0]!;
          });
        } finally {
          counter.stop();
          await runner.close();
        }
        if (o.write && r.feasible) {
          const raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
          out.write(o.write, JSON.stringify({ ...raw, name: `${String(raw.name)} + what it takes`, interventions: [...((raw.interventions as unknown[]) ?? []), ...r.interventions] }, null, 2) + '\n');
        }
        if (o.format === 'json') return emit(io, out, o.out, JSON.stringify({ schema: SOLVE_SCHEMA, model: MODEL_VERSION, name: l.scenario.name, year: o.year, candidateRuns: o.candidateRuns, ...r }, null, 1) + '\n');
        const money = (x: number) => `£${(x / 1e6).toFixed(1)}m`;
        const lines = [`${l.scenario.name}: chance the gap is closed in ${o.year}${o.locality ? ` (${o.locality})` : ''} is ${Math.round(r.start.probGapClosed * 100)}% (mean gap ${r.start.gpFteGap.toFixed(1)} GP FTE); target ${Math.round(o.target * 100)}%${o.budget !== undefined ? `, budget ${money(o.budget)}` : ''}.`,
          `Levers from ${r.from}; at most: ${limitsInWords(r.limits)}. Costs are ${r.netAe ? 'primary care net of A&E savings' : 'primary-care cost (A&E savings not counted)'}.`, ...r.limitNotes, ''];
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
        lines.push('', `${r.evaluations} candidate mixes of ${o.candidateRuns} Monte Carlo runs each (${r.mixes.length ? 'best three confirmed with 400' : 'closest confirmed with 400'}).${o.write && r.feasible ? ` Scenario with the best mix: ${o.write}` : ''}`);
        emit(io, out, o.out, lines.join('\n') + '\n');
      });
    });
}
