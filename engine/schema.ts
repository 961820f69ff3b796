/**
 * The scenario file format (`capsim/scenario@2`; scenarios/schema.json is generated from it), defined once. `loadScenario` validates with it and
 * scripts/build-schema.ts publishes it as scenarios/schema.json.
 */
import { z } from 'zod';
import { DEMAND_MIX, PARAMS, PARAM_BY_KEY } from './defaults.ts';
import { DistSchema, IntervalSchema } from './param-value.ts';
import { AGE_BANDS, AHP_ROLES, CARE_TYPES, ROLES } from './types.ts';

export const SCENARIO_SCHEMA_ID = 'capsim/scenario@2';
export const SCENARIO_SCHEMA_V1 = 'capsim/scenario@1';

/**
 * Caps on the work one scenario can ask for (issue: no input can hang a run). Runs: 100,000 keep the
 * summaries exact-or-sketched in flat memory and a Thurrock run under three minutes on one core; the browser
 * caps at 10,000 and the board view at 1,000. Interventions: 200 is ten times the richest strategy we know.
 */
/**
 * Caps on a scenario's size. `formulaWork` bounds the checking of formulas (each is evaluated at every month):
 * total formula characters times months, about half a second of checking at most.
 */
export const LIMITS = { runs: 100_000, years: 20, interventions: 200, groups: 500, practicesPerGroup: 500, housing: 500, formulaWork: 5_000_000 } as const;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** A parameter value whose plain numbers and interval ends must lie in [min, max]. */
export function paramValue(min: number, max: number, description?: string, formula = true) {
  const inRange = (x: number) => x >= min && x <= max;
  const msg = `must be between ${min} and ${max}`;
  const s = z.union([
    z.number().min(min).max(max),
    formula
      ? z.string().min(1, 'a formula cannot be empty')
      : z.string().refine(() => false, 'this parameter is fixed for a whole run: give a number, {p10, p90} or a {dist: ...} object, not a formula of t'),
    IntervalSchema.refine((v) => inRange(v.p10) && inRange(v.p90), { message: `p10 and p90 ${msg}` }),
    DistSchema.refine((v) => !('min' in v) || (inRange(v.min) && inRange(v.max)), { message: `min and max ${msg}` }),
  ]);
  return description ? s.describe(description) : s;
}

/**
 * The one table of intervention fields that override a model parameter: the schema describes and bounds
 * them by it, the loader checks their formulas against its range, and the plan draws them under the
 * parameter's default when absent.
 */
export const FIELD_PARAM: Readonly<Record<string, string>> = {
  efficiencyGain: 'merge.efficiencyGain', oneOffCost: 'merge.oneOffCost', sharedShare: 'merge.sharedShare', accessPenalty: 'merge.accessPenalty',
  studyShare: 'upskillNurses.studyShare', courseCost: 'upskillNurses.courseCost', backfill: 'upskill.backfill', maxShare: 'upskill.maxShare',
  costPerAppointment: 'hub.costPerAppointment', external: 'navigation.external', costPerEpisode: 'careNavigation.costPerEpisode',
};

/** Parameters the plan reads once per run (not month by month), so a formula of t would not run. */
export const FIXED_PER_RUN: ReadonlySet<string> = new Set(['demand.scale']);

const param = (key: string) => {
  const spec = PARAM_BY_KEY.get(key);
  if (!spec) throw new Error(`no default parameter ${key}`);
  const text = `${spec.description} (${spec.unit}). Default ${JSON.stringify(spec.value)}; source: ${spec.source}`;
  return spec.integer ? z.number().int('must be a whole number').min(spec.min).max(spec.max).describe(text) : paramValue(spec.min, spec.max, text, !FIXED_PER_RUN.has(key));
};

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written "YYYY-MM"');
const Localities = z.array(z.string().min(1)).min(1, 'must name at least one locality').optional()
  .describe('Limit the intervention to these localities (ids); all localities when absent');

const common = {
  from: Month.optional().describe('Month the intervention starts; the scenario start when absent'),
  localities: Localities,
  label: z.string().max(200).optional(),
  rationale: z.string().max(5000).optional().describe('Why this change and these numbers, in plain English'),
};

const share = paramValue(0, 1);
const nonNeg = paramValue(0, 1e9);

export const MergeSchema = z.strictObject({
  type: z.literal('merge'),
  ...common,
  groups: z.union([z.literal('auto'), z.array(z.array(z.string().min(1)).min(1, 'a group needs at least one practice').max(LIMITS.practicesPerGroup)).min(1).max(LIMITS.groups)])
    .default('auto'),
  names: z.array(z.string().trim().min(1, 'a pool name cannot be empty').max(80)).max(LIMITS.groups).optional()
    .describe('Names of the pools, one per group in the same order (labels for people: they change no number)'),
  target: z.tuple([z.number().positive(), z.number().positive()]).refine(([a, b]) => a <= b, 'needs [min, max] with min <= max')
    .default([30000, 50000]),
  efficiencyGain: param('merge.efficiencyGain').optional(),
  sharedShare: param('merge.sharedShare').optional(),
  accessPenalty: param('merge.accessPenalty').optional(),
  oneOffCost: param('merge.oneOffCost').optional(),
});

export const UpskillNursesSchema = z.strictObject({
  type: z.literal('upskillNurses'),
  ...common,
  perYear: nonNeg.describe('Practice nurse FTE starting ANP training each year'),
  trainingMonths: z.number().int().min(1).max(60).optional(),
  studyShare: param('upskillNurses.studyShare').optional(),
  courseCost: param('upskillNurses.courseCost').optional(),
  backfill: param('upskill.backfill').optional(),
  maxShare: param('upskill.maxShare').optional(),
});

