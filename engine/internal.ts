/**
 * The engine's building blocks for capsim's own runtimes (node/ worker pools, the CLI's shards, the browser's
 * engine client) and for tests: plans, blocks of runs, merging partial sums, the month loop. Not a stable API:
 * applications use engine/index.ts (or engine/core.ts).
 */
export { SERVED_BY, GP_TYPE } from './defaults.ts';
export { buildPlan, type Plan } from './plan.ts';
export { simulate, Workspace, MI, NM } from './simulate.ts';
export {
  runBlock, mergeBlocks, blockBuffers, BlockMerger, GROUP_BLOCKS, GROUP_RUNS, BLOCK_SIZE, blocksOf, resultOf, comparisonOf, summariseMerged, type BlockResult,
} from './run.ts';
export type { PartialSums, Sketch } from './summary.ts';
export { compileFormula, checkFormula, installMath, mathInstalled } from './formula.ts';
export { sobolIndices, shapleyValues, outcomeOf, uncertainInputs, withInputs } from './analysis.ts';
export { searchMix, mixInterventions, leverLabel } from './solve.ts';
