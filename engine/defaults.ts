/**
 * Every default parameter of the model (capsim model 4), with its unit, valid range and source.
 * This is the one place these numbers live: the engine, the schema, docs/model.md and the web app's
 * methodology page all read them from here. "derived" = arithmetic on cited figures; "illustrative" = a
 * judgement to be replaced by local data; "calibrated" = fitted to a target in docs/model.md.
 */
import type { ParamValue } from './param-value.ts';
import { AGE_BANDS, CARE_TYPES, isNewRole, NEW_ROLE_LIST, ROLES, type AgeBand, type CareType, type NewRole, type Role } from './types.ts';

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

/** A role in words, for parameter descriptions (the keys keep the role's code). */
const ROLE_WORDS: Record<string, string> = { gp: 'GP', anp: 'ANP', nurse: 'practice nurse', hca: 'healthcare assistant', pharmacist: 'pharmacist', physio: 'physiotherapist', paramedic: 'paramedic', pa: 'physician associate' };
const roleWord = (r: string) => ROLE_WORDS[r] ?? r;
const aRole = (r: string) => `${/^[aeiouAEIOU]/.test(roleWord(r)) ? 'an' : 'a'} ${roleWord(r)}`;

/**
 * England's registered patients per GP FTE, counting registrars and locums as every baseline does, September
 * 2015 (HSCIC, April 2016: 34,592 FTE for about 57.2M registered): the 2015/16 baselines' reference (model 4).
 */
export const ENGLAND_PPG_FTE_2015 = 1650;
/** The seeds' England figure, seed 002 (2014/15): a headcount ratio, kept for the seeds' own arithmetic only. */
export const SEEDS_PPG = 1321;
/** QResearch 2008 consultation rates at England's mid-2015 age structure: consultations a head a year, and the GP share. */
export const ENGLAND_CONSULTATIONS_PER_HEAD = 5.56;
export const ENGLAND_GP_SHARE = 0.62;
/** Working days of the derivation (workforce.workingDays' default). */
const REF_DAYS = 225;
/** First attempts plus the retries of an England practice (failureRef 0.115, rebook 0.6, two retries). */
const RETRY_FACTOR = 1 + 0.115 * 0.6 + (0.115 * 0.6) ** 2;

/**
 * England's practice at a reference of `patientsPerGpFte` (model 4, one place): GP-type first attempts per
 * GP FTE a working day (`target.gpDaily`) and with their retries (`access.loadRef`, a GP's normal output).
 * `demandScale` is England's own demand scale where a built baseline gives one (England's recorded
 * appointments against the 2008 rates): England's practice then asks that much more of each GP.
 * @example englandLoad(1650) // { gpDaily: 25.28..., loadRef: 27.14... }
 */
export function englandLoad(patientsPerGpFte: number, demandScale = 1): { gpDaily: number; loadRef: number } {
  const gpDaily = (patientsPerGpFte * ENGLAND_CONSULTATIONS_PER_HEAD * ENGLAND_GP_SHARE * demandScale) / REF_DAYS;
  return { gpDaily, loadRef: gpDaily * RETRY_FACTOR };
}
const ENGLAND_LOAD = englandLoad(ENGLAND_PPG_FTE_2015);

/**
 * England's recorded appointments a head a year (GPAD: 383.3M in the 12 months to June 2025 over about 63M
 * registered) against the 5.56 consultations a head the 2008 rates give at England's age structure: the demand
 * scale of a baseline built without an appointments file, and England's own in its reference (model 4, 1a).
 */
export const ENGLAND_RECORDED_PER_HEAD_2025 = 6.0;
export const ENGLAND_GP_SHARE_2024 = 0.456;
export const TODAY_DEMAND_SCALE = Math.round((ENGLAND_RECORDED_PER_HEAD_2025 / ENGLAND_CONSULTATIONS_PER_HEAD) * 1e4) / 1e4;

