/**
 * The capsim engine's public API: what the web app, the CLI, the server and scripts use to load, run,
 * compare, explain and goal-seek scenarios. Without mathjs: formulas need `enableFormulas()` from
 * engine/formula-math.ts first (engine/index.ts calls it; the browser's main thread loads it on demand).
 * Runtimes (worker pools, shards, the browser's engine client) run jobs through the one job runner,
 * engine/job.ts; engine/internal.ts is for the engine's own tests only.
 */
export { MODEL_VERSION, ROLES, AHP_ROLES, AGE_BANDS, METRICS, type Role, type NewRole, type CareType, type AgeBand, type Source, type BaselinePractice, type BaselineLocality, type Baseline, type Summary, type Metric, type StartStocks, type LocalityResult, type ScenarioResult } from './types.ts';
export { PARAMS, PARAM_BY_KEY, RATE_PER_HEAD, RATE_PER_HEAD_SOURCE, DEMAND_MIX, DEMAND_MIX_SOURCE, GP_FILL_RATE, ENGLAND_PPG_FTE_2015, englandLoad, TODAY_DEMAND_SCALE, ENGLAND_RECORDED_PER_HEAD_2025, type ParamSpec } from './defaults.ts';
export { loadBaseline, baselineKey, BASELINE_KEY, isKeyOf, shortKey } from './baseline.ts';
export { loadScenario, formatErrors, listSize, type Result, type ValidationError } from './load.ts';
export { scenarioJsonSchema, SCENARIO_SCHEMA_ID, LIMITS, type Scenario, type ScenarioInput, type Intervention } from './schema.ts';
export type { ParamValue, Interval, Dist } from './param-value.ts';
export { type Resolution } from './plan.ts';
export { autoGroups } from './grouping.ts';
export { runDeterministic, compareScenarios, contentHash, canonicalJson, type Comparison, type ComparisonCell, type RunOptions } from './run.ts';
export { csvRow, LONG_HEADER, longRows } from './export.ts';
export { parseJsonText } from './json-text.ts';
export { FORMULA_PENDING, setMathLoader } from './formula.ts';
export { describe as describeIntervention, showValue, monthName, ROLE_NAMES, INTERVENTION_TITLES, gapRule, DEFINITIONS, ordinal } from './describe.ts';
export { attribution, sensitivity, sobolInconsistent, tornado, shortLabel, type Outcome, type Waterfall, type Sensitivity, type TornadoBar, type UncertainInput } from './analysis.ts';
export { solve, periodIndex, limitsInWords, LEVERS, LEVER_IDS, type LeverId, type Mix, type Solution, type SolveOptions, type Candidate } from './solve.ts';
export {
  runJob, runPartial, inThread, movingBlocks, jobBlocks, resultOfPartial, JobCancelled,
  BLOCK_SIZE, GROUP_BLOCKS, GROUP_RUNS, BlockMerger,
  type JobWorker, type JobRequest, type JobSummary, type BlockResult, type PartialSums, type Sketch,
} from './job.ts';
export { workbookSheets, type WorkbookSheet, type WorkbookCell } from './workbook.ts';
