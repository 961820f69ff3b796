/**
 * SYNTHETIC NHS England practice files, in the published shapes (docs/data.md; the formats' notes list the
 * quirks): every practice, PCN, Sub-ICB and figure here is invented, and every name says SYNTHETIC. Small
 * fixtures are committed in test/fixtures/nhs/ (npm run fixtures:nhs); a national-size set is written at
 * test or bench time (`writeNhsFixtures(dir, { subIcbs: 106, practicesPerSubIcb: 58 })`).
 *
 * Quirks written on purpose: a byte-order mark (PCN file), CRLF (map, PCN file), quoted commas in names,
 * NA / ND for missing, the en dash in the workforce file's name, zips holding several files, age bands sorted
 * as text, U and Unaligned PCNs, dates in both kinds (2026-07-01 and 01Jul2026), the map's columns in
 * another order, a practice with no workforce row, PCN rows above 2 FTE for one person, a practice whose
 * direct patient care staff are all "NA", and a GP headcount of 0 beside GP FTE above 0. The A&E and hubs tables stand for a user's own.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { zipSync, strToU8 } from 'fflate';

/** England-like five-year age shares (illustrative; synthetic populations only), 0_4 ... 90_94, 95+. */
const QUIN = [0.058, 0.062, 0.06, 0.057, 0.062, 0.068, 0.07, 0.068, 0.064, 0.064, 0.068, 0.065, 0.057, 0.05, 0.048, 0.036, 0.025, 0.015, 0.007, 0.002];
const BANDS = ['0_4', '5_9', '10_14', '15_19', '20_24', '25_29', '30_34', '35_39', '40_44', '45_49', '50_54', '55_59', '60_64', '65_69', '70_74', '75_79', '80_84', '85_89', '90_94', '95+'];
const TO7 = [0, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 6];
export const ROLE_KEYS = ['gp', 'anp', 'nurse', 'hca', 'pharmacist', 'physio', 'paramedic', 'pa'] as const;
type Fte = Record<(typeof ROLE_KEYS)[number], number>;

/** Staffing per 100,000 registered patients at which synthetic practices are drawn (illustrative, near England's). */
export const SYNTHETIC_STAFFING = {
  patientsPerGpFteInclLocums: 1321, locumShare: 0.06, nursePer100k: 24.6, anpPer100k: 4, hcaPer100k: 15, practicePharmacistPer100k: 1,
  pcnPer10k: { pharmacist: 1.5, physio: 0.6, paramedic: 0.4, pa: 0.3, careCoordinator: 1.2, splw: 0.8 },
  /** Recorded appointments a head a year, attended plus unknown status (illustrative, synthetic). */
  appointmentsPerHead: 5.5, gpShare: 0.45, otherShare: 0.53, attended: 0.9, dna: 0.04,
};

/** Each Sub-ICB's GP FTE change from the earlier workforce file (July 2025) to the later (July 2026), in turn. */
export const EARLIER_CHANGE = [0.03, -0.02];

/** Share of the patients whose practices' systems report appointments (the coverage file's, illustrative). */
export const COVERED = 0.92;

/** Type-1 A&E attendances a head a year in the synthetic A&E table (illustrative). */
export const SYNTHETIC_AE_PER_HEAD = 0.3;

export interface TruthPractice {
  code: string; name: string; pcn: string; subIcb: string; list7: number[]; fte: Fte; gpLocum: number; gpHeadcount: number; hasWorkforce: boolean;
  /** A quirk of the real files written for this practice: direct patient care all "NA", or a GP headcount of 0 beside GP FTE. */
  quirk?: 'dpc-na' | 'hc-zero';
}
export interface Truth { practices: TruthPractice[]; subIcbs: { code: string; name: string; icb: string }[]; pcnFte: Record<string, Fte>; appointmentsPerHead: number; gpPerHead: number; months: string[] }

export interface FixtureOptions { subIcbs?: number; practicesPerSubIcb?: number; seed?: string; icbs?: number }

/** A fixed time in every zip entry, so that the fixtures' bytes do not change from one run to the next. */
const ZIP = { mtime: new Date(2026, 6, 1) };
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (rows: (string | number)[][], eol = '\n') => rows.map((r) => r.map((x) => q(String(x))).join(',')).join(eol) + eol;

