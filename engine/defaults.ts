/**
 * Every default parameter of the model (capsim model 2), with its unit, valid range and source.
 * This is the one place these numbers live: the engine, the schema, docs/model.md and the web app's
 * methodology page all read them from here. "derived" = arithmetic on cited figures; "illustrative" = a
 * judgement to be replaced by local data; "calibrated" = fitted to a target in docs/model.md.
 */
import type { ParamValue } from './param-value.ts';
import { AGE_BANDS, CARE_TYPES, ROLES, type AgeBand, type CareType, type Role } from './types.ts';

export interface ParamSpec {
  key: string;
  value: ParamValue;
  unit: string;
  min: number;
  max: number;
  source: string;
  description: string;
  /** Only plain integers are accepted (no distribution or formula). */
  integer?: boolean;
}

const p = (key: string, value: ParamValue, unit: string, [min, max]: [number, number], source: string, description: string, integer = false): ParamSpec =>
  ({ key, value, unit, min, max, source, description, ...(integer ? { integer } : {}) });

const ILL = 'illustrative';

/**
 * GP fill rate: share of a GP vacancy filled in a year. Calibrated (scripts/calibrate.ts, checked by
 * test/engine/calibration.test.ts) so that, doing nothing, Thurrock's GP FTE falls from September 2015
 * to June 2017 as it did (78 -> 70 FTE, -10.3%).
 */
export const GP_FILL_RATE = 0.61;

/** Safe and stretch appointments per FTE per working day, with sources. */
const daily: Record<Role, [number, ParamValue, string]> = {
  gp: [25, { p10: 32, likely: 37, p90: 42 }, 'safe: BMA 2016/2018 safe limit of 25 contacts a day; stretch: Pulse 2018 survey of 900 GPs, 41.5 contacts a day'],
  anp: [20, 24, 'illustrative (15-minute appointments)'],
  nurse: [28, 34, 'safe: derived from England 2015 nurse activity (about 6,500 appointments a year per FTE over 225 days); stretch illustrative'],
  hca: [31, 37, ILL],
  pharmacist: [16, 19, 'illustrative (20-30-minute medication reviews)'],
  physio: [18, 21, 'illustrative (20-minute first-contact slots)'],
  paramedic: [11, 13, 'illustrative (home visits)'],
  pa: [20, 24, 'illustrative (15-minute appointments)'],
};

const ARRS = 'maximum additional-roles reimbursement 2020/21 (GBP 55,670)';
const costPerFte: Record<Role, [number, string]> = {
  gp: [110000, 'PSSRU unit costs 2015 (salary plus on-costs, illustrative rounding)'],
  anp: [60000, ILL],
  nurse: [45000, ILL],
  hca: [28000, ILL],
  pharmacist: [55670, ARRS],
  physio: [55670, ARRS],
  paramedic: [55670, ARRS],
  pa: [55670, ARRS],
};

const ATTRITION_SRC = 'NHS Digital general practice workforce joiners and leavers (about 8-10% a year); other roles illustrative';
const attrition: Record<Role, ParamValue> = {
  gp: { p10: 0.07, likely: 0.09, p90: 0.11 }, anp: 0.12, nurse: 0.1, hca: 0.12, pharmacist: 0.12, physio: 0.12, paramedic: 0.12, pa: 0.12,
};

const SUPERVISION_SRC = "illustrative; the Health Foundation's REAL Centre warns of the supervision load of new roles";
const NEW: readonly Role[] = ['anp', 'pharmacist', 'physio', 'paramedic', 'pa'];

