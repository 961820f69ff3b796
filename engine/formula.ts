/**
 * Formulas in scenario files: mathjs expressions over `year` (0-based years since start) and `t`
 * (months since start). A formula is parsed, checked against a whitelist of node kinds, names and
 * functions, and compiled once; it can reach nothing but its two variables.
 */
import { all, create, type MathNode } from 'mathjs/number';

const math = create(all!);

const VARIABLES = new Set(['year', 't']);
const CONSTANTS = new Set(['pi', 'e']);
const FUNCTIONS = new Set(['min', 'max', 'abs', 'exp', 'log', 'sqrt', 'pow', 'floor', 'ceil', 'round', 'sin', 'cos']);
const NODE_TYPES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'ConditionalNode', 'FunctionNode']);

export type Formula = (t: number) => number;

export type CompileResult = { ok: true; value: Formula } | { ok: false; message: string };

/**
 * Compile a formula into a function of the month index.
 * @example compileFormula('0.015 + 0.005 * (year >= 3)') // value(36) === 0.02
 */
export function compileFormula(text: string): CompileResult {
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (e) {
    return { ok: false, message: `formula does not parse: ${(e as Error).message}` };
  }
  let bad: string | undefined;
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
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
    for (const t of [0, 1, 12, 119]) {
      const v = f(t);
      if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, message: `formula gives ${String(v)} at t = ${t}, not a finite number` };
    }
  } catch (e) {
    return { ok: false, message: `formula fails to evaluate: ${(e as Error).message}` };
  }
  return { ok: true, value: f };
}