export function writeNhsFixtures(dir: string, opts: FixtureOptions = {}): Truth {
  const rng = seedrandom(opts.seed ?? 'capsim-synthetic');
  const S = opts.subIcbs ?? 2, N = opts.practicesPerSubIcb ?? 6, I = opts.icbs ?? Math.max(1, Math.ceil(S / 3));
  mkdirSync(dir, { recursive: true });
  const st = SYNTHETIC_STAFFING;
  const subIcbs = Array.from({ length: S }, (_, s) => ({ code: `9${String(s).padStart(2, '0')}`.slice(0, 2) + String.fromCharCode(65 + (s % 26)), ons: `E38${String(900000 + s)}`, name: `NHS Synthetic ICB ${1 + (s % I)} - SYNTHETIC SUB-ICB ${s + 1}`, icb: `Q${String(90 + (s % I)).padStart(2, '0')}`, icbOns: `E54${String(900000 + (s % I))}`, icbName: `NHS Synthetic ICB ${1 + (s % I)} Integrated Care Board` }));
  // Unique codes even past 26 Sub-ICBs.
  subIcbs.forEach((x, s) => (x.code = `${String.fromCharCode(65 + Math.floor(s / 26) % 26)}${String(s % 10)}${String.fromCharCode(65 + (s % 26))}`));
  const practices: TruthPractice[] = [];
  const bySex = new Map<string, { male: number[]; female: number[] }>();
  const pcnFte: Record<string, Fte> = {};
  const pcnName: Record<string, string> = {};
  let pcnCount = 0;
  subIcbs.forEach((sub, s) => {
    const pcnsHere = Math.max(N >= 4 ? 2 : 1, Math.round(N / 5));
    const codes = Array.from({ length: pcnsHere }, () => `U9${String(pcnCount++).padStart(4, '0')}`);
    codes.forEach((c, k) => (pcnName[c] = k === 0 ? `SYNTHETIC, PCN ${c}` : `SYNTHETIC PCN ${c}`));
    for (let i = 0; i < N; i++) {
      const code = `Z${String(s * N + i + 1).padStart(5, '0')}`;
      const list = Math.round(3000 + rng() * 12000);
      // The last practice of the first Sub-ICB is outside a PCN; the one before it has no workforce row.
      const pcn = s === 0 && i === N - 1 ? 'U' : codes[i % codes.length]!;
      const quin = QUIN.map((x) => x / QUIN.reduce((a, y) => a + y, 0));
      const male = quin.map((x) => Math.round(list * x * 0.495));
      const female = quin.map((x) => Math.round(list * x * 0.505));
      const list7 = [0, 0, 0, 0, 0, 0, 0];
      BANDS.forEach((_, b) => (list7[TO7[b]!]! += male[b]! + female[b]!));
      const total = list7.reduce((a, x) => a + x, 0);
      const ppg = st.patientsPerGpFteInclLocums * (0.85 + 0.3 * rng());
      const gpAll = total / ppg;
      const gpLocum = round3(gpAll * st.locumShare);
      const fte: Fte = {
        gp: round3(gpAll - gpLocum), anp: round3((total / 1e5) * st.anpPer100k), nurse: round3((total / 1e5) * st.nursePer100k),
        hca: round3((total / 1e5) * st.hcaPer100k), pharmacist: round3((total / 1e5) * st.practicePharmacistPer100k), physio: 0, paramedic: 0, pa: 0,
      };
      practices.push({ code, name: i === 1 ? `SYNTHETIC MEDICAL GROUP, ${s + 1}` : `SYNTHETIC PRACTICE ${s * N + i + 1}`, pcn, subIcb: sub.code,
        list7, fte, gpLocum, gpHeadcount: Math.max(1, Math.round((gpAll - gpLocum) / 0.8)), hasWorkforce: !(s === 0 && i === N - 2),
        ...(s === 0 && i === 2 ? { quirk: 'dpc-na' as const } : s === 0 && i === 3 ? { quirk: 'hc-zero' as const } : {}) });
      bySex.set(code, { male, female });
    }
  });
  // PCN staff: FTE per 10,000 of the PCN's list, by role.
  const pcnList = new Map<string, number>();
  for (const p of practices) if (p.pcn !== 'U') pcnList.set(p.pcn, (pcnList.get(p.pcn) ?? 0) + p.list7.reduce((a, x) => a + x, 0));
  const pcnRows: (string | number)[][] = [['Data_source', 'CENSUS_YEAR', 'CENSUS_MONTH', 'PCN_CODE', 'PCN_NAME', 'SUB_ICB_CODE', 'SUB_ICB_NAME', 'ICB_CODE', 'ICB_NAME', 'COMM_REGION_CODE', 'COMM_REGION_NAME', 'STAFF_GROUP', 'STAFF_ROLE', 'DETAILED_STAFF_ROLE', 'FTE', 'UNIQUE_IDENTIFIER']];
  let uid = 1;
  for (const [pcn, list] of pcnList) {
    const sub = subIcbs.find((x) => x.code === practices.find((p) => p.pcn === pcn)!.subIcb)!;
    const f: Fte = { gp: 0, anp: 0, nurse: 0, hca: 0, pharmacist: 0, physio: 0, paramedic: 0, pa: 0 };
    const people: [string, string, string, keyof Fte | null, number][] = [
      ['Other Direct Patient Care staff', 'Pharmacists', 'Pharmacist', 'pharmacist', st.pcnPer10k.pharmacist],
      ['Other Direct Patient Care staff', 'Physiotherapists', 'Physiotherapist', 'physio', st.pcnPer10k.physio],
      ['Other Direct Patient Care staff', 'Paramedics', 'Paramedic', 'paramedic', st.pcnPer10k.paramedic],
      ['Other Direct Patient Care staff', 'Physician Associates', 'Physician Associate', 'pa', st.pcnPer10k.pa],
      ['Other Admin/Non-clinical staff', 'Care Coordinators', 'Care Coordinator', null, st.pcnPer10k.careCoordinator],
      ['Other Direct Patient Care staff', 'Social Prescribing Link Workers', 'Social Prescribing Link Worker', null, st.pcnPer10k.splw],
    ];
    for (const [group, role, detailed, key, per10k] of people) {
      let left = round3((list / 1e4) * per10k);
      while (left > 0) {
        const one = round3(Math.min(left, 0.6 + 0.4 * rng()));
        pcnRows.push(['NWRS Staff', 2026, 6, pcn, pcnName[pcn]!, sub.code, sub.name, sub.icb, sub.icbName, 'Y99', 'SYNTHETIC REGION', group, role, detailed, one, `SYN${uid++}`]);
        if (key) f[key] = round3(f[key] + one);
        left = round3(left - one);
      }
    }
    pcnRows.push(['NWRS contracted services', 2026, 6, pcn, pcnName[pcn]!, sub.code, sub.name, sub.icb, sub.icbName, 'Y99', 'SYNTHETIC REGION', 'Other Direct Patient Care staff', 'Physiotherapists', 'Physiotherapist', 0.5, '']);
    f.physio = round3(f.physio + 0.5);
    if (pcn === practices[0]!.pcn) {
      // The June 2026 file's quirk: rows above 2 FTE for one person (a coach at 5, a pharmacist at 2.4), kept as given.
      pcnRows.push(['NWRS Staff', 2026, 6, pcn, pcnName[pcn]!, sub.code, sub.name, sub.icb, sub.icbName, 'Y99', 'SYNTHETIC REGION', 'Other Admin/Non-clinical staff', 'Health and Wellbeing Coaches', 'Health and Wellbeing Coach', 5, `SYN${uid++}`]);
      pcnRows.push(['NWRS Staff', 2026, 6, pcn, pcnName[pcn]!, sub.code, sub.name, sub.icb, sub.icbName, 'Y99', 'SYNTHETIC REGION', 'Other Direct Patient Care staff', 'Pharmacists', 'Pharmacist', 2.4, `SYN${uid++}`]);
      f.pharmacist = round3(f.pharmacist + 2.4);
    }
    pcnFte[pcn] = f;
  }

  // A. Registrations: quin-age (ISO dates, LF, no BOM, bands sorted as text), the map (CRLF, 01Jul2026, columns reordered).
  const reg: (string | number)[][] = [['PUBLICATION', 'EXTRACT_DATE', 'ORG_TYPE', 'ORG_CODE', 'ONS_CODE', 'POSTCODE', 'SEX', 'AGE_GROUP_5', 'NUMBER_OF_PATIENTS']];
  const textOrder = BANDS.map((b, i) => [b, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const withBands = (type: string, code: string, ons: string, pc: string, male: number[], female: number[]) => {
    reg.push(['GP_PRAC_PAT_LIST', '2026-07-01', type, code, ons, pc, 'ALL', 'ALL', male.reduce((a, x) => a + x, 0) + female.reduce((a, x) => a + x, 0)]);
    for (const [sex, arr] of [['FEMALE', female], ['MALE', male]] as const) {
      reg.push(['GP_PRAC_PAT_LIST', '2026-07-01', type, code, ons, pc, sex, 'ALL', arr.reduce((a, x) => a + x, 0)]);
      for (const [b, i] of textOrder) reg.push(['GP_PRAC_PAT_LIST', '2026-07-01', type, code, ons, pc, sex, b, arr[i]!]);
    }
  };
  const sumArr = (ps: TruthPractice[], k: 'male' | 'female') => BANDS.map((_, b) => ps.reduce((a, p) => a + bySex.get(p.code)![k][b]!, 0));
  for (const sub of subIcbs) {
    const ps = practices.filter((p) => p.subIcb === sub.code);
    withBands('SUB_ICB_LOCATION_CODE', sub.code, sub.ons, '', sumArr(ps, 'male'), sumArr(ps, 'female'));
  }
  for (const p of practices) {
    const x = bySex.get(p.code)!;
    withBands('GP', p.code, '', `ZZ${p.code.slice(-3)} 1AA`, x.male, x.female);
  }
  writeFileSync(join(dir, 'gp-reg-pat-prac-quin-age.csv'), csv(reg));
  const mapCols = ['PUBLICATION', 'EXTRACT_DATE', 'PRACTICE_NAME', 'PRACTICE_CODE', 'PRACTICE_POSTCODE', 'PCN_NAME', 'PCN_CODE', 'ONS_SUB_ICB_LOCATION_CODE', 'SUB_ICB_LOCATION_CODE', 'SUB_ICB_LOCATION_NAME', 'ONS_ICB_CODE', 'ICB_CODE', 'ICB_NAME', 'ONS_COMM_REGION_CODE', 'COMM_REGION_CODE', 'COMM_REGION_NAME', 'SUPPLIER_NAME'];
  const mapRows: (string | number)[][] = [mapCols];
  for (const p of practices) {
    const sub = subIcbs.find((x) => x.code === p.subIcb)!;
    mapRows.push(['GP_PRAC_PAT_LIST', '01Jul2026', p.name, p.code, `ZZ${p.code.slice(-3)} 1AA`, p.pcn === 'U' ? 'Unallocated' : pcnName[p.pcn]!, p.pcn, sub.ons, sub.code, sub.name, sub.icbOns, sub.icb, sub.icbName, 'E40000099', 'Y99', 'SYNTHETIC REGION', 'EMIS']);
  }
  writeFileSync(join(dir, 'gp-reg-pat-prac-map.csv'), csv(mapRows, '\r\n'));

  // B. Workforce, practice-level detailed: the published header, the columns we fill, NA elsewhere for one practice.
  const here = fileURLToPath(new URL('.', import.meta.url));
  const header = readFileSync(join(here, 'nhs-formats', 'gpw-practice-detailed-columns.txt'), 'utf8').split(/[\r\n,]+/).map((c) => c.trim()).filter(Boolean);
  const wf: string[] = [header.join(',')];
  const wfWhen = 'July 2026';
  practices.forEach((p, k) => {
    if (!p.hasWorkforce) return;
    const sub = subIcbs.find((x) => x.code === p.subIcb)!;
    const v: Record<string, string | number> = {
      PRAC_CODE: p.code, PRAC_NAME: p.name, PCN_CODE: p.pcn === 'U' ? 'Unaligned' : p.pcn, PCN_NAME: p.pcn === 'U' ? 'Unaligned' : pcnName[p.pcn]!,
      SUB_ICB_CODE: sub.code, SUB_ICB_NAME: sub.name, ICB_CODE: sub.icb, ICB_NAME: sub.icbName, REGION_CODE: 'Y99', REGION_NAME: 'SYNTHETIC REGION',
      TOTAL_PATIENTS: p.list7.reduce((a, x) => a + x, 0), GP_SOURCE: k % 4 === 0 ? 'Includes FTE Estimates' : 'Fully provided',
      TOTAL_GP_FTE: round3(p.fte.gp + p.gpLocum), TOTAL_GP_EXL_FTE: p.fte.gp, TOTAL_GP_EXL_HC: p.gpHeadcount, TOTAL_GP_HC: p.gpHeadcount + 1,
      TOTAL_GP_SEN_PTNR_FTE: round3(p.fte.gp * 0.5), TOTAL_GP_SAL_BY_PRAC_FTE: round3(p.fte.gp * 0.4), TOTAL_GP_TRN_GR_ST3_FTE: round3(p.fte.gp - round3(p.fte.gp * 0.5) - round3(p.fte.gp * 0.4)),
      TOTAL_GP_LOCUM_VAC_FTE: p.gpLocum,
      TOTAL_N_ADV_NURSE_PRAC_FTE: p.fte.anp, TOTAL_N_PRAC_NURSE_FTE: p.fte.nurse, TOTAL_N_TRAINEE_NURSE_FTE: 0.2,
      TOTAL_NURSES_FTE: round3(p.fte.anp + p.fte.nurse + 0.2),
      TOTAL_DPC_HCA_FTE: p.fte.hca, TOTAL_DPC_PHARMA_FTE: p.fte.pharmacist, TOTAL_DPC_SPLW_FTE: 0.3, TOTAL_ADMIN_FTE: round3(p.fte.gp * 1.5),
    };
    // Quirks of the real files: direct patient care all "NA" (missing, not zero), a GP headcount of 0 beside GP FTE.
    if (p.quirk === 'dpc-na') for (const c of header) if (c.startsWith('TOTAL_DPC_')) v[c] = 'NA';
    if (p.quirk === 'hc-zero') v.TOTAL_GP_EXL_HC = 0;
    // One practice gives NA and ND for roles it does not report (missing, not zero; they count as none).
    const missing = k === 2 ? 'NA' : k === 3 ? 'ND' : '0';
    wf.push(header.map((c) => q(String(v[c] ?? (/_SOURCE$/.test(c) ? 'Fully provided' : /FTE$|HC$|_\d|PLUS$|PATIENTS/.test(c) ? missing : '')))).join(','));
  });
  const wfZip = zipSync({
    [`1 General Practice \u2013 ${wfWhen} Practice Level - Detailed.csv`]: strToU8(wf.join('\n') + '\n'),
    [`3 General Practice \u2013 ${wfWhen} Practice Level - High level.csv`]: strToU8('PRAC_CODE,PRAC_NAME,STAFF_GROUP,DETAILED_STAFF_ROLE,MEASURE,VALUE\n'),
    'General Practice Workforce Definitions.xlsx': new Uint8Array([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
  }, ZIP);
  writeFileSync(join(dir, 'GPWPracticeCSV.072026.zip'), wfZip);

  // B'. The same file a year before (July 2025): each Sub-ICB's GP FTE then, so that it changed by EARLIER_CHANGE
  // (+3% and -2% in turn) to July 2026. Only the columns the fit reads, in the published names.
  const earlier: string[] = ['PRAC_CODE,PRAC_NAME,SUB_ICB_CODE,GP_SOURCE,TOTAL_GP_FTE,TOTAL_GP_EXL_FTE'];
  for (const p of practices) {
    if (!p.hasWorkforce) continue;
    const g = EARLIER_CHANGE[subIcbs.findIndex((x) => x.code === p.subIcb) % 2]!;
    earlier.push([p.code, q(p.name), p.subIcb, 'Fully provided', round3((p.fte.gp + p.gpLocum) / (1 + g)), round3(p.fte.gp / (1 + g))].join(','));
  }
  writeFileSync(join(dir, 'GPWPracticeCSV.072025.zip'), zipSync({ [`1 General Practice \u2013 July 2025 Practice Level - Detailed.csv`]: strToU8(earlier.join('\n') + '\n') }, ZIP));

  // C. PCN workforce: BOM, CRLF, quoted commas, inside its zip.
  writeFileSync(join(dir, 'PCNWFIndividualCSV.062026.zip'), zipSync({ '1.Primary Care Networks - June 2026 Individual Level.csv': strToU8('\uFEFF' + csv(pcnRows, '\r\n')) }, ZIP));

  // D. Appointments: a practice-level crosstab zip of three months plus its Mapping.csv.
  const months = ['01MAY2026', '01JUN2026', '01JUL2026'];
  const apptHeader = ['APPOINTMENT_MONTH_START_DATE', 'GP_CODE', 'GP_NAME', 'SUPPLIER', 'PCN_CODE', 'PCN_NAME', 'SUB_ICB_LOCATION_CODE', 'SUB_ICB_LOCATION_NAME', 'HCP_TYPE', 'APPT_MODE', 'NATIONAL_CATEGORY', 'TIME_BETWEEN_BOOK_AND_APPT', 'COUNT_OF_APPOINTMENTS', 'APPT_STATUS'];
  const files: Record<string, Uint8Array> = { 'Mapping.csv': strToU8('GP_CODE,GP_NAME\n') };
  const served = st.attended + (1 - st.attended - st.dna); // attended plus unknown status
  months.forEach((m, k) => {
    const rows: (string | number)[][] = [apptHeader];
    for (const p of practices) {
      const sub = subIcbs.find((x) => x.code === p.subIcb)!;
      const total = (p.list7.reduce((a, x) => a + x, 0) * st.appointmentsPerHead) / 12 / served; // all statuses
      for (const [hcp, share] of [['GP', st.gpShare], ['Other Practice staff', st.otherShare], ['Unknown', 1 - st.gpShare - st.otherShare]] as const) {
        for (const [status, s2] of [['Attended', st.attended], ['DNA', st.dna], ['Unknown', 1 - st.attended - st.dna]] as const) {
          // Split across two modes so that counts are summed, never kept last.
          const n = total * share * s2;
          const a = Math.round(n * 0.7), b = Math.round(n) - a;
          rows.push([m, p.code, p.name, 'EMIS', p.pcn, pcnName[p.pcn] ?? 'Unallocated', sub.code, sub.name, hcp, 'Face-to-Face', 'General Consultation Routine', 'Same Day', a, status]);
          rows.push([m, p.code, p.name, 'EMIS', p.pcn, pcnName[p.pcn] ?? 'Unallocated', sub.code, sub.name, hcp, 'Telephone', 'General Consultation Routine', '2 to 7 Days', b, status]);
        }
      }
    }
    files[`Practice_Level_Crosstab_${['May', 'Jun', 'Jul'][k]}_26.csv`] = strToU8(csv(rows));
  });
  writeFileSync(join(dir, 'Practice_Level_Crosstab_Jul_26.zip'), zipSync(files, ZIP));

  // D'. Appointments by Sub-ICB and month (one Regional_CSV per ICB, months as NOV2025), with the coverage
  // file: the counts cover only the included practices' patients (COVERED of them).
  const regional: Record<string, Uint8Array> = {};
  const regHeader = ['SUB_ICB_LOCATION_CODE', 'SUB_ICB_LOCATION_ONS_CODE', 'SUB_ICB_LOCATION_NAME', 'ICB_ONS_CODE', 'ICB_NAME', 'REGION_ONS_CODE', 'REGION_NAME', 'APPOINTMENT_MONTH', 'APPT_STATUS', 'HCP_TYPE', 'APPT_MODE', 'TIME_BETWEEN_BOOK_AND_APPT', 'COUNT_OF_APPOINTMENTS'];
  const cov: (string | number)[][] = [['APPOINTMENT_MONTH', 'SUB_ICB_LOCATION_CODE', 'INCLUDED_PRACTICES', 'OPEN_PRACTICES', 'PATIENTS_REGISTERED_AT_INCLUDED_PRACTICES', 'PATIENTS_REGISTERED_AT_OPEN_PRACTICES']];
  for (const icbCode of [...new Set(subIcbs.map((x) => x.icb))]) {
    const rows: (string | number)[][] = [regHeader];
    for (const sub of subIcbs.filter((x) => x.icb === icbCode)) {
      const list = practices.filter((p) => p.subIcb === sub.code).reduce((a, p) => a + p.list7.reduce((x, y) => x + y, 0), 0);
      for (const m of ['MAY2026', 'JUN2026', 'JUL2026']) {
        const total = (list * COVERED * st.appointmentsPerHead) / 12 / served;
        for (const [hcp, share] of [['GP', st.gpShare], ['Other Practice staff', st.otherShare], ['Unknown', 1 - st.gpShare - st.otherShare]] as const) {
          for (const [status, s2] of [['Attended', st.attended], ['DNA', st.dna], ['Unknown', 1 - st.attended - st.dna]] as const) {
            rows.push([sub.code, sub.ons, sub.name, sub.icbOns, sub.icbName, 'E40000099', 'SYNTHETIC REGION', m, status, hcp, 'Face-to-Face', 'Same Day', Math.round(total * share * s2)]);
          }
        }
        cov.push([m, sub.code, 9, 10, Math.round(list * COVERED), list]);
      }
    }
    regional[`Regional_CSV_${icbCode}.csv`] = strToU8(csv(rows));
  }
  regional['APPOINTMENTS_GP_COVERAGE.csv'] = strToU8(csv(cov));
  writeFileSync(join(dir, 'Appointments_GP_Regional_CSV_Jul_26.zip'), zipSync(regional, ZIP));

  // E. Deprivation (synthetic scores) and a hubs table of the user's own.
  writeFileSync(join(dir, 'imd.csv'), csv([['PRACTICE_CODE', 'PRACTICE_NAME', 'IMD_YEAR', 'IMD_SCORE'], ...practices.map((p, i) => [p.code, p.name, 2019, i % 5 === 4 ? 'NA' : Math.round(10 + 30 * rng())])]));
  const firstPcn = practices[0]!.pcn;
  writeFileSync(join(dir, 'hubs.csv'), csv([['locality', 'gp_appointments', 'nurse_appointments'], [firstPcn, 1200, 3000]]));

  // The user's own A&E table: one Sub-ICB by financial year (the latest is used), another by month.
  const subList = (code: string) => practices.filter((p) => p.subIcb === code).reduce((a, p) => a + p.list7.reduce((x, y) => x + y, 0), 0);
  const aeRows: (string | number)[][] = [['area', 'period', 'attendances']];
  subIcbs.forEach((sub, s) => {
    if (s % 2 === 0) {
      aeRows.push([sub.code, '2024/25', Math.round(subList(sub.code) * 0.28)], [sub.code, '2025/26', Math.round(subList(sub.code) * SYNTHETIC_AE_PER_HEAD)]);
    } else {
      for (const m of ['2026-04-01', '2026-05-01', '2026-06-01']) aeRows.push([sub.code, m, Math.round((subList(sub.code) * SYNTHETIC_AE_PER_HEAD) / 12)]);
    }
  });
  writeFileSync(join(dir, 'ae.csv'), csv(aeRows));

  const truth: Truth = {
    practices,
    subIcbs: subIcbs.map((s) => ({ code: s.code, name: s.name, icb: s.icb })), pcnFte,
    appointmentsPerHead: st.appointmentsPerHead, gpPerHead: st.appointmentsPerHead * st.gpShare / (st.gpShare + st.otherShare), months: ['2026-05', '2026-06', '2026-07'],
  };
  return truth;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? 'test/fixtures/nhs';
  const truth = writeNhsFixtures(dir);
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth, null, 1) + '\n');
  console.log(`wrote SYNTHETIC NHS files for ${truth.practices.length} practices in ${truth.subIcbs.length} Sub-ICBs to ${dir}`);
}
