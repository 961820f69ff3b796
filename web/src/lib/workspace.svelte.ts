/**
 * The planner's open scenario: an editable input (plain JSON), validated on every change with the
 * engine's loadScenario, mirrored in the URL (?z=..., see url.ts), recomputed by the engine client, with
 * undo and redo of its edits.
 */
import { BASELINE_KEY, FORMULA_PENDING, loadScenario, type Scenario, type ValidationError } from '../../../engine/core.ts';
import { loadFormulas, waitsForFormulas } from './formulas.ts';
import { areaBaselines } from './area-baselines.svelte.ts';
import { EngineClient } from './engine.svelte.ts';
import { EXAMPLES } from './examples.ts';
import { EditHistory } from './history.ts';
import { scenarioFromQuery, stateQuery } from './url.ts';

const storage = (): Storage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

export type Input = Record<string, unknown> & { interventions?: Record<string, unknown>[]; parameters?: Record<string, unknown>; rationale?: Record<string, string> };

export class WorkspaceState {
  input = $state<Input>(structuredClone(EXAMPLES['strategy']!) as Input);
  readonly engine: EngineClient;

  /** `makeEngine` lets store tests run without workers. */
  /** The shared scenario this workspace saves new versions of (this browser holds its edit token). */
  sharedId = $state<string | null>(null);
  readonly history: EditHistory;
  canUndo = $state(false);
  canRedo = $state(false);
  private readonly stopHistory: () => void;

  constructor(makeEngine: () => EngineClient = () => new EngineClient(), now: () => number = () => performance.now()) {
    this.engine = makeEngine();
    this.history = new EditHistory(this.json());
    // Every change of the input, however made (fields, bind:, imports), is recorded; see EditHistory.
    this.stopHistory = $effect.root(() => {
      $effect(() => {
        // A formula met before mathjs loaded: load it, then validate again (a new input object, the same JSON,
        // so no undo step).
        if (waitsForFormulas(this.validation)) void loadFormulas().then(() => (this.input = structuredClone($state.snapshot(this.input))));
      });
      // A scenario on an imported baseline this browser does not hold (a link from another browser): once
      // IndexedDB has answered, fetch it from the server by its key; validation follows when it arrives.
      $effect(() => {
        const named = String(this.input.baseline ?? '');
        if (BASELINE_KEY.test(named)) void areaBaselines.ready.then(() => (areaBaselines.get(named) ? null : areaBaselines.fetch(named).catch(() => null)));
      });
      $effect(() => {
        const json = this.json();
        this.history.record(json, now());
        this.canUndo = this.history.canUndo;
        this.canRedo = this.history.canRedo;
      });
    });
  }

  private json(): string {
    return JSON.stringify($state.snapshot(this.input));
  }

  undo(): void {
    const prev = this.history.undo();
    if (prev !== null) this.input = JSON.parse(prev) as Input;
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }

  redo(): void {
    const next = this.history.redo();
    if (next !== null) this.input = JSON.parse(next) as Input;
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }

  dispose(): void {
    this.stopHistory();
  }

  readonly validation = $derived(loadScenario($state.snapshot(this.input), areaBaselines.all));
  readonly scenario = $derived<Scenario | null>(this.validation.ok ? this.validation.value : null);
  /** What stops the run (not the wait for formula support, which loads by itself). */
  readonly errors = $derived<ValidationError[]>(this.validation.ok ? [] : this.validation.errors.filter((e) => e.message !== FORMULA_PENDING).map((e) =>
    e.path === 'baseline' && BASELINE_KEY.test(String(this.input.baseline ?? ''))
      ? { ...e, message: `this scenario's baseline (${String(this.input.baseline)}) is not in this browser: it is fetched from the server if a scenario on it was shared; otherwise build it again on the Your area page` }
      : e));
  /** What loaded but deserves a look: a version-1 scenario migrated, a pool outside its target. */
  readonly warnings = $derived<ValidationError[]>(this.validation.ok ? (this.validation.warnings ?? []) : []);

  /** Why the address's scenario could not be opened (the default example is open instead), or null. */
  linkProblem = $state<string | null>(null);

  loadFromUrl(search: string): boolean {
    const v = scenarioFromQuery(search, storage());
    const q = new URLSearchParams(search);
    if (!v || typeof v !== 'object') {
      // Said, never a silent fall-back to the default example.
      if (q.has('draft')) this.linkProblem = 'This link points to a draft kept only in the browser that made it, so the default example is open instead. Ask its author to share it: a shared link travels.';
      else if (q.has('z') || q.has('s')) this.linkProblem = 'This link\'s scenario could not be read (the address may have been cut short or changed), so the default example is open instead.';
      return false;
    }
    this.input = v as Input;
    this.history.reset(this.json());
    const shared = new URLSearchParams(search).get('shared');
    if (shared && /^[A-Za-z0-9_-]+$/.test(shared)) this.sharedId = shared;
    return true;
  }

  /** The address of this state; it keeps the shared scenario it saves versions of, so a reload still offers "Save as version N". */
  urlFor(path = '/'): string {
    const shared = this.sharedId ? `&shared=${encodeURIComponent(this.sharedId)}` : '';
    return `${path}?${stateQuery($state.snapshot(this.input), storage())}${shared}`;
  }

  open(example: string): void {
    this.input = structuredClone(EXAMPLES[example]!) as Input;
  }
}