function roleParams(): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (const r of ROLES) {
    const [safe, max, src] = daily[r];
    out.push(p(`workforce.${r}.safeDaily`, safe, 'appointments per FTE per working day', [0.1, 200], src, `Safe appointments a day of one FTE ${r}`));
    out.push(p(`workforce.${r}.maxDaily`, max, 'appointments per FTE per working day', [0.1, 200], src, `Appointments a day of one FTE ${r} at full stretch`));
    const [cost, costSrc] = costPerFte[r];
    out.push(p(`workforce.${r}.costPerFte`, cost, 'GBP per FTE per year', [0, 1e6], costSrc, `Salary plus on-costs of one FTE ${r}`));
    out.push(p(`workforce.${r}.attrition`, attrition[r], 'share of FTE per year', [0, 1], ATTRITION_SRC, `Share of ${r} FTE leaving each year at a safe workload`));
    out.push(r === 'gp'
      ? p('workforce.gp.fillRate', GP_FILL_RATE, 'share of vacancy per year', [0, 1], 'calibrated: Thurrock GP FTE 78 (September 2015) to 70 (June 2017), Thurrock CCG', 'Share of a GP vacancy filled in a year')
      : p(`workforce.${r}.fillRate`, 0.6, 'share of vacancy per year', [0, 1], ILL, `Share of a ${r} vacancy filled in a year`));
    const sup = NEW.includes(r) ? 0.05 : 0;
    out.push(p(`workforce.${r}.gpSupervision`, sup, 'GP FTE per FTE while ramping', [0, 1], sup > 0 ? SUPERVISION_SRC : 'established role: no extra supervision (illustrative)',
      `GP FTE needed to supervise one new FTE ${r} (a tenth of it once ramped up)`));
  }
  return out;
}

