/**
 * Baselines of one's own area (the "Your area" page builds them from NHS England's files; a shared link on
 * one fetches it from the server): kept in this browser's IndexedDB by content key (`id@hash`), so that a
 * workspace on one survives a reload. Every view asks here, never the built-in table alone.
 */
import { createStore, entries, set } from 'idb-keyval';
import { BASELINE_KEY, baselineKey, isKeyOf, loadBaseline, type Baseline } from '../../../engine/core.ts';
import { BASELINES, baselineById } from '../../../scenarios/baselines.ts';

class AreaBaselines {
  /** Imported baselines by key (reactive: validation re-runs when one arrives). */
  byKey = $state.raw<Record<string, Baseline>>({});
  readonly ready: Promise<void>;
  private readonly store = typeof indexedDB === 'undefined' ? null : createStore('capsim-baselines', 'baselines');

  constructor() {
    this.ready = this.store
      ? entries<string, Baseline>(this.store).then((all) => {
        const ok = Object.fromEntries(all.filter(([k, b]) => loadBaseline(b).ok && isKeyOf(k, b)));
        this.byKey = { ...ok, ...this.byKey };
      }).catch(() => {})
      : Promise.resolve();
  }

  /** Every baseline known here: built in first, then imported. */
  get all(): Readonly<Record<string, Baseline>> {
    return { ...BASELINES, ...this.byKey };
  }

  get(name: string): Baseline | undefined {
    return baselineById(name) ?? (Object.prototype.hasOwnProperty.call(this.byKey, name) ? this.byKey[name] : undefined);
  }

  /** Keep a baseline (checked); returns its key. */
  async add(b: Baseline, named?: string, full?: string): Promise<string> {
    const r = loadBaseline(b);
    if (!r.ok) throw new Error(`not a baseline: ${r.errors[0]!.path}: ${r.errors[0]!.message}`);
    // Hashed once (a national baseline is 3 MB). A scenario saved before issue 32 names it by its 12-hex
    // key: kept under the name it is asked by.
    full ??= baselineKey(r.value);
    const key = named !== undefined && isKeyOf(named, r.value, full) ? named : full;
    this.byKey = { ...this.byKey, [key]: r.value };
    if (this.store) await set(key, r.value, this.store).catch(() => {});
    return key;
  }

  /** A baseline a shared scenario names: from here, or fetched from the server by its key (and checked against it). */
  async fetch(key: string): Promise<Baseline | null> {
    const have = this.get(key);
    if (have) return have;
    if (!BASELINE_KEY.test(key)) return null;
    const r = await fetch(`/api/baselines/${encodeURIComponent(key)}`);
    if (!r.ok) return null;
    const b = (await r.json()) as Baseline;
    // Hashed once, here: kept only when its content is that key's.
    const full = baselineKey(b);
    if (!isKeyOf(key, b, full)) return null;
    await this.add(b, key, full);
    return b;
  }

  /** Store it on the server once (before a scenario on it is shared); built-in baselines need nothing. */
  async upload(key: string): Promise<void> {
    const b = this.get(key);
    if (!b || baselineById(key)) return;
    const r = await fetch('/api/baselines', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    if (!r.ok) throw new Error(`the server would not store the baseline: ${((await r.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? r.status}`);
  }
}

export const areaBaselines = new AreaBaselines();
export const baselineOf = (name: string): Baseline | undefined => areaBaselines.get(name);
