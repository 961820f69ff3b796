/**
 * Formulas in scenario files: mathjs expressions over `year` (0-based years since start) and `t`
 * (months since start). A formula is parsed, checked against a whitelist of node kinds, names and
 * functions, and compiled once; it can reach nothing but its two variables.
 */
import type { MathNode } from 'mathjs/number';

type MathModule = typeof import('mathjs/number');
let math: ReturnType<MathModule['create']> | null = null;

/**
 * mathjs (about 110 kB compressed) is installed by engine/formula-math.ts, which engine/index.ts and the
 * engine worker import; the browser's main thread imports engine/core.ts and loads it only when a
 * scenario has a formula. Until then a formula is refused with FORMULA_PENDING.
 */
export function installMath(m: MathModule): void {
  math ??= m.create(m.all!);
}
export const mathInstalled = () => math !== null;

let loader: (() => MathModule) | null = null;
/**
 * Where a host that can load mathjs at once (the CLI, through Node's require) installs it the first time a
 * formula is compiled, so that a command without formulas never pays its start-up (about 0.4 s).
 */
export function setMathLoader(load: () => MathModule): void {
  loader = load;
}
export const FORMULA_PENDING = 'formula support is still loading (enableFormulas() from engine/formula-math.ts has not run yet)';

const VARIABLES = new Set(['year', 't']);
const CONSTANTS = new Set(['pi', 'e']);
const FUNCTIONS = new Set(['min', 'max', 'abs', 'exp', 'log', 'sqrt', 'pow', 'floor', 'ceil', 'round', 'sin', 'cos']);
const NODE_TYPES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'ConditionalNode', 'FunctionNode']);

export type Formula = (t: number) => number;

/** Longest formula and deepest nesting accepted: far beyond any planner's formula, far below a stack overflow. */
export const MAX_FORMULA_LENGTH = 1000;
export const MAX_FORMULA_DEPTH = 32;

export type CompileResult = { ok: true; value: Formula } | { ok: false; message: string };

/**
 * Compile a formula into a function of the month index.
 * @example compileFormula('0.015 + 0.005 * (year >= 3)') // value(36) === 0.02
 */
export function compileFormula(text: string): CompileResult {
  if (text.length > MAX_FORMULA_LENGTH) return { ok: false, message: `formula is ${text.length} characters long; at most ${MAX_FORMULA_LENGTH} are allowed` };
  let open = 0, deepest = 0;
  for (const ch of text) {
    if (ch === '(') deepest = Math.max(deepest, ++open);
    else if (ch === ')') open--;
  }
  if (deepest > MAX_FORMULA_DEPTH) return { ok: false, message: `formula nests brackets ${deepest} deep; at most ${MAX_FORMULA_DEPTH} are allowed` };
  if (!math && loader) installMath(loader());
  if (!math) return { ok: false, message: FORMULA_PENDING };
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (e) {
    return { ok: false, message: `formula does not parse: ${(e as Error).message}` };
  }
  let bad: string | undefined;
  let nodes = 0;
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    if (++nodes > MAX_FORMULA_LENGTH) bad ??= 'formula has too many terms';
    if (bad) return;
    if (!NODE_TYPES.has(n.type)) {
      bad = `formula may not use ${n.type.replace('Node', '').toLowerCase()} expressions`;
      return;
    }
    if (n.type === 'FunctionNode') {
      const fn = (n as unknown as { fn: MathNode }).fn;
      const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : '';
      if (!FUNCTIONS.has(name)) bad = `formula may not call "${name || fn.type}" (allowed: ${[...FUNCTIONS].join(', ')})`;
      return;
    }
    if (n.type === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      if (!isCallee && !VARIABLES.has(name) && !CONSTANTS.has(name)) bad = `formula may only use the variables year and t, not "${name}"`;
    }
  });
  if (bad) return { ok: false, message: bad };
  const compiled = node.compile();
  const scope = new Map<string, number>();
  const f: Formula = (t) => {
    scope.set('t', t);
    scope.set('year', Math.floor(t / 12));
    const v: unknown = compiled.evaluate(scope);
    return typeof v === 'boolean' ? Number(v) : (v as number);
  };
  try {
    const v = f(0);
    if (typeof v !== 'number') return { ok: false, message: `formula gives ${String(v)}, not a number` };
  } catch (e) {
    return { ok: false, message: `formula fails to evaluate: ${(e as Error).message}` };
  }
  return { ok: true, value: f };
}

/**
 * Check a formula at every month of a horizon against a parameter's valid range, as a plain number is
 * checked: the first month where it is not a finite number in [min, max] is the error.
 * @example checkFormula('0.02 * sqrt(12 - year)', 240, 0, 1) // { ok: false, message: 'formula gives NaN at t = 156 (year 13) ...' }
 */
export function checkFormula(text: string, months: number, min: number, max: number): { ok: true } | { ok: false; message: string } {
  const c = compileFormula(text);
  if (!c.ok) return c;
  for (let t = 0; t < months; t++) {
    let v: number;
    try {
      v = c.value(t);
    } catch (e) {
      return { ok: false, message: `formula fails at t = ${t} (year ${Math.floor(t / 12)}): ${(e as Error).message}` };
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, message: `formula gives ${String(v)} at t = ${t} (year ${Math.floor(t / 12)}), not a finite number` };
    if (v < min || v > max) return { ok: false, message: `formula gives ${v} at t = ${t} (year ${Math.floor(t / 12)}); it must be between ${min} and ${max}` };
  }
  return { ok: true };
}