export const PARAMS: readonly ParamSpec[] = [
  p('demand.scale', 1, 'multiplier', [0.1, 10], 'default 1; calibrate per area where local activity data exist', 'Scales the QResearch consultation rates for an area'),
  p('demand.trend', { p10: 0, likely: 0.01, p90: 0.017 }, 'per year', [-0.1, 0.3],
    'upper: Hobbs et al., Lancet 2016 (4.67 -> 5.16 consultations per person-year, 2007/08-2013/14); lower: de Dumast et al. 2024 (consulting rates fell under capacity limits 2014-2019)',
    'Growth in consultations per head each year'),
  p('demand.navigable', { p10: 0.03, likely: 0.06, p90: 0.1 }, 'share of GP-type demand', [0, 1], 'derived: 27% of GP appointments avoidable less the 17% another team member could take (Making Time in General Practice, 2015)', 'Share of GP-type demand that care navigation could signpost elsewhere'),
  p('population.growth', { p10: 0.006, likely: 0.011, p90: 0.016 }, 'per year', [-0.1, 0.3], 'Thurrock census 2011 -> 2021, +11.6%', 'Growth of registered lists each year'),
  ...roleParams(),
  p('workforce.workingDays', 225, 'days per FTE per year', [100, 365], ILL, 'Working days in a year of one FTE'),
  p('workforce.burnout', { p10: 0, likely: 0.5, p90: 1 }, 'extra attrition per unit of overload', [0, 5], "illustrative: workload is the most cited reason for leaving (GMC and King's Fund surveys)", 'Leavers rise by this times the share by which workload exceeds the safe level'),
  p('workforce.gp.over55Share', 0.25, 'share of GP FTE', [0, 1], 'Thurrock Council health scrutiny, c. 2017 (25% of GPs over 55)', 'Share of GP FTE aged 55 or over at the start'),
  p('workforce.gp.retirementYears', 10, 'years', [0.5, 40], 'illustrative horizon for the over-55s (Thurrock Council health scrutiny, c. 2017)', 'Years over which GPs aged 55+ retire'),
  p('workforce.gp.locumCover', { p10: 0.3, likely: 0.5, p90: 0.7 }, 'share of GP shortfall', [0, 1],
    'illustrative: practices past the stretch ceiling buy locum sessions (MODEL.md section 13 suggests this mechanism); the share is a judgement',
    'Share of the GP FTE a pool lacks at the stretch ceiling that it covers with locum sessions'),
  p('workforce.gp.locumCostPerFte', 140000, 'GBP per locum FTE per year', [0, 1e6], 'illustrative: about 1,700 hours a year at GBP 80-90 an hour (typical GP locum rates 2015-2017)', 'Cost of a year of locum sessions'),
  p('hub.costPerAppointment', 40, 'GBP per appointment', [0, 1000], 'PSSRU 2015 (GBP 33-44 per GP consultation)', 'Cost of a commissioned hub appointment'),
  p('access.failureRef', { p10: 0.09, likely: 0.115, p90: 0.13 }, 'share of first attempts', [0, 1], 'GP Patient Survey: could not get an appointment, 9% (2012) to 12% (2017); 11.3% in 2017', 'Share of GP-type first attempts that fail at the England reference load'),
  p('access.loadRef', 21.7, 'GP appointments asked per GP FTE per working day', [1, 200],
    'derived: at England 2014/15 staffing (1,321 patients per FTE GP, seed 002) and age structure, QResearch rates give 5.56 consultations a head, 62% GP-type, so 20.2 first attempts a GP day, 21.7 with the retries of an 11.5% failure rate; NHS Digital Appointments in General Practice 2019 gives about 21',
    'GP load at which an England-average practice fails access.failureRef of first attempts'),
  p('access.elasticity', { p10: 0.5, likely: 1, p90: 1.5 }, 'elasticity', [0, 5], 'illustrative; seed 002: a strong positive correlation between under-doctoring and poor outcomes', 'How fast access failure rises with the GP load'),
  p('access.failureMin', 0.03, 'share', [0, 1], ILL, 'Least share of GP-type attempts that fail'),
  p('access.failureMax', 0.6, 'share', [0, 1], ILL, 'Most share of GP-type attempts that fail from the queue (beyond it only the stretch ceiling)'),
  p('access.rebook', { p10: 0.4, likely: 0.6, p90: 0.8 }, 'share of failed attempts', [0, 1], 'illustrative; GP Patient Survey 2017: 14.6% of those who could not get an appointment saw or spoke to no one', 'Share of failed attempts that try again next month'),
  p('access.maxRetries', 2, 'retries', [0, 6], ILL, 'Retries after the first attempt before an episode ends unmet', true),
  p('ae.ratePer1000', { p10: 300, likely: 330, p90: 420 }, 'attendances per 1,000 per year', [0, 2000], 'illustrative (England about 423 attendances per 1,000 a year, all types, 2016/17-2018/19)', 'Observed A&E attendances of residents'),
  p('ae.accessShare', { p10: 0.175, likely: 0.265, p90: 0.37 }, 'share of attendances', [0, 1], 'Cowling et al., BJGP 2014: about a quarter of unplanned attendances had first tried to see a GP (26.5%, 17.5-37.2%)', 'Share of A&E attendances that follow failed access to primary care'),
  p('ae.avoidableShare', { p10: 0.1, likely: 0.15, p90: 0.3 }, 'share of attendances', [0, 1], "O'Keeffe et al., PLoS One 2018 (15% non-urgent); Primary Care Foundation 2010 (10-30%)", 'Share of A&E attendances that primary care could see'),
  p('ae.costPerAttendance', 140, 'GBP per attendance', [0, 10000], 'illustrative (NHS reference costs, type 1 A&E)', 'Cost of one A&E attendance'),
  p('resilience.smallPracticeFailure', { p10: 0.02, likely: 0.05, p90: 0.1 }, 'probability per year', [0, 1], 'illustrative: two small Thurrock practices closed in 2017-2018', 'Yearly chance that a practice with 1 or 2 GPs, not merged, fails'),
  p('resilience.staffTransfer', 0.5, 'share of staff', [0, 1], ILL, "Share of a failed practice's staff who move with its list"),
  p('merge.efficiencyGain', { p10: 0, likely: 0.03, p90: 0.06 }, 'share of clinical time', [0, 1], ILL, 'Clinical time freed by merged back offices'),
  p('merge.oneOffCost', 50000, 'GBP per merged group', [0, 1e8], ILL, 'One-off cost of forming one merged group'),
  p('upskillNurses.trainingMonths', 18, 'months', [1, 60], 'illustrative (part-time MSc in advanced practice)', 'Length of ANP training', true),
  p('upskillNurses.studyShare', 0.2, 'share of time', [0, 1], 'illustrative (one study day a week)', "Share of a trainee nurse's time spent studying"),
  p('upskillNurses.courseCost', 9000, 'GBP per trainee', [0, 1e6], ILL, 'Course fees per trainee'),
  p('upskill.backfill', 0.8, 'share of trainee posts', [0, 1], ILL, "Share of each trainee's nurse post re-advertised when training starts"),
  p('upskill.maxShare', 0.3, 'share of nurses', [0, 1], ILL, "Most of a pool's practice nurses ever upskilled"),
  p('hireAhp.fillRate', 0.8, 'share of posts', [0, 1], ILL, 'Share of new posts filled at once (the rest as vacancies, at the role fill rate)'),
  p('hireAhp.rampMonths', 6, 'months', [0, 60], ILL, 'Months until a new hire reaches full output', true),
  p('recruit.fillRate', 0.5, 'share of posts', [0, 1], 'illustrative: the CCG judged the traditional model unrecruitable (seed 003)', 'Share of a recruitment campaign\'s posts filled'),
  p('reference.patientsPerGpFte', 1321, 'patients per FTE GP', [1, 1e5], 'seed 002: England 2014/15', 'England reference for the traditional-model requirement'),
  p('target.safeDaily', 25, 'GP appointments per GP per day', [1, 200], 'BMA 2018 safe limit of 25 contacts a day', 'Workload at or below which a pool counts as safe'),
  p('target.patientShare', 0.9, 'share of patients', [0, 1], ILL, 'Share of patients who must be in safe pools for the gap to be closed'),
  p('target.accessFailure', 0.13, 'share of first attempts', [0, 1], "illustrative, near England's 12% in 2017 (GP Patient Survey)", 'Access failure at or below which the gap can be closed'),
];

