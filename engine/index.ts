/**
 * The capsim engine's entry point for Node and workers: the public API (engine/core.ts) with formulas enabled.
 * Pure: no DOM, no Node APIs, no I/O.
 */
import { enableFormulas } from './formula-math.ts';

enableFormulas();

export * from './core.ts';
