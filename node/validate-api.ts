/**
 * What the validation worker (node/validate-entry.ts) answers: a scenario, formulas included, checked
 * against the built-in baselines (and a stored one it names), and baseline bodies, off the server's event loop.
 * Also called in this thread by tests (server/validate.ts's inProcessValidator).
 */
import { baselineKey, canonicalJson, loadBaseline, loadScenario, parseJsonText, type Baseline, type Result, type Scenario } from '../engine/index.ts';
import { BASELINES } from '../scenarios/baselines.ts';

export const validateApi = {
  /** `extra`: a stored baseline the scenario names by its key (server/routes/scenarios.ts looks it up). */
  validate(input: unknown, extra: Record<string, Baseline> = {}): Result<Scenario> {
    return loadScenario(input, { ...BASELINES, ...extra });
  },
  /**
   * A baseline body as sent (POST /api/baselines): parsed here (depth bounded), checked, and returned as its
   * key, id and canonical text only, so neither the parse nor the object reaches the server's thread.
   */
  baselineText(text: string): BaselineChecked {
    const json = parseJsonText(text);
    if (!json.ok) return { ok: false, json: true, errors: [{ path: '', message: json.message }] };
    const r = loadBaseline(json.value);
    if (!r.ok) return { ok: false, json: false, errors: r.errors };
    // The canonical text is made once: it is both what is stored and what the key hashes.
    const canonical = canonicalJson(r.value);
    return { ok: true, key: baselineKey(r.value, canonical), id: r.value.id, text: canonical, localities: r.value.localities.length };
  },
};
export type BaselineChecked =
  | { ok: true; key: string; id: string; text: string; localities: number }
  | { ok: false; json: boolean; errors: { path: string; message: string }[] };

export type ValidateApi = typeof validateApi;
