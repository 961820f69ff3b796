/**
 * The capsim engine's public API without mathjs (formulas load it on demand: engine/formula.ts). The browser's
 * main thread imports this; everything else imports engine/index.ts, which adds mathjs.
 */
export * from './types.ts';
export { PARAMS, PARAM_BY_KEY, RATE_PER_HEAD, RATE_PER_HEAD_SOURCE, DEMAND_MIX, DEMAND_MIX_SOURCE, SERVED_BY, GP_TYPE, GP_FILL_RATE } from './defaults.ts';
export { migrateScenario } from './migrate.ts';
export { accessFailureShare } from './model/access.ts';
export { unmetPerFirstAttempt } from './model/retries.ts';
export type { ParamSpec } from './defaults.ts';
export { loadScenario, formatErrors, formatPath, addMonths, monthsBetween, listSize, type Result, type ValidationError } from './load.ts';
export { ScenarioSchema, scenarioJsonSchema, SCENARIO_SCHEMA_ID, SCENARIO_SCHEMA_V1, LIMITS, type Scenario, type ScenarioInput, type Intervention } from './schema.ts';
export type { ParamValue, Interval, Dist } from './param-value.ts';
export { buildPlan, financialYear, type Plan, type Resolution } from './plan.ts';
export { simulate, Workspace, MI, NM } from './simulate.ts';
export { autoGroups } from './grouping.ts';
export {
  runScenario, runDeterministic, compareScenarios, runBlock, mergeBlocks, blockBuffers, BlockMerger, GROUP_BLOCKS, GROUP_RUNS, blocksOf, resultOf, comparisonOf, summariseMerged,
  scenarioHash, contentHash, canonicalJson, BLOCK_SIZE, type BlockResult, type Comparison, type ComparisonCell, type RunOptions,
} from './run.ts';
export { csvRow, LONG_HEADER, longRows } from './export.ts';
export { parseJsonText } from './json-text.ts';
export { compileFormula, checkFormula, installMath, mathInstalled, FORMULA_PENDING, MAX_FORMULA_LENGTH, MAX_FORMULA_DEPTH } from './formula.ts';
export { describe as describeIntervention, showValue, monthName, ROLE_NAMES, gapRule } from './describe.ts';
export { attribution, sensitivity, tornado, sobolIndices, shapleyValues, shortLabel, outcomeOf, uncertainInputs, withInputs, type Outcome, type Waterfall, type Sensitivity, type TornadoBar, type UncertainInput } from './analysis.ts';
export { solve, searchMix, mixInterventions, periodIndex, LEVERS, LEVER_IDS, type LeverId, type Mix, type Solution, type SolveOptions, type Candidate } from './solve.ts';
