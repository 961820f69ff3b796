/**
 * Every default parameter of the model, with its unit, valid range and source (MODEL.md section 12).
 * This is the one place these numbers live: the engine, the schema, the README and the web app's
 * methodology page all read them from here.
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
}

const p = (
  key: string,
  value: ParamValue,
  unit: string,
  [min, max]: [number, number],
  source: string,
  description: string,
): ParamSpec => ({ key, value, unit, min, max, source, description });

const ILL = 'illustrative';

const apptsPerFte: Record<Role, [ParamValue, string]> = {
  gp: [
    { p10: 4500, likely: 5000, p90: 5600 },
    'derived: England 2014/15, 1,321 patients per FTE GP x 5.5 consultations x 62% = about 4,500; BMA safe limit 25 contacts a day x about 210 clinical days = about 5,250',
  ],
  anp: [4500, 'illustrative (15-minute appointments)'],
  nurse: [6500, 'derived: England 2015, 15,400 nurse FTE for 34% of about 310 M consultations (illustrative)'],
  hca: [7000, ILL],
  pharmacist: [3500, 'illustrative (20-30-minute medication reviews)'],
  physio: [4000, 'illustrative (20-minute first-contact slots)'],
  paramedic: [2500, 'illustrative (home visits)'],
  pa: [4500, 'illustrative (15-minute appointments)'],
};

const ARRS = 'maximum additional-roles reimbursement 2020/21 (GBP 55,670)';
const costPerFte: Record<Role, [number, string]> = {
  gp: [110000, 'PSSRU unit costs 2015 (GP GBP 33-44 per consultation), illustrative salary plus on-costs'],
  anp: [60000, ILL],
  nurse: [45000, ILL],
  hca: [28000, ILL],
  pharmacist: [55670, ARRS],
  physio: [55670, ARRS],
  paramedic: [55670, ARRS],
  pa: [55670, ARRS],
};

const ATTRITION_SRC = 'NHS Digital joiners and leavers (about 8-10%, unverified), illustrative';
const attrition: Record<Role, ParamValue> = {
  gp: { p10: 0.07, likely: 0.09, p90: 0.11 },
  anp: 0.12,
  nurse: 0.1,
  hca: 0.12,
  pharmacist: 0.12,
  physio: 0.12,
  paramedic: 0.12,
  pa: 0.12,
};

/**
 * GP replacement is calibrated (npm test checks it) so that, doing nothing, Thurrock's GP FTE falls
 * about 5% in the first year, as it did from 78 FTE (September 2015) to 70 (June 2017).
 */
export const GP_REPLACEMENT = 0.6;

const replacement: Record<Role, [number, string]> = {
  gp: [GP_REPLACEMENT, 'derived: calibrated so Thurrock GP FTE falls about 6% a year, 10.6% from September 2015 to June 2017 (78 -> 70 FTE, -10.3%, Thurrock CCG)'],
  anp: [0.8, ILL],
  nurse: [0.9, ILL],
  hca: [0.8, ILL],
  pharmacist: [0.8, ILL],
  physio: [0.8, ILL],
  paramedic: [0.8, ILL],
  pa: [0.8, ILL],
};

const SUPERVISION_SRC = "illustrative; the Health Foundation's REAL Centre warns of the supervision load";

function roleParams(): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (const r of ROLES) {
    const [appts, apptsSrc] = apptsPerFte[r];
    out.push(p(`workforce.${r}.apptsPerFte`, appts, 'appointments per FTE per year', [0, 20000], apptsSrc, `Appointments one FTE ${r} delivers in a year`));
    const [cost, costSrc] = costPerFte[r];
    out.push(p(`workforce.${r}.costPerFte`, cost, 'GBP per FTE per year', [0, 1e6], costSrc, `Salary plus on-costs of one FTE ${r}`));
    out.push(p(`workforce.${r}.attrition`, attrition[r], 'share of FTE per year', [0, 1], ATTRITION_SRC, `Share of ${r} FTE leaving each year`));
    const [repl, replSrc] = replacement[r];
    out.push(p(`workforce.${r}.replacement`, repl, 'share of leavers', [0, 1], replSrc, `Share of ${r} leavers replaced within the year`));
    const sup = r === 'anp' || r === 'pharmacist' || r === 'physio' || r === 'paramedic' || r === 'pa' ? 0.05 : 0;
    out.push(p(`workforce.${r}.gpSupervision`, sup, 'GP FTE per FTE', [0, 1], sup > 0 ? SUPERVISION_SRC : 'established role: no extra supervision (illustrative)', `GP FTE needed to supervise one FTE ${r}`));
  }
  return out;
}