export const HireAhpSchema = z.strictObject({
  type: z.literal('hireAhp'),
  ...common,
  role: z.enum([...AHP_ROLES, 'anp']),
  ftePerYear: nonNeg.describe('FTE posts advertised each year'),
  maxFte: finite.min(0).describe('Most FTE of the role in post across the localities'),
  fillRate: param('hireAhp.fillRate').optional(),
  rampMonths: z.number().int().min(0).max(60).optional(),
});

export const ExpandHubSchema = z.strictObject({
  type: z.literal('expandHub'),
  ...common,
  locality: z.string().min(1),
  gpAppointments: nonNeg.default(0).describe('Extra hub GP appointments a year'),
  nurseAppointments: nonNeg.default(0).describe('Extra hub nurse appointments a year'),
  costPerAppointment: param('hub.costPerAppointment').optional(),
});

export const DivertAeSchema = z.strictObject({
  type: z.literal('divertAe'),
  ...common,
  share: param('divertAe.share').optional().describe('Share of avoidable A&E attendances moved into primary care; default uncertain, 0-0.3 (likely 0.1): evaluations of GP streaming found no consistent effect'),
  withCapacity: z.boolean().default(true)
    .describe('true: the diverted patients are seen in commissioned hub sessions (GP streaming), paid per appointment; false: they join the practices\' existing demand'),
});

export const CareNavigationSchema = z.strictObject({
  type: z.literal('careNavigation'),
  ...common,
  share: share.describe('Share of navigable demand navigated (signposted out of the practice or re-routed to other roles)'),
  external: param('navigation.external').optional(),
  costPerEpisode: param('careNavigation.costPerEpisode').optional(),
});

export const RecruitSchema = z.strictObject({
  type: z.literal('recruit'),
  ...common,
  role: z.enum(ROLES).default('gp'),
  ftePerYear: nonNeg.describe('Posts added (and campaign hires made) each year while below the target'),
  targetFte: finite.min(0).optional().describe('Total establishment of the role to reach across the localities'),
  patientsPerFte: finite.min(1).optional().describe('Or: keep each practice at this many patients per FTE of the role'),
  fillRate: param('recruit.fillRate').optional(),
}).refine((v) => (v.targetFte === undefined) !== (v.patientsPerFte === undefined), { message: 'give exactly one of targetFte and patientsPerFte', path: ['targetFte'] });

export const InterventionSchema = z.discriminatedUnion('type', [
  MergeSchema,
  UpskillNursesSchema,
  HireAhpSchema,
  ExpandHubSchema,
  DivertAeSchema,
  CareNavigationSchema,
  RecruitSchema,
]);

const MixSchema = z.strictObject(Object.fromEntries(CARE_TYPES.map((c) => [c, z.number().min(0).max(1)])) as Record<(typeof CARE_TYPES)[number], z.ZodNumber>)
  .refine((m) => Math.abs(Object.values(m).reduce((a, b) => a + b, 0) - 1) < 1e-6, 'shares must sum to 1')
  .describe(`Shares of demand by care type; default ${JSON.stringify(DEMAND_MIX)}`);

const RateSchema = z.strictObject(Object.fromEntries(AGE_BANDS.map((b) => [b, z.number().min(0).max(100)])) as Record<(typeof AGE_BANDS)[number], z.ZodNumber>)
  .describe('Consultations per person-year by age band');

const ServedBySchema = z.strictObject(Object.fromEntries(CARE_TYPES.map((c) => [c, z.array(z.enum(ROLES)).min(1).optional()])))
  .describe('Roles able to serve each care type, in order of preference');

export const ParametersSchema = z.strictObject({
  ...Object.fromEntries(PARAMS.map((s) => [s.key, param(s.key).optional()])),
  'demand.mix': MixSchema.optional(),
  'demand.ratePerHead': RateSchema.optional(),
  'demand.servedBy': ServedBySchema.optional(),
  'population.growthByLocality': z.record(z.string(), param('population.growth')).optional()
    .describe('Growth overrides by locality id'),
});

export const HousingSchema = z.strictObject({
  locality: z.string().min(1),
  from: Month,
  residents: finite.min(0),
  label: z.string().max(200).optional(),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  schema: z.literal(SCENARIO_SCHEMA_ID).default(SCENARIO_SCHEMA_ID),
  name: z.string().min(1, 'must not be empty').max(200),
  description: z.string().max(10000).optional(),
  baseline: z.string().min(1),
  start: Month.optional(),
  years: z.number().int().min(1).max(LIMITS.years).default(10),
  runs: z.number().int().min(1).max(LIMITS.runs, `must be at most ${LIMITS.runs.toLocaleString('en-GB')} (the cap on runs)`).default(1000),
  seed: z.number().int().min(0).max(4294967295).default(1),
  parameters: ParametersSchema.default({}),
  rationale: z.record(z.string(), z.string().max(5000)).optional()
    .describe('Why each parameter has its value, keyed like parameters'),
  housing: z.array(HousingSchema).max(LIMITS.housing).default([]),
  interventions: z.array(InterventionSchema).max(LIMITS.interventions, `at most ${LIMITS.interventions} interventions`).default([]),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Intervention = z.output<typeof InterventionSchema>;
export type Parameters = z.output<typeof ParametersSchema>;
/** A validated scenario with its defaults filled (start is always set). */
export type Scenario = z.output<typeof ScenarioSchema> & { start: string };

/** JSON Schema of scenario files, generated from the definition above. */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' });
}
