// Issue 30: the engine's public entry is the names its users use, and runtimes never reach past it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '../../engine/core.ts';

const root = new URL('../../', import.meta.url).pathname;
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sources(rel);
    return /\.(ts|svelte|mjs)$/.test(name) ? [rel] : [];
  });
}
const USERS = ['cli', 'server', 'web/src', 'node', 'nhs', 'store', 'scripts', 'bench'];

describe('the engine\'s public API', () => {
  const texts = USERS.flatMap(sources).map((f) => ({ f, text: readFileSync(join(root, f), 'utf8') }));

  it('has a user outside the engine for every name it exports', () => {
    const unused = Object.keys(core).filter((name) => !texts.some(({ text }) => new RegExp(`\\b${name}\\b`).test(text)));
    expect(unused).toEqual([]);
  });

  it('is the only way into the engine for the CLI, the server and the web app (no engine/internal.ts)', () => {
    const reaching = texts.filter(({ f, text }) => /^(cli|server|web)\//.test(f) && /engine\/internal/.test(text)).map(({ f }) => f);
    expect(reaching).toEqual([]);
  });
});
