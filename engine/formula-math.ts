/**
 * Formula support: `enableFormulas()` installs mathjs (about 110 kB compressed) for engine/formula.ts. Until it
 * is called, loadScenario refuses any formula with FORMULA_PENDING. engine/index.ts and the workers call it;
 * the browser's main thread imports this module on demand when a scenario has a formula.
 */
import * as mathjs from 'mathjs/number';
import { installMath } from './formula.ts';

export function enableFormulas(): void {
  installMath(mathjs);
}
