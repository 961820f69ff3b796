/**
 * The planner's open scenario: an editable input (plain JSON), validated on every change with the
 * engine's loadScenario, mirrored in the URL (?s=...), and recomputed by the engine client.
 */
import { loadScenario, type Scenario, type ValidationError } from '../../../engine/index.ts';
import { BASELINES } from '../../../scenarios/baselines.ts';
import { EngineClient } from './engine.svelte.ts';
import { EXAMPLES } from './examples.ts';
import { decodeScenario, encodeScenario } from './url.ts';

export type Input = Record<string, unknown> & { interventions?: Record<string, unknown>[]; parameters?: Record<string, unknown>; rationale?: Record<string, string> };

export class WorkspaceState {
  input = $state<Input>(structuredClone(EXAMPLES['strategy']!) as Input);
  readonly engine: EngineClient;

  /** `makeEngine` lets store tests run without workers. */
  constructor(makeEngine: () => EngineClient = () => new EngineClient()) {
    this.engine = makeEngine();
  }

  readonly validation = $derived(loadScenario($state.snapshot(this.input), BASELINES));
  readonly scenario = $derived<Scenario | null>(this.validation.ok ? this.validation.value : null);
  readonly errors = $derived<ValidationError[]>(this.validation.ok ? [] : this.validation.errors);
  /** What loaded but deserves a look: a version-1 scenario migrated, a pool outside its target. */
  readonly warnings = $derived<ValidationError[]>(this.validation.ok ? (this.validation.warnings ?? []) : []);

  loadFromUrl(search: string): boolean {
    const s = new URLSearchParams(search).get('s');
    if (!s) return false;
    try {
      this.input = decodeScenario(s) as Input;
      return true;
    } catch {
      return false;
    }
  }

  urlFor(path = '/'): string {
    return `${path}?s=${encodeScenario($state.snapshot(this.input))}`;
  }

  open(example: string): void {
    this.input = structuredClone(EXAMPLES[example]!) as Input;
  }
}
