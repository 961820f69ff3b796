/**
 * Undo and redo of scenario edits. Each state is the scenario's JSON; edits that arrive within `quietMs`
 * of each other (typing a name, dragging a slider) are one step, so undo goes back a whole edit, not a key.
 */
export class EditHistory {
  private past: string[] = [];
  private future: string[] = [];
  /** The state the last step ended in, and when the edit in progress last changed. */
  private settled: string;
  private current: string;
  private lastChange = -Infinity;

  constructor(initial: string, private readonly quietMs = 600, private readonly limit = 200) {
    this.settled = this.current = initial;
  }

  /** The scenario now reads `json` (at time `now`, in ms). */
  record(json: string, now: number): void {
    if (json === this.current) return;
    if (now - this.lastChange > this.quietMs) this.commit();
    this.current = json;
    this.lastChange = now;
    this.future = [];
  }

  private commit(): void {
    if (this.current === this.settled) return;
    this.past.push(this.settled);
    if (this.past.length > this.limit) this.past.shift();
    this.settled = this.current;
  }

  get canUndo(): boolean {
    return this.past.length > 0 || this.current !== this.settled;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** The state to go back to, or null. */
  undo(): string | null {
    this.commit();
    return this.step(this.past, this.future);
  }

  redo(): string | null {
    return this.step(this.future, this.past);
  }

  /** Take the state on top of `from`, keeping the current one on `to`. */
  private step(from: string[], to: string[]): string | null {
    const state = from.pop();
    if (state === undefined) return null;
    to.push(this.current);
    this.settled = this.current = state;
    this.lastChange = -Infinity;
    return state;
  }

  /** Forget everything (a new scenario was opened), starting from `json`. */
  reset(json: string): void {
    this.past = [];
    this.future = [];
    this.settled = this.current = json;
    this.lastChange = -Infinity;
  }
}
