/** The capsim engine's public API: pure functions, no DOM, no Node APIs, no I/O (engine/core.ts, with mathjs installed for formulas). */
import './formula-math.ts';

export * from './core.ts';
