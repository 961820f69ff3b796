// docs/model.md documents the model in the project's own words; its tables come from the code and must match it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARAMS } from '../../engine/index.ts';
import { DOC, README, render, renderReadme } from '../../scripts/model-doc.ts';

describe('docs/model.md', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('drift guard (code against its own output): the generated parameter, calibration and evidence tables are up to date (npx tsx scripts/model-doc.ts)', () => {
    expect(render(doc)).toBe(doc);
  });

  it('drift guard (code against its own output): the README\'s table of the examples is up to date (npx tsx scripts/model-doc.ts)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toContain('<!-- examples:start -->');
    expect(renderReadme(readme)).toBe(readme);
  });

  it('lists every default parameter with a source', () => {
    for (const p of PARAMS) {
      expect(doc).toContain(`| \`${p.key}\` |`);
      expect(p.source.length).toBeGreaterThan(10);
    }
  });

  it('needs nothing outside the repository: no link to ../shared', () => {
    for (const f of ['docs/model.md', 'README.md']) expect(readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8')).not.toMatch(/\.\.\/shared/);
  });
});
