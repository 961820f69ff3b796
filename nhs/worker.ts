/**
 * The "Your area" page's worker (web/src/views/YourArea.svelte): the same import as `capsim baseline build`,
 * off the page's thread, reading the dropped files as streams (File.stream()); nothing leaves the browser.
 */
import { expose } from 'comlink';
import { areaChoices, readMap, type Selection } from './build.ts';
import { buildArea } from './calibrate.ts';
import { InputError, type FileInput } from './csv.ts';

async function* chunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
const input = (f: File): FileInput => ({ name: f.name, size: f.size, open: () => chunks(f.stream()) });
/** Errors cross to the page as plain messages (an InputError's names the file, line and column). */
const plain = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (e) {
    throw new Error(e instanceof InputError ? e.message : `the import failed: ${(e as Error).message}`, { cause: e });
  }
};

export interface AreaFiles { registrations: File; map: File; workforce: File; workforceEarlier?: File; pcnWorkforce?: File; appointments?: File[] }

export const nhsApi = {
  /** The map's own lists of ICBs, Sub-ICBs and PCNs. */
  areas(map: File) {
    return plain(async () => areaChoices(await readMap(input(map))));
  },
  build(files: AreaFiles, select: Selection, opts: { localities?: 'pcn' | 'sub-icb'; fillMissing?: boolean }, onProgress?: (p: { phase: string; bytes: number; total?: number }) => void) {
    return plain(() => buildArea({
      registrations: input(files.registrations), map: input(files.map), workforce: input(files.workforce),
      ...(files.pcnWorkforce ? { pcnWorkforce: input(files.pcnWorkforce) } : {}),
      ...(files.workforceEarlier ? { workforceEarlier: input(files.workforceEarlier) } : {}),
      ...(files.appointments?.length ? { appointments: files.appointments.map(input) } : {}),
    }, { select, localities: opts.localities ?? 'pcn', fillMissing: Boolean(opts.fillMissing), ...(onProgress ? { onProgress } : {}) }));
  },
};
export type NhsApi = typeof nhsApi;

expose(nhsApi);
