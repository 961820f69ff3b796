/** Prints the default parameters as a Markdown table (pasted into the README's methodology section). */
import { PARAMS } from '../engine/defaults.ts';

const show = (v: unknown) => {
  const i = v as { p10?: number; p90?: number; likely?: number };
  return typeof v === 'object' && i.p10 !== undefined ? `${i.likely ?? ''} [${i.p10}-${i.p90}]` : String(v);
};
console.log('| key | default [80% range] | unit | source |\n|---|---|---|---|');
for (const p of PARAMS) console.log(`| \`${p.key}\` | ${show(p.value)} | ${p.unit} | ${p.source} |`);