/**
 * GP fill rate: share of a GP vacancy filled in a year. Calibrated (scripts/calibrate.ts, checked by
 * test/engine/calibration.test.ts) so that, doing nothing, Thurrock's GP FTE including locums falls from
 * September 2015 to June 2017 as it did (78 -> 70 FTE counting locums and registrars, -10.3%).
 */
export const GP_FILL_RATE = 0.52;

/**
 * Appointments per FTE per working day at a normal pace and at full stretch (model 3: one unit, an
 * appointment as counted in the demand rates). GPs have none here: their normal load is England's
 * reference load `access.loadRef` and their stretch `workforce.gp.stretch` times it.
 */
const daily: Record<Exclude<Role, 'gp'>, [number, number, string]> = {
  anp: [17, 23, 'Venning et al., BMJ 2000: nurse practitioner consultations 11.6 against 7.3 minutes, so 0.63 of the GP\'s rate: 0.63 x access.loadRef (27.1) = 17, at stretch 0.63 x 1.35 x 27.1 = 23 (model 4; model 3 took 0.63 of the headcount-based 21.7)'],
  nurse: [28, 34, 'normal: derived from England 2015 nurse activity (about 6,500 appointments a year per FTE over 225 days); stretch illustrative'],
  hca: [31, 37, ILL],
  pharmacist: [10, 13, 'illustrative: 20-30-minute clinics for part of the day, the rest on prescribing work'],
  physio: [16, 18, 'first-contact physiotherapy evaluations: about 8 twenty-minute slots a session'],
  paramedic: [7, 9, 'illustrative: home visits with travel'],
  pa: [17, 23, 'Drennan et al., BJGP 2015: physician associate consultations 5.8 minutes longer than a GP\'s of about 10, so about 0.63 of the GP\'s rate: 0.63 x access.loadRef (27.1) = 17, at stretch 23 (model 4)'],
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

/**
 * New roles (model 3): the share of their appointments that resolve an episode that would otherwise need a
 * GP, and the GP FTE that supervises one FTE while it ramps up and after.
 */
const SUB_SRC: Record<NewRole, [ParamValue, string]> = {
  anp: [{ p10: 0.8, likely: 0.9, p90: 0.95 }, 'illustrative'],
  pa: [{ p10: 0.7, likely: 0.8, p90: 0.9 }, "illustrative; some consultations need a GP's review (Drennan et al., BJGP 2015)"],
  physio: [{ p10: 0.35, likely: 0.5, p90: 0.65 }, 'first-contact physiotherapy evaluations: 40-69% of appointments first contacts; 8-25% return to a GP'],
  pharmacist: [{ p10: 0.5, likely: 0.7, p90: 0.85 }, 'illustrative'],
  paramedic: [{ p10: 0.6, likely: 0.8, p90: 0.9 }, 'illustrative'],
};
const SUPERVISION: Record<NewRole, [number, number]> = { pa: [0.2, 0.1], anp: [0.1, 0.03], pharmacist: [0.1, 0.03], physio: [0.05, 0.02], paramedic: [0.1, 0.05] };
const SUPERVISION_SRC = 'illustrative; McDermott et al., NIHR HSDR 2022: new roles increased the GP time spent supervising';

function roleParams(): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (const r of ROLES) {
    if (r !== 'gp') {
      const [ref, max, src] = daily[r];
      out.push(p(`workforce.${r}.refDaily`, ref, 'appointments per FTE per working day', [0.1, 200], src, `Appointments a day of one FTE ${roleWord(r)} at a normal pace`));
      out.push(p(`workforce.${r}.maxDaily`, max, 'appointments per FTE per working day', [0.1, 200], src, `Appointments a day of one FTE ${roleWord(r)} at full stretch`));
    }
    const [cost, costSrc] = costPerFte[r];
    out.push(p(`workforce.${r}.costPerFte`, cost, 'GBP per FTE per year', [0, 1e6], costSrc, `Salary plus on-costs of one FTE ${roleWord(r)}`));
    out.push(p(`workforce.${r}.attrition`, attrition[r], 'share of FTE per year', [0, 1], ATTRITION_SRC, `Share of ${roleWord(r)} FTE leaving each year at a normal workload`));
    out.push(r === 'gp'
      ? p('workforce.gp.fillRate', GP_FILL_RATE, 'share of vacancy per year (a yearly rate: 1.5 fills a vacancy in 8 months on average)', [0, 5], 'calibrated: Thurrock GP FTE including locums 78 (September 2015) to 70 (June 2017), Thurrock CCG', 'Share of a GP vacancy filled in a year')
      : p(`workforce.${r}.fillRate`, 0.6, 'share of vacancy per year', [0, 1], ILL, `Share of ${aRole(r)} vacancy filled in a year`));
    if (isNewRole(r)) {
      const [sub, subSrc] = SUB_SRC[r];
      out.push(p(`workforce.${r}.substitution`, sub, 'episodes resolved per appointment', [0, 1], subSrc,
        `Share of ${aRole(r)}'s appointments that resolve an episode that would otherwise need a GP`));
      const [ramp, after] = SUPERVISION[r];
      out.push(p(`workforce.${r}.rampSupervision`, ramp, 'GP FTE per FTE while ramping up', [0, 1], SUPERVISION_SRC, `GP FTE supervising one new FTE ${roleWord(r)} while it ramps up`));
      out.push(p(`workforce.${r}.supervision`, after, 'GP FTE per FTE once ramped up', [0, 1], SUPERVISION_SRC, `GP FTE supervising one FTE ${roleWord(r)} once it is at full output`));
    }
  }
  return out;
}

