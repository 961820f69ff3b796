/**
 * Regenerates the two tables of docs/model.md that come from code: every default parameter with its source,
 * and the calibration table with the values the model reaches. test/engine/docs.test.ts fails when the
 * committed document is out of date. Run: npx tsx scripts/model-doc.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compareScenarios, loadScenario, PARAMS, runDeterministic, showValue, type Scenario } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';

export const DOC = new URL('../docs/model.md', import.meta.url);

export function paramsTable(): string {
  const rows = PARAMS.map((p) => `| \`${p.key}\` | ${showValue(p.value)} | ${p.unit} | ${p.source.replace(/\|/g, '/')} |`);
  return ['| key | default [80% range] | unit | source |', '|---|---|---|---|', ...rows].join('\n');
}

const example = (name: string): Scenario => {
  const r = loadScenario(JSON.parse(readFileSync(new URL(`../scenarios/examples/${name}.json`, import.meta.url), 'utf8')), BASELINES);
  if (!r.ok) throw new Error(name);
  return r.value;
};
const f = (x: number, d = 2) => x.toFixed(d);

export function calibrationTable(): string {
  const t = BASELINES.thurrock!;
  const y = runDeterministic(example('do-nothing'), t).total;
  const mo = runDeterministic(example('do-nothing'), t, 'month').total.metrics;
  const m = y.metrics;
  const v = <K extends keyof typeof m>(k: K, i = 0) => m[k][i]!.mean;
  let drift = 0;
  for (let i = 1; i < 12; i++) drift = Math.max(drift, Math.abs(mo.accessFailure[i]!.mean / mo.accessFailure[0]!.mean - 1));
  const names = ['england-ratio', 'traditional-45-gps', 'strategy', 'merge-localities', 'upskill-nurses', 'hire-pharmacists', 'hire-ahps', 'expand-hubs', 'divert-ae', 'care-navigation'];
  const { results } = compareScenarios([example('do-nothing'), ...names.map(example)], t, { runs: 200 });
  const last = results[0]!.periods.length - 1, t2021 = results[0]!.periods.indexOf('2020/21');
  const rows = [
    ['served appointments per registered patient, 2015/16', '4.2-5.4', f(v('served') / v('population'))],
    ['`accessFailure`, 2015/16', '0.13-0.25', f(v('accessFailure'), 3)],
    ['`gpApptsPerGpDay`, 2015/16', '25-40', f(v('gpApptsPerGpDay'), 1)],
    ['`unmetShare`, 2015/16', '0.03-0.12', f(v('unmetShare'), 3)],
    ['`aeAttendances` against population x 330 / 1,000, 2015/16', 'within 2%', `${f(100 * (v('aeAttendances') / ((v('population') * 330) / 1000) - 1), 1)}%`],
    ['first month served / demand', '0.80-0.95', f(mo.served[0]!.mean / mo.demand[0]!.mean, 3)],
    ['largest change of `accessFailure` in year 1 against month 1', 'at most 5%', `${f(100 * drift, 1)}% (**not met**: see below)`],
    ['GP FTE, September 2015 to June 2017', '-8% to -12%', `${f(100 * (mo['fte.gp'][26]!.mean / mo['fte.gp'][5]!.mean - 1), 1)}%`],
    ['GP FTE in 2024/25 against the start', 'at least 60%', `${f((100 * v('fte.gp', last)) / y.start['fte.gp']!, 0)}%`],
    ['do-nothing `probGapClosed`, every year (200 runs)', 'at most 0.05', f(Math.max(...results[0]!.total.metrics.probGapClosed.map((s) => s.mean)))],
    ['England ratio in every practice: `probGapClosed` 2020/21', 'at least 0.3', f(results[1]!.total.metrics.probGapClosed[t2021]!.mean)],
  ];
  const gaps = results.map((r) => `${r.scenario.name.split(':')[0]} ${f(r.total.metrics.gpFteGap[last]!.mean, 1)}`);
  return ['| quantity | target | model |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`), '',
    `Final-year (${results[0]!.periods[last]}) \`gpFteGap\`, mean of 200 runs: ${gaps.join('; ')}.`].join('\n');
}

export function render(doc: string): string {
  const put = (text: string, name: string, body: string) =>
    text.replace(new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`), () => `<!-- ${name}:start -->\n${body}\n<!-- ${name}:end -->`);
  return put(put(doc, 'params', paramsTable()), 'calibration', calibrationTable());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(DOC, render(readFileSync(DOC, 'utf8')));
  console.log('docs/model.md tables regenerated');
}
