/**
 * The published CLI runs bundled JavaScript, not TypeScript through tsx (about a second of start-up saved on
 * every command): esbuild bundles cli/main.ts into dist/cli.mjs (the npm packages stay imports) and each
 * worker entry of node/ into dist/workers/<entry>.cjs, which node/bundle.ts then reads instead of bundling at
 * run time. Built by `npm ci` (the prepare step) and by cli/bin.mjs whenever a source is newer than the bundle.
 * Plain JavaScript, so that it runs before anything is compiled.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE = join(root, 'dist', 'cli.mjs');
/** What the bundle is made from: a change to any of these rebuilds it. */
const SOURCES = ['cli', 'engine', 'node', 'nhs', 'store', 'scenarios'];
const WORKERS = ['worker-entry.ts', 'validate-entry.ts', 'summary-entry.ts'];

/** The newest modification time among the sources (a few milliseconds: about 150 files). */
function newestSource() {
  let newest = statSync(join(root, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|json|mjs)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCES) walk(join(root, d));
  return newest;
}

export const isStale = () => !existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < newestSource();

/** Build into temporary files, then rename: a second capsim starting at the same moment never reads half a bundle. */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const common = { bundle: true, platform: 'node', target: 'node20', write: false, logLevel: 'error', mainFields: ['module', 'main'] };
  const define = { __CAPSIM_PREBUILT__: 'true' };
  const outputs = [];
  const cli = await esbuild({ ...common, entryPoints: [join(root, 'cli/main.ts')], format: 'esm', packages: 'external', define, outfile: BUNDLE });
  outputs.push([BUNDLE, cli.outputFiles[0].contents]);
  for (const w of WORKERS) {
    const out = join(root, 'dist', 'workers', w.replace(/\.ts$/, '.cjs'));
    const r = await esbuild({ ...common, entryPoints: [join(root, 'node', w)], format: 'cjs', outfile: out });
    outputs.push([out, r.outputFiles[0].contents]);
  }
  // The CLI last, so that its time stamp is the newest: workers are never older than the CLI that reads them.
  outputs.push(outputs.shift());
  for (const [file, contents] of outputs) {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, file);
  }
  return BUNDLE;
}

/** The bundle's path, built first when missing or older than a source. */
export async function ensureBuilt() {
  return isStale() ? build() : BUNDLE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await build();