export const PARAMS: readonly ParamSpec[] = [
  p('demand.scale', 1, 'multiplier', [0.1, 10], 'default 1; calibrate per area where local activity data exist', 'Scales the QResearch consultation rates for an area'),
  p('demand.trend', { p10: 0, likely: 0.01, p90: 0.017 }, 'per year', [-0.1, 0.3],
    'upper: Hobbs et al., Lancet 2016 (4.67 -> 5.16 consultations per person-year, 2007/08-2013/14); lower: de Dumast et al. 2024 (consulting rates fell under capacity limits 2014-2019)',
    'Growth in consultations per head each year'),
  p('demand.navigable', { p10: 0.03, likely: 0.06, p90: 0.1 }, 'share of GP-type demand', [0, 1], 'derived: 27% of GP appointments avoidable less the 17% another team member could take (Making Time in General Practice, 2015)', 'Share of GP-type demand that care navigation could signpost elsewhere'),
  p('navigation.external', { p10: 0.03, likely: 0.1, p90: 0.25 }, 'share of navigated episodes', [0, 1],
    'South Tees: 644 of 26,747 GP hours "saved" by navigation were external, about 2% (the rest re-routed to practice staff); the likely 10% and upper 25% are illustrative',
    'Share of navigated episodes that leave the practice (community pharmacy, self-care, other services); the rest are re-routed to other practice roles'),
  p('careNavigation.costPerEpisode', 5, 'GBP per navigated episode', [0, 1000], 'illustrative: about ten minutes of a trained receptionist or care co-ordinator', 'Cost of navigating one episode'),
  p('population.growth', { p10: 0.006, likely: 0.011, p90: 0.016 }, 'per year', [-0.1, 0.3], 'Thurrock census 2011 -> 2021, +11.6%', 'Growth of registered lists each year'),
  ...roleParams(),
  p('workforce.workingDays', 225, 'days per FTE per year', [100, 365], ILL, 'Working days in a year of one FTE'),
  p('workforce.burnout', { p10: 0, likely: 0.5, p90: 1 }, 'extra attrition per unit of overload', [0, 5], "illustrative: workload is the most cited reason for leaving (GMC and King's Fund surveys)", 'Leavers rise by this times the share by which workload exceeds the normal level'),
  p('workforce.gp.stretch', { p10: 1.2, likely: 1.35, p90: 1.5 }, 'multiple of access.loadRef', [1, 3],
    'illustrative: under pressure GPs add sessions and shorten appointments; consultation rates fell 2014-2019 as capacity bound (de Dumast et al., BJGP 2024)',
    "GPs' most appointments a day, as a multiple of England's reference load"),
  p('workforce.gp.over55Share', 0.25, 'share of GP FTE', [0, 1], 'Thurrock Council health scrutiny, c. 2017 (25% of GPs over 55)', 'Share of GP FTE aged 55 or over at the start'),
  p('workforce.gp.retirementYears', 10, 'years', [0.5, 40], 'illustrative horizon for the over-55s (Thurrock Council health scrutiny, c. 2017)', 'Years over which GPs aged 55+ retire'),
  p('workforce.gp.locumSupply', { p10: 0.03, likely: 0.06, p90: 0.1 }, 'share of substantive GP FTE', [0, 1],
    "illustrative: locums were a small single-digit share of GP FTE in NHS Digital's workforce series in the late 2010s",
    'Most locum FTE an area can buy in a month, as a share of its substantive GP FTE'),
  p('workforce.gp.locumCover', { p10: 0.3, likely: 0.5, p90: 0.7 }, 'share of GP shortfall', [0, 1],
    'illustrative (model 2): practices short of GPs buy locum sessions for part of what they lack; the share is a judgement',
    'Share of its GP vacancy, or of the GP FTE it lacks at the stretch ceiling if more, that a practice asks of the locum supply'),
  p('workforce.gp.locumCostPerFte', 140000, 'GBP per locum FTE per year', [0, 1e6], 'illustrative: about 1,700 hours a year at GBP 80-90 an hour (typical GP locum rates 2015-2017)', 'Cost of a year of locum sessions'),
  p('workforce.pharmacist.gpTimeRelease', { p10: 0.05, likely: 0.1, p90: 0.2 }, 'GP FTE per pharmacist FTE', [0, 1],
    'illustrative; Inverclyde (BJGP 2018): practice pharmacists released about 5 GP hours a week per practice from prescribing work',
    'GP time (FTE) a pharmacist FTE releases from prescribing queries, repeats and medicines reconciliation to appointments'),
  p('hub.costPerAppointment', 40, 'GBP per appointment', [0, 1000], 'PSSRU 2015 (GBP 33-44 per GP consultation)', 'Cost of a commissioned hub appointment'),
  p('access.failureRef', { p10: 0.09, likely: 0.115, p90: 0.13 }, 'share of first attempts', [0, 1], 'GP Patient Survey: could not get an appointment, 9% (2012) to 12% (2017); 11.3% in 2017', 'Share of GP-type first attempts that fail at the England reference load'),
  p('access.loadRef', ENGLAND_LOAD.loadRef, 'GP appointments asked per GP FTE per working day', [1, 200],
    `derived (model 4) at England's staffing on the baselines' counting basis, reference.patientsPerGpFte (1,650 for 2015/16): QResearch rates at England's age structure give ${ENGLAND_CONSULTATIONS_PER_HEAD} consultations a head, ${100 * ENGLAND_GP_SHARE}% GP-type, so ${ENGLAND_LOAD.gpDaily.toFixed(1)} first attempts a GP FTE a working day (225 days), ${ENGLAND_LOAD.loadRef.toFixed(1)} with the retries of an 11.5% failure rate; GPAD 2019-2025: 22-26 appointments per GP FTE a day. Derived afresh at a baseline's own reference unless a scenario sets it (model 3 derived 21.7 at the headcount ratio 1,321)`,
    "England's reference GP load: an England-average practice fails access.failureRef of first attempts at it, and it is a GP's normal output a day"),
  p('access.elasticity', { p10: 0.5, likely: 1, p90: 1.5 }, 'elasticity', [0, 5], 'illustrative; seed 002: a strong positive correlation between under-doctoring and poor outcomes', 'How fast access failure rises with the GP load'),
  p('access.failureMin', 0.03, 'share', [0, 1], ILL, 'Least share of GP-type attempts that fail'),
  p('access.failureMax', 0.6, 'share', [0, 1], ILL, 'Most share of GP-type attempts that fail from the queue (beyond it only the stretch ceiling)'),
  p('access.rebook', { p10: 0.4, likely: 0.6, p90: 0.8 }, 'share of failed attempts', [0, 1], 'illustrative; GP Patient Survey 2017: 14.6% of those who could not get an appointment saw or spoke to no one', 'Share of failed attempts that try again next month'),
  p('access.maxRetries', 2, 'retries', [0, 6], ILL, 'Retries after the first attempt before an episode ends unmet', true),
  p('ae.ratePer1000', { p10: 300, likely: 330, p90: 380 }, 'type-1 attendances per 1,000 residents a year', [0, 2000],
    'Basildon type-1 attendances (152.6k, 2018/19) over its catchment\'s registered population (about 460k)', 'Observed A&E attendances of residents at the start'),
  p('ae.perUnmet', { p10: 0.03, likely: 0.065, p90: 0.1 }, 'attendances per unmet GP-type episode', [0, 1],
    'Cowling et al., BJGP 2014: 26.5% of patients unable to get an appointment went to A&E or another urgent service, about half of that to A&E; halved in model 4 (from 0.13) because at 0.13 one more GP FTE avoided about 590 attendances a year, about twice what the cross-sectional evidence supports (Cowling et al., BJGP 2013: the most accessible fifth of practices had 10% fewer self-referred discharged attendances)',
    'A&E attendances per GP-type episode that ends unmet'),
  p('ae.trend', { p10: 0.005, likely: 0.015, p90: 0.025 }, 'per year', [-0.1, 0.3],
    'illustrative: type-1 attendances in England grew faster than the population in the late 2010s (NHS England A&E statistics); set from the area\'s own series where known',
    'Growth of the background A&E rate per head each year'),
  p('ae.avoidableShare', { p10: 0.1, likely: 0.15, p90: 0.3 }, 'share of attendances', [0, 1], "O'Keeffe et al., PLoS One 2018 (15% non-urgent); Primary Care Foundation 2010 (10-30%)", 'Share of A&E attendances that primary care could see'),
  p('ae.costPerAttendance', 140, 'GBP per attendance', [0, 10000], 'illustrative (NHS reference costs, type 1 A&E)', 'Cost of one A&E attendance'),
  p('divertAe.share', { p10: 0, likely: 0.1, p90: 0.3 }, 'share of avoidable attendances', [0, 1],
    'Cooper et al., BMJ Open 2019; Benger et al., NIHR HSDR 2022: no consistent effect of GP streaming on attendances or waits',
    'Share of avoidable A&E attendances a diversion scheme moves into primary care'),
  p('resilience.smallPracticeFailure', { p10: 0.02, likely: 0.05, p90: 0.1 }, 'probability per year', [0, 1], 'illustrative: two small Thurrock practices closed in 2017-2018', 'Yearly chance that a practice with 1 or 2 GPs, not merged, fails'),
  p('resilience.staffTransfer', 0.5, 'share of staff', [0, 1], ILL, "Share of a failed practice's staff who move with its list (its posts all move)"),
  p('merge.efficiencyGain', { p10: -0.02, likely: 0, p90: 0.03 }, 'share of clinical time', [-0.5, 1], 'Forbes et al., BJGP 2020: no access gain from practice growth; the range is illustrative', 'Clinical time freed (or lost) by merged back offices'),
  p('merge.sharedShare', { p10: 0.05, likely: 0.15, p90: 0.3 }, 'share of capacity', [0, 1], 'illustrative (model 4; model 3 had 0.3): cross-site booking and shared triage cover part of a day; at 0.3 merging improved access where the evidence finds a loss (Forbes et al., BJGP 2020)',
    "Share of each member's capacity that serves the other members' patients"),
  p('merge.accessPenalty', { p10: 0.005, likely: 0.015, p90: 0.03 }, 'added to the access failure share', [0, 0.5],
    'Forbes et al., BJGP 2020 (model 4): practices that grew lost 1.5 points of "able to get an appointment" and 4.3 of "easy to get through by phone"',
    'Access failure added in a merged pool (larger practices, worse access and continuity)'),
  p('merge.oneOffCost', 50000, 'GBP per merged group', [0, 1e8], ILL, 'One-off cost of forming one merged group'),
  p('upskillNurses.trainingMonths', 18, 'months', [1, 60], 'illustrative (part-time MSc in advanced practice)', 'Length of ANP training', true),
  p('upskillNurses.studyShare', 0.2, 'share of time', [0, 1], 'illustrative (one study day a week)', "Share of a trainee nurse's time spent studying"),
  p('upskillNurses.courseCost', 9000, 'GBP per trainee', [0, 1e6], ILL, 'Course fees per trainee'),
  p('upskill.backfill', 0.8, 'share of trainee posts', [0, 1], ILL, "Share of each trainee's nurse post re-advertised when training starts"),
  p('upskill.maxShare', 0.3, 'share of nurses', [0, 1], ILL, "Most of a pool's practice nurses ever upskilled"),
  p('hireAhp.fillRate', 0.8, 'share of posts', [0, 1], ILL, 'Share of new posts filled at once (the rest as vacancies, at the role fill rate)'),
  p('hireAhp.rampMonths', 6, 'months', [0, 60], ILL, 'Months until a new hire reaches full output', true),
  p('recruit.fillRate', 0.5, 'share of posts', [0, 1], 'illustrative: the CCG judged the traditional model unrecruitable (seed 003)', 'Share of a recruitment campaign\'s posts filled'),
  p('reference.patientsPerGpFte', ENGLAND_PPG_FTE_2015, 'patients per GP FTE (including registrars and locums)', [100, 1e5],
    'HSCIC, General and Personal Medical Services, England, September 2015 (April 2016): 34,592 GP FTE including registrars and locums for about 57.2M registered patients, about 1,650 [1,600-1,730]; the mid and south Essex basis (NHS Digital 47.3 x 48.3 / 39.5 per 100,000) gives the upper 1,730. A built baseline carries its own, computed from the national files',
    "England's registered patients per GP FTE on the baseline's counting basis and in its year: England's practice, from which access.loadRef, target.gpDaily, the gap and the like-for-like shortfall are derived"),
  p('reference.seedsPatientsPerGp', SEEDS_PPG, 'patients per GP (headcount)', [100, 1e5],
    'seed 002: England 2014/15, "1,321" (within 1.3% of England\'s residents per GP headcount, 1,338 in September 2014, HSCIC General and Personal Medical Services 2004-14)',
    "The seeds' England figure, a headcount ratio: used only for the seeds' own arithmetic (additionalGpFteTraditional, their \"45 more GPs\")"),
  p('target.gpDaily', ENGLAND_LOAD.gpDaily, 'GP-type first attempts per GP FTE per working day', [1, 200],
    `derived (model 4): GP-type first attempts per GP FTE a working day at reference.patientsPerGpFte (1,650 for 2015/16), QResearch rates and England's age structure (as access.loadRef, without retries); derived afresh at a baseline's own reference unless a scenario sets it (model 3: 20.2 at 1,321)`,
    "England's workload: the gap is the GP FTE a pool lacks to see every GP-type first attempt at it"),
  p('target.gapShare', 0.1, 'share of the start gap', [0, 1], 'illustrative: "closed" means 90% of the first-period gap is gone', 'The gap is closed when it is at most this share of the run\'s start gap'),
  p('target.accessMargin', 0.1, 'relative margin', [0, 5], "illustrative: within 10% of England's access in the same run", 'and access failure is at most (1 + this) times the run\'s access.failureRef'),
  p('supply.gpPer100kPerYear', 1.5, 'GP FTE per 100,000 patients a year', [0, 100], 'illustrative: about +3 FTE a year was the best net GP growth a CCG of Thurrock\'s size managed', 'Goal-seek: most GP establishment growth a year'),
  p('supply.rolePer100kPerYear', 2, 'FTE per 100,000 patients a year', [0, 100],
    'derived: England added about 26,000 FTE through the Additional Roles scheme in four years (2019-2023) across about 60M patients, over several roles', 'Goal-seek: most growth a year of each new role from April 2019'),
  p('supply.rolePer100kPerYearBefore2019', 1, 'FTE per 100,000 patients a year', [0, 100],
    'illustrative (model 4): before the Additional Roles scheme (April 2019) new roles were scarce; Thurrock had 3.8 FTE clinical pharmacists and one physician associate by 2017',
    'Goal-seek: most growth a year of each new role before April 2019'),
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
  gpOnly: 0.42,
  anpSuitable: 0.1,
  nurse: 0.38,
  pharmacy: 0.04,
  msk: 0.03,
  urgent: 0.03,
};
export const DEMAND_MIX_SOURCE =
  'derived: GP 62% / nurse 38% (QResearch 2009); about 1 in 6 GP appointments could be taken by another team member (Making Time in General Practice 2015); musculoskeletal problems about 14% of GP consultations (Jordan et al. 2010), about a third of them suited to first-contact physiotherapy (0.03 of all episodes; model 3 moves the other 0.02 of version 2 to gpOnly); home visits about 4%';

