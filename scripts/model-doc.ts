/**
 * Regenerates the tables of docs/model.md that come from code: every default parameter with its source, the
 * calibration and evidence targets with the figures the model reaches (scripts/targets.ts), and the known
 * misses with why. test/engine/docs.test.ts fails when the committed document is out of date.
 * Run: npx tsx scripts/model-doc.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { PARAMS, showValue } from '../engine/index.ts';
import { calibrationTargets, evidenceTargets, examplesTable, KNOWN_MISSES, runExamples, type Target } from './targets.ts';

export const DOC = new URL('../docs/model.md', import.meta.url);
export const README = new URL('../README.md', import.meta.url);

export function paramsTable(): string {
  const rows = PARAMS.map((p) => `| \`${p.key}\` | ${showValue(p.value)} | ${p.unit} | ${p.source.replace(/\|/g, '/')} |`);
  return ['| key | default [80% range] | unit | source |', '|---|---|---|---|', ...rows].join('\n');
}

const table = (rows: Target[]) => ['| quantity | target | model |', '|---|---|---|',
  ...rows.map((t) => `| ${t.quantity} | ${t.band} | ${t.shown}${t.met ? '' : ' (**not met**)'} |`)].join('\n');

let cache: { calibration: Target[]; evidence: Target[]; examples: string } | null = null;
function targets() {
  if (!cache) {
    const { results, mergeCompare, strategyCompare } = runExamples();
    cache = { calibration: calibrationTargets(results), evidence: evidenceTargets(results, mergeCompare, strategyCompare), examples: examplesTable(results) };
  }
  return cache;
}

export function missesList(): string {
  const all = [...targets().calibration, ...targets().evidence];
  return Object.entries(KNOWN_MISSES).map(([id, m]) => {
    const t = all.find((x) => x.id === id)!;
    return `- **${t.quantity}**: ${t.shown} against ${t.band}. ${m.why}`;
  }).join('\n');
}

const put = (text: string, name: string, body: string) =>
  text.replace(new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`), () => `<!-- ${name}:start -->\n${body}\n<!-- ${name}:end -->`);

/** The README's generated part: the final-year table of the examples. */
export function renderReadme(readme: string): string {
  return put(readme, 'examples', targets().examples);
}

export function render(doc: string): string {
  let out = put(doc, 'params', paramsTable());
  out = put(out, 'calibration', table(targets().calibration));
  out = put(out, 'evidence', table(targets().evidence));
  return put(out, 'misses', missesList());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(DOC, render(readFileSync(DOC, 'utf8')));
  writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
  console.log('docs/model.md and README.md tables regenerated');
}
