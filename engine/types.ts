/** Shared vocabulary of the capsim model (version 4; docs/model.md). */

export const MODEL_VERSION = 'capsim-model@4';
export const RESULT_SCHEMA_ID = 'capsim/result@4';

export const ROLES = ['gp', 'anp', 'nurse', 'hca', 'pharmacist', 'physio', 'paramedic', 'pa'] as const;
export type Role = (typeof ROLES)[number];

/** Index of each role in ROLES (and in every per-role array of the engine). */
export const ROLE_INDEX: Readonly<Record<Role, number>> = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<Role, number>;
/**
 * New roles (docs/model.md, "Roles"): part of their appointments substitute for a GP's, and they take GP
 * time to supervise while ramping up and after.
 */
export const NEW_ROLE_LIST = ['anp', 'pharmacist', 'physio', 'paramedic', 'pa'] as const;
export type NewRole = (typeof NEW_ROLE_LIST)[number];
export const isNewRole = (r: Role): r is NewRole => (NEW_ROLE_LIST as readonly Role[]).includes(r);
export const AHP_ROLES = ['pharmacist', 'physio', 'paramedic', 'pa'] as const;

export const CARE_TYPES = ['gpOnly', 'anpSuitable', 'nurse', 'pharmacy', 'msk', 'urgent'] as const;
export type CareType = (typeof CARE_TYPES)[number];

export const AGE_BANDS = ['0-4', '5-14', '15-44', '45-64', '65-74', '75-84', '85+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** A number carrying its provenance: a citation (document, year) or "illustrative: why". */
export type Source = string;

export interface BaselinePractice {
  code: string;
  name: string;
  postcode: string;
  locality: string;
  /** Registered list by age band, same order as AGE_BANDS. */
  list: number[];
  need: number;
  /** FTE by role; for GPs the substantive FTE (partners, salaried, registrars). */
  fte: Record<Role, number>;
  /** GP locum FTE at the start, where known (the model buys locums each month from the area's supply). */
  gpLocum?: number;
  gpHeadcount: number;
}

export interface BaselineLocality {
  id: string;
  name: string;
  area: string;
  hub: { gpAppointments: number; nurseAppointments: number };
}

export interface Baseline {
  schema: 'capsim/baseline@1';
  id: string;
  name: string;
  description: string;
  /** Default start month of a scenario on this baseline: April of the base year. */
  start: string;
  /**
   * Areas (CCGs, Sub-ICBs): optionally their own yearly list growth and GP fill rate, which take the place
   * of the model's defaults unless a scenario sets those parameters (each with its source in `sources`);
   * `demandScale`, calibrated to the area's recorded appointments, likewise takes the place of `demand.scale`,
   * and `aeRatePer1000`, from the user's own A&E table, of `ae.ratePer1000`.
   */
  areas: { id: string; name: string; growth?: number; gpFillRate?: number; demandScale?: number; aeRatePer1000?: number;
    /** The fill rate at which the area's GPs start in balance, where it differs from `gpFillRate` (a fit to an earlier snapshot). */
    gpBalanceFillRate?: number }[];
  localities: BaselineLocality[];
  practices: BaselinePractice[];
  /**
   * England's registered patients per GP FTE on this baseline's counting basis and in its year (model 4):
   * England's practice, which access, the gap and the like-for-like shortfall are measured against. Absent:
   * the model's default (England, September 2015).
   */
  reference?: {
    patientsPerGpFte: number; source: string;
    /** England's own demand scale (its recorded appointments against the 2008 rates), where built from today's files. */
    demandScale?: number;
    /** The share of England's GP-type demand its GPs see, the rest taken by its other roles, where built from today's files. */
    gpShare?: number;
  };
  /** Whose data and as of when, for a baseline built from NHS England's files (docs/data.md). */
  provenance?: { publisher: string; extract: string; area: string };
  /** Where each field comes from, keyed by field path ("practices[].list"). */
  sources: Record<string, Source>;
  notes: string[];
}

/** Summary of one metric in one period over the Monte Carlo runs. */
export interface Summary {
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

export const METRICS = [
  'population',
  'demand',
  'capacity',
  'capacityMax',
  'served',
  'servedGp',
  'servedPerHead',
  'unmet',
  'unmetShare',
  'accessFailure',
  'backlog',
  'waitWeeks',
  ...ROLES.map((r) => `fte.${r}` as const),
  ...ROLES.map((r) => `workload.${r}` as const),
  'locumFte',
  'fte.gpLocum',
  'fte.gpAll',
  'gpApptsPerGpDay',
  'patientsPerGpFte',
  'additionalGpFteTraditional',
  'additionalGpFteLikeForLike',
  'gpFteGap',
  'gapClosedShare',
  'signposted',
  'aeAttendances',
  'aeDiverted',
  'costPrimaryCare',
  'costAe',
  'cost',
  'costPrimaryCareCumulative',
  'costCumulative',
  'probGapClosed',
] as const;
export type Metric = (typeof METRICS)[number];

/** Whether a lower value of the metric is better (true), higher is better (false), or neither (null). */
export const LOWER_IS_BETTER: Record<Metric, boolean | null> = Object.fromEntries(
  METRICS.map((m) => [
    m,
    m === 'population' || m === 'demand' || m === 'aeDiverted' || m === 'signposted' || m === 'locumFte' || m === 'fte.gpLocum' || (m.startsWith('workload.') && m !== 'workload.gp')
      ? null
      : m === 'capacity' || m === 'capacityMax' || m === 'served' || m === 'servedGp' || m === 'servedPerHead' || m === 'probGapClosed' || m === 'gapClosedShare' || m.startsWith('fte.')
        ? false
        : true,
  ]),
) as Record<Metric, boolean | null>;

export type StartStocks = Record<string, number>;

export interface LocalityResult {
  id: string;
  name: string;
  area: string;
  start: StartStocks;
  metrics: Record<Metric, Summary[]>;
}

export interface ScenarioResult {
  schema: typeof RESULT_SCHEMA_ID;
  scenario: { name: string; hash: string };
  model: string;
  /**
   * England's patients per GP FTE the result is measured against (the baseline's, on its counting basis, or
   * the scenario's), and the seeds' headcount ratio behind `additionalGpFteTraditional` (model 4).
   */
  reference: { patientsPerGpFte: number; seedsPatientsPerGp: number;
    /** England's reference GP load (access.loadRef) the run used (its central value when drawn per run). */
    loadRef: number };
  seed: number;
  runs: number;
  periods: string[];
  localities: LocalityResult[];
  total: { start: StartStocks; metrics: Record<Metric, Summary[]> };
}
