/** Interventions in plain English for the presentation view. */
import { PARAM_BY_KEY } from './defaults.ts';
import type { Intervention } from './schema.ts';

/** A parameter value for people: "0.8 (80% range 0.6-0.95)", a number, a formula or a distribution. */
export function showValue(x: unknown): string {
  if (typeof x === 'number') return x.toLocaleString('en-GB');
  const i = x as { p10?: number; p90?: number; likely?: number } | null;
  if (i && typeof i === 'object' && i.p10 !== undefined) return `${i.likely ?? (i.p10 + i.p90!) / 2} (80% range ${i.p10}–${i.p90})`;
  return typeof x === 'string' ? x : JSON.stringify(x);
}
const v = showValue;
const pctOf = (x: unknown) => {
  const p = (n: number) => `${Math.round(n * 100)}%`;
  const i = x as { p10?: number; p90?: number; likely?: number } | null;
  if (typeof x === 'number') return p(x);
  if (i && typeof i === 'object' && i.p10 !== undefined) return `${p(i.likely ?? (i.p10 + i.p90!) / 2)} (80% range ${p(i.p10)}–${p(i.p90!)})`;
  return v(x);
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "2017-04" -> "April 2017". */
export function monthName(ym: string | undefined): string {
  const m = ym ? /^(\d{4})-(\d{2})$/.exec(ym) : null;
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : String(ym);
}

/** People's names of the roles, singular and plural. */
export const ROLE_NAMES: Record<string, [string, string]> = {
  gp: ['GP', 'GPs'], anp: ['advanced nurse practitioner', 'advanced nurse practitioners'], nurse: ['practice nurse', 'practice nurses'],
  hca: ['healthcare assistant', 'healthcare assistants'], pharmacist: ['pharmacist', 'pharmacists'], physio: ['physiotherapist', 'physiotherapists'],
  paramedic: ['paramedic', 'paramedics'], pa: ['physician associate', 'physician associates'],
};

/** Each intervention type's name in words, for menus and headings. */
export const INTERVENTION_TITLES: Record<string, string> = {
  merge: 'Merge practices into pools', upskillNurses: 'Upskill practice nurses to ANPs', hireAhp: 'Hire new roles (pharmacists, physios, paramedics, physician associates)',
  expandHub: 'Expand a locality hub', divertAe: 'Divert avoidable A&E attendances', careNavigation: 'Care navigation', recruit: 'Recruit and retain (traditional model)',
};

/**
 * An intervention in a sentence, with people's names for roles, localities and months.
 * @example describe({ type: 'hireAhp', from: '2017-01', role: 'pa', ftePerYear: 1, maxFte: 1 }) // 'From January 2017, 1 physician associate post a year, up to 1 FTE.'
 */
export function describe(iv: Intervention, localityName: (id: string) => string = (id) => id): string {
  const where = iv.localities ? ` in ${iv.localities.map(localityName).join(', ')}` : '';
  const from = `From ${monthName(iv.from)}`;
  const posts = (x: unknown) => (typeof x === 'number' && x === 1 ? 'post' : 'posts');
  switch (iv.type) {
    case 'merge': return `${from}, practices work in pools of ${iv.target[0].toLocaleString('en-GB')}–${iv.target[1].toLocaleString('en-GB')} patients${where}.`;
    case 'upskillNurses': return `${from}, ${v(iv.perYear)} practice nurses a year train as advanced nurse practitioners${where}, their posts backfilled.`;
    case 'hireAhp': return `${from}, ${v(iv.ftePerYear)} ${ROLE_NAMES[iv.role]![0]} ${posts(iv.ftePerYear)} a year, up to ${iv.maxFte} FTE${where}.`;
    case 'expandHub': return `${from}, the ${localityName(iv.locality)} hub adds ${v(iv.gpAppointments)} GP and ${v(iv.nurseAppointments)} nurse appointments a year.`;
    case 'divertAe': return `${from}, ${pctOf(iv.share ?? PARAM_BY_KEY.get('divertAe.share')!.value)} of avoidable A&E attendances are seen in primary care${iv.withCapacity ? ' in commissioned sessions' : ''}${where}${iv.share === undefined ? ' (the model\'s default: evaluations found no consistent effect)' : ''}.`;
    case 'careNavigation': return `${from}, care navigation directs ${pctOf(iv.share)} of the demand that could be met elsewhere to other services or practice staff${where}.`;
    case 'recruit': return `${from}, recruit ${v(iv.ftePerYear)} ${ROLE_NAMES[iv.role]![0]} FTE a year towards ${iv.patientsPerFte !== undefined ? `${v(iv.patientsPerFte)} patients per FTE in every practice` : `${v(iv.targetFte)} FTE`}${where}.`;
    default: return iv satisfies never;
  }
}

/**
 * When the gap counts as closed, in words, from the scenario's own parameters (model 3), or model 2's rule
 * for results saved under it.
 * @example gapRule({}, 'capsim-model@3') // 'the GP FTE gap is at most 10% of its start and access failure is within 10% of England's in the same run'
 */
export function gapRule(parameters: Record<string, unknown>, model: string): string {
  if (model === 'capsim-model@2') return 'GP workload safe for 90% of patients and access failure at most 13% (model 2\'s rule)';
  const num = (key: string, fallback: number) => {
    const x = parameters[key];
    return typeof x === 'number' ? x : fallback;
  };
  const share = num('target.gapShare', 0.1), margin = num('target.accessMargin', 0.1);
  return `the GP FTE gap is at most ${Math.round(share * 100)}% of its start and access failure is within ${Math.round(margin * 100)}% of England's in the same run`;
}

/**
 * One line defining each headline figure, in the words of docs/model.md (model 4), shown under every card,
 * in Compare and in the board paper. `caveat`: where docs/model.md lists a known miss for the figure.
 */
export const DEFINITIONS: Record<string, { text: string; caveat?: string }> = {
  gapClosedShare: { text: 'How much of the start\'s GP FTE gap is closed by then: 100% closes it, 0% leaves it as it was, below 0% means it grew.' },
  gpFteGap: { text: 'GP FTE short of seeing the year\'s GP-type demand at England\'s workload per GP (same counting basis), after the GPs and locums in post; retries are not counted as extra need.' },
  probGapClosed: { text: 'Share of the Monte Carlo runs in which the gap is at most the target share of its start and access is no worse than England\'s practice.' },
  accessFailure: { text: 'Share of first attempts at a GP-type appointment that fail (the patient retries, is signposted or goes unmet); England\'s practice fails 11.5% (its calibration).' },
  unmet: { text: 'Episodes of need that end with no appointment after every retry, and their share of all demand.' },
  patientsPerGpFte: { text: 'Registered patients per GP FTE, locums and registrars counted, as England\'s reference is counted.' },
  gpApptsPerGpDay: { text: 'GP appointments delivered per GP FTE (locums included) per working day; England\'s practice is the same model run at England\'s staffing.' },
  locumFte: { text: 'Locum GP FTE covering vacant GP posts at the end of the year.' },
  aeAttendances: { text: 'A&E attendances by the area\'s registered patients in the year, after any diversion.' },
  costPrimaryCareCumulative: { text: 'Primary-care cost summed from the start: staff, locums, hubs, diversion sessions, navigation, training and merger costs.' },
  costAe: { text: 'Cost of the year\'s A&E attendances at the cost per attendance.' },
  costCumulative: { text: 'Primary-care cost and the cost of A&E attendances, summed from the start.' },
  servedPerHead: { text: 'Appointments delivered per registered patient in the year.', caveat: 'Known miss: in Thurrock\'s first year the model serves 5.20 a head against a 4.2–5.2 band (docs/model.md).' },
};

/**
 * An ordinal in English: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 63rd.
 * @example ordinal(63) // '63rd'
 */
export function ordinal(n: number): string {
  const r = Math.round(n), t = r % 100, u = r % 10;
  return `${r}${t >= 11 && t <= 13 ? 'th' : u === 1 ? 'st' : u === 2 ? 'nd' : u === 3 ? 'rd' : 'th'}`;
}
