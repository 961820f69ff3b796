/** Prints the default parameters as a Markdown table (pasted into the README's methodology section). */
import { PARAMS } from '../engine/defaults.ts';
import { showValue as show } from '../engine/describe.ts';

console.log('| key | default [80% range] | unit | source |\n|---|---|---|---|');
for (const p of PARAMS) console.log(`| \`${p.key}\` | ${show(p.value)} | ${p.unit} | ${p.source} |`);
