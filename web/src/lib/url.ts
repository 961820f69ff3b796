/**
 * Scenario <-> URL: the open scenario lives in the address, so reload and back/forward work. `?z=` holds
 * its JSON deflated (fflate) in base64url, about a fifth of the plain form; links from before compression
 * (`?s=`, plain base64url JSON) still open. A scenario whose compressed form is still longer than
 * MAX_URL_STATE (long descriptions and rationales) is kept as a draft in this browser's storage instead,
 * and the address carries `?draft=<id>`: Node refuses request lines past about 16 kB (431).
 */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

export const MAX_URL_STATE = 6000;

const toB64url = (bytes: Uint8Array) => {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const fromB64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** Deflated base64url of the scenario's JSON (the `z` parameter). */
export function encodeScenario(input: unknown): string {
  return toB64url(deflateSync(strToU8(JSON.stringify(input)), { level: 9 }));
}

export function decodeScenario(text: string): unknown {
  return JSON.parse(strFromU8(inflateSync(fromB64url(text))));
}

/** The plain form of links made before compression (`?s=`). */
export function decodePlainScenario(text: string): unknown {
  return JSON.parse(new TextDecoder().decode(fromB64url(text)));
}

const DRAFT = 'capsim:draft:';

/** Query string for a scenario: compressed in the address, or a draft kept in `storage` when too long. */
export function stateQuery(input: unknown, storage: Pick<Storage, 'getItem' | 'setItem'> | null): string {
  const z = encodeScenario(input);
  if (z.length <= MAX_URL_STATE || !storage) return `z=${z}`;
  const json = JSON.stringify(input);
  // The id is a hash of the content, so the same scenario keeps the same address.
  let h = 2166136261;
  for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 16777619);
  const id = (h >>> 0).toString(36);
  storage.setItem(DRAFT + id, json);
  return `draft=${id}`;
}

/** The scenario an address holds (`z`, `s` or `draft`), or null when it holds none or cannot be read. */
export function scenarioFromQuery(search: string, storage: Pick<Storage, 'getItem'> | null): unknown | null {
  const q = new URLSearchParams(search);
  try {
    const z = q.get('z');
    if (z) return decodeScenario(z);
    const s = q.get('s');
    if (s) return decodePlainScenario(s);
    const d = q.get('draft');
    if (d && storage) {
      const json = storage.getItem(DRAFT + d);
      return json ? JSON.parse(json) : null;
    }
  } catch {
    return null;
  }
  return null;
}
