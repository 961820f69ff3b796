/**
 * The worker threads run the engine as one bundled module, built once per process with esbuild (a few
 * hundred milliseconds). Bundled, the engine's hot loops run about a quarter faster than loaded file by
 * file through tsx (imported constants become locals the compiler can fold), and a worker starts without
 * compiling TypeScript.
 */
import { readFile } from 'node:fs/promises';

/** Set (by scripts/build-cli.mjs) in the bundled CLI, whose worker entries are built beside it in dist/workers/. */
declare const __CAPSIM_PREBUILT__: boolean | undefined;
const prebuilt = typeof __CAPSIM_PREBUILT__ !== 'undefined' && __CAPSIM_PREBUILT__;

const sources = new Map<string, Promise<string>>();

/**
 * CommonJS source of a worker entry in node/ (default worker-entry.ts, the engine) and everything it imports,
 * for `new Worker(code, { eval: true })`.
 */
export function workerSource(entry = 'worker-entry.ts'): Promise<string> {
  let source = sources.get(entry);
  if (!source && prebuilt) source = readFile(new URL(`./workers/${entry.replace(/\.ts$/, '.cjs')}`, import.meta.url), 'utf8');
  source ??= import('esbuild').then(({ build }) => build({
    entryPoints: [new URL(`./${entry}`, import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    mainFields: ['module', 'main'],
    logLevel: 'error',
  })).then((r) => r.outputFiles[0]!.text);
  sources.set(entry, source);
  return source;
}