export const PARAM_BY_KEY: ReadonlyMap<string, ParamSpec> = new Map(PARAMS.map((s) => [s.key, s]));

/** Consultations per person-year by age band, averaged over sex; built from QResearch 2009 by scripts/build-baselines.ts. */
export const RATE_PER_HEAD: Record<AgeBand, number> = {
  '0-4': 6.920260,
  '5-14': 2.319646,
  '15-44': 4.109872,
  '45-64': 5.620691,
  '65-74': 8.945958,
  '75-84': 11.897658,
  '85+': 12.911317,
};
export const RATE_PER_HEAD_SOURCE =
  'QResearch / NHS Information Centre, Trends in consultation rates in general practice 1995 to 2008 (2008 rates), averaged over sex and over the five-year bands inside each band';

export const DEMAND_MIX: Record<CareType, number> = {
  gpOnly: 0.4,
  anpSuitable: 0.1,
  nurse: 0.38,
  pharmacy: 0.04,
  msk: 0.05,
  urgent: 0.03,
};
export const DEMAND_MIX_SOURCE =
  'derived: GP 62% / nurse 38% (QResearch 2009); about 1 in 6 GP appointments could be taken by another team member (Making Time in General Practice 2015); musculoskeletal problems about 14% of GP consultations (Jordan et al. 2010), a third suited to first-contact physiotherapy; home visits about 4%';

/** GP-type care: everything but `nurse` (MODEL section 4). */
export const GP_TYPE: Record<CareType, boolean> = { gpOnly: true, anpSuitable: true, nurse: false, pharmacy: true, msk: true, urgent: true };

export const SERVED_BY: Record<CareType, Role[]> = {
  gpOnly: ['gp'],
  anpSuitable: ['anp', 'pa', 'gp'],
  nurse: ['nurse', 'hca', 'anp'],
  pharmacy: ['pharmacist', 'gp'],
  msk: ['physio', 'gp'],
  urgent: ['paramedic', 'anp', 'gp'],
};

/** Parameters of model 1 that model 2 renamed or removed: how a version-1 scenario is migrated. */
export const V1_RENAMED: Readonly<Record<string, string>> = {
  'workforce.workingDaysPerFte': 'workforce.workingDays',
  'reference.safeGpApptsPerDay': 'target.safeDaily',
};
export const V1_REMOVED: Readonly<Record<string, string>> = {
  'ae.spill': 'model 2 moves A&E at the margin from the observed level (ae.accessShare) instead of sending a share of every failed attempt',
  replacement: 'model 2 fills vacancies toward an establishment at workforce.<role>.fillRate',
};

export { AGE_BANDS, CARE_TYPES };