export const PARAMS: readonly ParamSpec[] = [
  p('demand.trend', { p10: 0.01, likely: 0.017, p90: 0.025 }, 'per year', [-0.1, 0.3], 'Hobbs et al., Lancet 2016: 4.67 -> 5.16 consultations per person-year, 2007/08-2013/14', 'Growth in consultations per head each year'),
  p('demand.navigable', { p10: 0.03, likely: 0.06, p90: 0.1 }, 'share of demand', [0, 1], 'derived: 27% of GP appointments avoidable less the 17% another team member could take (Making Time in General Practice, 2015)', 'Share of demand that care navigation could signpost elsewhere'),
  p('population.growth', { p10: 0.006, likely: 0.011, p90: 0.016 }, 'per year', [-0.1, 0.3], 'Thurrock census 2011 -> 2021, +11.6%', 'Growth of registered lists each year'),
  ...roleParams(),
  p('workforce.gp.over55Share', 0.25, 'share of GP FTE', [0, 1], 'Thurrock Council health scrutiny, c. 2017 (25% of GPs over 55)', 'Share of GP FTE aged 55 or over at the start'),
  p('workforce.gp.retirementYears', 10, 'years', [0.5, 40], 'Thurrock Council health scrutiny, c. 2017 (illustrative horizon)', 'Years over which GPs aged 55+ retire'),
  p('workforce.workingDaysPerFte', 225, 'days per year', [100, 365], ILL, 'Working days in a year of one FTE'),
  p('hub.costPerAppointment', 40, 'GBP per appointment', [0, 1000], 'PSSRU 2015 (GBP 33-44 per GP consultation)', 'Cost of a commissioned hub appointment'),
  p('access.rebook', { p10: 0.4, likely: 0.6, p90: 0.8 }, 'share of unmet demand', [0, 1], ILL, 'Share of unmet demand that returns the next month'),
  p('ae.ratePer1000', 330, 'attendances per 1,000 per year', [0, 2000], 'illustrative (England about 420 attendances per 1,000 a year, all types)', 'A&E attendances of residents'),
  p('ae.avoidableShare', { p10: 0.1, likely: 0.15, p90: 0.3 }, 'share of attendances', [0, 1], "O'Keeffe et al., PLoS One 2018 (15% non-urgent); Primary Care Foundation 2010 (10-30%)", 'Share of A&E attendances that primary care could see'),
  p('ae.spill', { p10: 0.05, likely: 0.1, p90: 0.265 }, 'share of unmet demand', [0, 1], 'Cowling et al., BJGP 2014: 26.5% of those who could not get a GP appointment went to A&E or another urgent service', 'Share of unmet demand that goes to A&E'),
  p('ae.costPerAttendance', 140, 'GBP per attendance', [0, 10000], 'illustrative (NHS reference costs, type 1 A&E)', 'Cost of one A&E attendance'),
  p('resilience.smallPracticeFailure', { p10: 0.02, likely: 0.05, p90: 0.1 }, 'probability per year', [0, 1], 'illustrative: two small Thurrock practices closed in 2017-2018 and four were dormant by 2019', 'Yearly chance that a practice with 1 or 2 GPs, not merged, fails'),
  p('merge.efficiencyGain', { p10: 0, likely: 0.03, p90: 0.06 }, 'share of clinical time', [0, 1], ILL, 'Clinical time freed by merged back offices'),
  p('merge.oneOffCost', 50000, 'GBP per merged group', [0, 1e8], ILL, 'One-off cost of forming one merged group'),
  p('upskillNurses.trainingMonths', 18, 'months', [1, 60], 'illustrative (part-time MSc in advanced practice)', 'Length of ANP training'),
  p('upskillNurses.studyShare', 0.2, 'share of time', [0, 1], 'illustrative (one study day a week)', 'Share of a trainee nurse\'s time spent studying'),
  p('upskillNurses.courseCost', 9000, 'GBP per trainee', [0, 1e6], ILL, 'Course fees per trainee'),
  p('hireAhp.fillRate', 0.8, 'share of posts', [0, 1], ILL, 'Share of advertised posts that are filled'),
  p('hireAhp.rampMonths', 6, 'months', [0, 60], ILL, 'Months until a new hire reaches full output'),
  p('recruit.fillRate', 1, 'share of posts', [0, 1], ILL, 'Share of traditional-model recruitment that succeeds'),
  p('reference.patientsPerGpFte', 1321, 'patients per FTE GP', [1, 1e5], 'seed 002: England 2014/15', 'England reference for the traditional-model requirement'),
  p('reference.safeGpApptsPerDay', 25, 'contacts per GP per day', [1, 200], 'BMA safe working guidance, 2016', 'Safe limit of GP contacts per day'),
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
  gpOnly: 0.485,
  anpSuitable: 0.05,
  nurse: 0.38,
  pharmacy: 0.03,
  msk: 0.025,
  urgent: 0.03,
};
export const DEMAND_MIX_SOURCE =
  'derived: GP 62% / nurse 34% / other 4% (QResearch 2009); about 1 in 6 GP appointments could be taken by another team member (Making Time 2015); home visits 4%';

export const SERVED_BY: Record<CareType, Role[]> = {
  gpOnly: ['gp'],
  anpSuitable: ['anp', 'pa', 'gp'],
  nurse: ['nurse', 'hca', 'anp'],
  pharmacy: ['pharmacist', 'gp'],
  msk: ['physio', 'gp'],
  urgent: ['paramedic', 'anp', 'gp'],
};

/** Share of a period's demand that may go unmet for the gap to count as closed (MODEL.md section 11). */
export const GAP_CLOSED_SHARE = 0.01;

export { AGE_BANDS, CARE_TYPES };