/** GP-type care: everything but `nurse` (docs/model.md, "What is computed each month"). */
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
};
export const V1_REMOVED: Readonly<Record<string, string>> = {
  'ae.spill': 'model 3 sends ae.perUnmet of each unmet GP-type episode to A&E over a background rate',
  replacement: 'model 2 fills vacancies toward an establishment at workforce.<role>.fillRate',
  'reference.safeGpApptsPerDay': 'model 3 measures the gap at England\'s workload (target.gpDaily), not a safe limit',
};

/** Parameters of model 2 that model 3 renames: a scenario naming them is read with a warning. */
export const V2_RENAMED: Readonly<Record<string, string>> = Object.fromEntries([
  ...ROLES.filter((r) => r !== 'gp').map((r) => [`workforce.${r}.safeDaily`, `workforce.${r}.refDaily`]),
  ...NEW_ROLE_LIST.map((r) => [`workforce.${r}.gpSupervision`, `workforce.${r}.rampSupervision`]),
]);
/** Parameters of model 2 that model 3 drops, with why. */
export const V2_REMOVED: Readonly<Record<string, string>> = {
  'workforce.gp.safeDaily': "model 3: a GP's normal output is England's reference load, access.loadRef",
  'workforce.gp.maxDaily': 'model 3: the GP ceiling is workforce.gp.stretch times access.loadRef',
  ...Object.fromEntries(['gp', 'nurse', 'hca'].map((r) => [`workforce.${r}.gpSupervision`, 'model 3: established roles need no extra GP supervision'])),
  'ae.accessShare': 'model 3: A&E is a background rate plus ae.perUnmet per unmet GP-type episode',
  'target.safeDaily': "model 3: the gap is measured at England's workload, target.gpDaily",
  'target.patientShare': 'model 3: the gap is closed when it is at most target.gapShare of the start gap',
  'target.accessFailure': "model 3: access must be within target.accessMargin of the run's own access.failureRef",
};

export { AGE_BANDS, CARE_TYPES };
