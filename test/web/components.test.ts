// Svelte components mounted in happy-dom, and the workspace store without workers.
import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import Headlines from '../../web/src/components/Headlines.svelte';
import ParamField from '../../web/src/components/ParamField.svelte';
import type { EngineClient } from '../../web/src/lib/engine.svelte.ts';
import { WorkspaceState } from '../../web/src/lib/workspace.svelte.ts';
import { smallResult } from './fixtures.ts';

describe('Headlines', () => {
  it('shows the final-year cards with their 80% ranges', () => {
    const target = document.createElement('div');
    const r = smallResult();
    const c = mount(Headlines, { target, props: { result: r, pending: false } });
    const gap = r.total.metrics.gpFteGap.at(-1)!;
    const card = target.querySelector('[data-testid=gap]')!;
    expect(card.textContent).toContain(`GP FTE gap ${r.periods.at(-1)}`);
    expect(card.querySelector('.value')!.textContent).toBe(`${Math.round(gap.p50)} (${Math.round(gap.p10)}–${Math.round(gap.p90)})`);
    expect(target.querySelector('section')!.getAttribute('aria-busy')).toBe('false');
    unmount(c);
  });
});

describe('ParamField', () => {
  it('switches between a likely value and an 80% range, and resets to the default', () => {
    const target = document.createElement('div');
    const onchange = vi.fn();
    const c = mount(ParamField, { target, props: { id: 'x', label: 'Trend', unit: 'per year', min: 0, max: 1, value: 0.02, fallback: 0.017, onchange } });
    expect((target.querySelector('#x-likely') as HTMLInputElement).value).toBe('0.02');
    const [toRange, reset] = [...target.querySelectorAll('button')];
    toRange!.click();
    expect(onchange).toHaveBeenLastCalledWith({ p10: 0.016, likely: 0.02, p90: 0.024 });
    reset!.click();
    expect(onchange).toHaveBeenLastCalledWith(undefined);
    const label = target.querySelector('label[for="x-likely"]');
    expect(label?.textContent).toContain('Trend');
    unmount(c);
  });
});

describe('WorkspaceState', () => {
  const fakeEngine = () => ({}) as EngineClient;
  it('validates the open scenario with the engine schema and names the path of errors', () => {
    const ws = new WorkspaceState(fakeEngine);
    expect(ws.errors).toEqual([]);
    expect(ws.scenario?.name).toMatch(/Thurrock strategy/);
    ws.input.years = 99;
    flushSync();
    expect(ws.scenario).toBeNull();
    expect(ws.errors.map((e) => e.path)).toContain('years');
  });

  it('shows what loaded but deserves a look: a version-1 file migrated, a pool outside its target', () => {
    const ws = new WorkspaceState(fakeEngine);
    expect(ws.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/Tilbury and Chadwell has 28,600 patients, outside the target/));
    ws.input = { name: 'old', baseline: 'thurrock', schema: 'capsim/scenario@1', parameters: { 'ae.spill': 0.1 } };
    flushSync();
    expect(ws.scenario).not.toBeNull();
    expect(ws.warnings.map((w) => w.path)).toEqual(['schema', 'parameters.ae.spill']);
  });

  it('puts the scenario in the URL and reads it back', () => {
    const ws = new WorkspaceState(fakeEngine);
    ws.open('divert-ae');
    const url = ws.urlFor('/');
    const other = new WorkspaceState(fakeEngine);
    expect(other.loadFromUrl(new URL(url, 'http://x').search)).toBe(true);
    expect(other.input.name).toBe('Divert avoidable A&E attendances');
    expect(other.loadFromUrl('?s=%%%')).toBe(false);
  });
});
