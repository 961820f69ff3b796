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
// Names no runtime outside the engine uses: for the engine's own tests (issue 30: the public API is the names its users use).
export { RESULT_SCHEMA_ID, ROLE_INDEX, NEW_ROLE_LIST, isNewRole, CARE_TYPES, LOWER_IS_BETTER } from './types.ts';
export { SEEDS_PPG, ENGLAND_GP_SHARE_2024 } from './defaults.ts';
export { migrateScenario } from './migrate.ts';
export { accessFailureShare } from './model/access.ts';
export { unmetPerFirstAttempt } from './model/retries.ts';
export { BaselineSchema } from './baseline.ts';
export { formatPath, addMonths, monthsBetween } from './load.ts';
export { ScenarioSchema, SCENARIO_SCHEMA_V1, FIXED_PER_RUN } from './schema.ts';
export { financialYear } from './plan.ts';
export { runScenario, scenarioHash } from './run.ts';
export { MAX_JSON_DEPTH } from './json-text.ts';
export { MAX_FORMULA_LENGTH, MAX_FORMULA_DEPTH } from './formula.ts';
export { sheetName } from './workbook.ts';
export { runBlocks, releaseJob, newJobId } from './job.ts';
