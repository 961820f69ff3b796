/**
 * Builds scenarios/baselines/{thurrock,mse}.json from the public extracts in scenarios/data/
 * (copied from ../shared/data; see scenarios/data/SOURCES.md). Run: npm run build:baselines.
 *
 * Real: practice codes, names, postcodes, registered and weighted lists 2015/16, IMD 2019 scores,
 * % aged 65+ (2023). Derived and marked illustrative: age bands, need index, FTE by role and GP
 * headcount (no practice-level workforce data is public here), calibrated to the cited totals.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './csv.ts';
import { ENGLAND_PPG_FTE_2015 } from '../engine/defaults.ts';
import { ROLES, type Baseline, type BaselineLocality, type BaselinePractice, type Role } from '../engine/types.ts';

const dir = fileURLToPath(new URL('../scenarios/', import.meta.url));
const read = (f: string) => parseCsv(readFileSync(`${dir}data/${f}`, 'utf8'));

/** England age structure, mid-2015 (approximate shares; illustrative stand-in for practice age bands). */
export const ENGLAND_AGE_SHARES = [0.063, 0.116, 0.396, 0.25, 0.095, 0.056, 0.024];
/** England's patients per GP FTE on the baselines' counting basis, September 2015 (model 4; engine/defaults.ts). */
export const ENGLAND_PPG = ENGLAND_PPG_FTE_2015;
export const THURROCK_PPG = 2072; // seed 002, Thurrock 2014/15
const FTE_PER_GP_HEAD = 0.85; // illustrative
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const NEED_PER_IMD_POINT = 0.01; // illustrative: +1% demand per IMD point above the area mean

/**
 * Share of the baseline's GP FTE that is locums (model 3): the seeds' 2,072 patients per FTE GP counts
 * locums and registrars, and the model buys locums on top of substantive GPs up to workforce.gp.locumSupply
 * (6% of substantive FTE, central value), so substantive FTE is the total / 1.06.
 */
export const LOCUM_SHARE = 0.06;

/**
 * One staffing basis for mid and south Essex (model 3): GP FTE counting locums and registrars, as the seeds
 * count Thurrock's (2,072 patients per FTE GP = 48.3 per 100,000, against NHS Digital's 39.5 for Thurrock in
 * 2015). The other four CCGs are put at NHS Digital's England level (47.3 per 100,000; the STP's c. 562 GP
 * FTE in 2018 on NHS Digital's basis leaves the other four at about that level) on the same basis: 47.3 x
 * 48.3 / 39.5 = 57.8 per 100,000, or 1,730 patients per FTE GP. So Thurrock stays 16.5% below its neighbours,
 * as NHS Digital put it below England, and all five are at or below England's 1,650 on the same basis (model 4).
 */
export const SEED_BASIS = 1e5 / 2072 / 39.5;
export const OTHER_CCG_PPG = 1e5 / (47.3 * SEED_BASIS);

/**
 * Each CCG's own list growth a year, from the 2011 and 2021 censuses of its local authorities (ONS, Census
 * 2021 "How the population changed"), and its GP fill rate (calibrated by scripts/calibrate.ts so that,
 * doing nothing, its GP FTE per head including locums is about flat 2015-2018, as England's was, -1%).
 */
export const AREA_GROWTH: Record<string, { growth: number; source: string }> = {
  '99E': { growth: round(1.075 ** 0.1 - 1, 5), source: 'ONS Census 2021: Basildon +7.5% 2011-2021 (no Brentwood figure in our sources: the Basildon rate is applied to the CCG, illustrative)' },
  '99F': { growth: round(1.023 ** 0.1 - 1, 5), source: 'ONS Census 2021: Castle Point +1.8%, Rochford +2.8% 2011-2021 (about +2.3% together)' },
  '06Q': { growth: round(1.067 ** 0.1 - 1, 5), source: 'ONS Census 2021: Chelmsford +7.8%, Braintree +5.5% 2011-2021 (about +6.7% together; no Maldon figure in our sources)' },
  '99G': { growth: round(1.041 ** 0.1 - 1, 5), source: 'ONS Census 2021: Southend-on-Sea +4.1% 2011-2021' },
};
export const AREA_GP_FILL: Record<string, number> = { '99E': 0.911, '99F': 0.89, '06Q': 0.899, '99G': 0.911 };

/** Workforce per 100,000 registered patients, NHS Digital 2015 (SOURCES.md). */
const PER_100K = {
  thurrock: { nurse: 20.2, hca: 8.7, gp: 39.5 },
  england: { nurse: 24.6, hca: 15.0, gp: 47.3 },
};

/** Thurrock localities, assigned by postcode sector and town (documented in the baseline notes). */
export const THURROCK_LOCALITIES: { id: string; name: string; codes: string[]; rule: string }[] = [
  { id: 'corringham', name: 'Corringham and Stanford-le-Hope', rule: 'SS17 (Stanford-le-Hope, Corringham, Horndon-on-the-Hill) and RM18 8S (East Tilbury)',
    codes: ['F81088', 'F81153', 'F81177', 'F81198', 'F81644', 'F81697', 'F81082', 'F81691'] },
  { id: 'grays', name: 'Grays', rule: 'RM16 2, RM16 3, RM16 6 and RM17 (Grays, Stifford Clays, Orsett, Chafford Hundred)',
    codes: ['F81113', 'F81137', 'F81155', 'F81192', 'F81211', 'F81218', 'F81219', 'F81623', 'F81641', 'F81742', 'Y00999', 'Y02807'] },
  { id: 'ockendon', name: 'South Ockendon, Aveley and Purfleet', rule: 'RM15 and RM19 (South Ockendon, Aveley, Purfleet)',
    codes: ['F81010', 'F81134', 'F81197', 'F81632', 'F81669', 'Y00033'] },
  { id: 'tilbury', name: 'Tilbury and Chadwell', rule: 'RM18 7, RM18 8E and RM16 4 (Tilbury, Chadwell St Mary)',
    codes: ['F81084', 'F81110', 'F81206', 'F81652', 'F81698', 'F81708', 'F81719'] },
];

interface Row { code: string; name: string; postcode: string; ccg: string; list: number; imd: number | null; pct65: number | null }

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));

function ageBands(list: number, pct65: number): number[] {
  const over = ENGLAND_AGE_SHARES.slice(4).reduce((a, b) => a + b, 0);
  const s = pct65 / 100;
  const shares = ENGLAND_AGE_SHARES.map((x, i) => (i >= 4 ? (x * s) / over : (x * (1 - s)) / (1 - over)));
  const bands = shares.map((x) => Math.round(list * x));
  bands[2]! += list - bands.reduce((a, b) => a + b, 0); // keep the real list total exact
  return bands;
}

const weightedMean = (rows: Row[], f: (r: Row) => number | null) => {
  const known = rows.filter((r) => f(r) !== null);
  return known.reduce((a, r) => a + f(r)! * r.list, 0) / known.reduce((a, r) => a + r.list, 0);
};

function needIndex(rows: Row[]): Map<string, number> {
  const mean = weightedMean(rows, (r) => r.imd);
  const raw = rows.map((r) => 1 + NEED_PER_IMD_POINT * ((r.imd ?? mean) - mean));
  const norm = rows.reduce((a, r, i) => a + raw[i]! * r.list, 0) / rows.reduce((a, r) => a + r.list, 0);
  return new Map(rows.map((r, i) => [r.code, round(raw[i]! / norm, 4)]));
}

/**
 * Patients per FTE GP by practice (illustrative; model 4). Model 3 read the seeds against their headcount
 * ratio: the four least deprived practices at 1,250 (better than England's 1,321), the most deprived at 6,700
 * (above 5 x 1,321), the rest rising with deprivation rank. Model 4 keeps the ordering and the area's total,
 * and halves that spread on the log scale around the area's geometric mean, then scales so the area total is
 * exactly list / 2,072 (the worst practice near 3,700 per FTE).
 */
function thurrockGpRatios(rows: Row[]): Map<string, number> {
  const v3 = thurrockGpRatiosV3(rows);
  const list = rows.reduce((a, r) => a + r.list, 0);
  const logMean = rows.reduce((a, r) => a + r.list * Math.log(v3.get(r.code)!), 0) / list;
  const halved = new Map(rows.map((r) => [r.code, Math.exp(logMean + 0.5 * (Math.log(v3.get(r.code)!) - logMean))]));
  const fte = rows.reduce((a, r) => a + r.list / halved.get(r.code)!, 0);
  const k = fte / (list / THURROCK_PPG);
  return new Map([...halved].map(([c, x]) => [c, x * k]));
}

/** Model 3's spread (read against the seeds' 1,321): kept as the ordering and shape model 4 halves. */
function thurrockGpRatiosV3(rows: Row[]): Map<string, number> {
  const meanImd = weightedMean(rows, (r) => r.imd);
  const ranked = [...rows].sort((a, b) => (a.imd ?? meanImd) - (b.imd ?? meanImd) || a.code.localeCompare(b.code));
  const total = rows.reduce((a, r) => a + r.list, 0) / THURROCK_PPG;
  const best = ranked.slice(0, 4);
  const worst = ranked[ranked.length - 1]!;
  const middle = ranked.slice(4, -1);
  const fixed = best.reduce((a, r) => a + r.list / 1250, 0) + worst.list / 6700;
  const k = 1.0;
  const z = (i: number) => i / (middle.length - 1);
  const fteAt = (c: number) => middle.reduce((a, r, i) => a + r.list / (c * Math.exp(k * z(i))), 0);
  let lo = 100, hi = 20000;
  for (let i = 0; i < 200; i++) {
    const c = (lo + hi) / 2;
    if (fteAt(c) > total - fixed) lo = c; else hi = c;
  }
  const c = (lo + hi) / 2;
  const out = new Map<string, number>();
  best.forEach((r) => out.set(r.code, 1250));
  out.set(worst.code, 6700);
  middle.forEach((r, i) => out.set(r.code, c * Math.exp(k * z(i))));
  return out;
}

function fteFor(list: number, ppg: number, rates: { nurse: number; hca: number }): Record<Role, number> {
  const fte = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
  fte.gp = round(list / ppg / (1 + LOCUM_SHARE), 3);
  fte.nurse = round((list * rates.nurse) / 1e5, 3);
  fte.hca = round((list * rates.hca) / 1e5, 3);
  return fte;
}

function practice(r: Row, locality: string, need: number, pct65: number, ppg: number, rates: { nurse: number; hca: number }): BaselinePractice {
  const fte = fteFor(r.list, ppg, rates);
  return {
    code: r.code, name: r.name, postcode: r.postcode, locality,
    list: ageBands(r.list, pct65), need, fte, gpLocum: round(r.list / ppg - fte.gp, 3),
    gpHeadcount: Math.max(1, Math.round(fte.gp / FTE_PER_GP_HEAD)),
  };
}

const HUB_GP = 6000, HUB_NURSE = 15000; // seed 003, 2015/16, four hubs

function thurrockPart(rows: Row[]): { localities: BaselineLocality[]; practices: BaselinePractice[] } {
  const need = needIndex(rows);
  const ratios = thurrockGpRatios(rows);
  const mean65 = weightedMean(rows, (r) => r.pct65);
  const locOf = new Map(THURROCK_LOCALITIES.flatMap((l) => l.codes.map((c) => [c, l.id] as const)));
  const practices = rows.map((r) => {
    const loc = locOf.get(r.code);
    if (!loc) throw new Error(`practice ${r.code} has no locality`);
    return practice(r, loc, need.get(r.code)!, r.pct65 ?? mean65, ratios.get(r.code)!, PER_100K.thurrock);
  });
  const total = rows.reduce((a, r) => a + r.list, 0);
  const localities = THURROCK_LOCALITIES.map((l) => {
    const pop = practices.filter((p) => p.locality === l.id).reduce((a, p) => a + p.list.reduce((x, y) => x + y, 0), 0);
    return { id: l.id, name: l.name, area: '07G', hub: { gpAppointments: round((HUB_GP * pop) / total, 1), nurseAppointments: round((HUB_NURSE * pop) / total, 1) } };
  });
  return { localities, practices };
}

/** Both 2015/16 baselines count GPs as FTE including registrars and locums: England on that basis (model 4). */
const REFERENCE = { patientsPerGpFte: ENGLAND_PPG, source: 'HSCIC, General and Personal Medical Services, England, September 2015 (April 2016): 34,592 GP FTE including registrars and locums, about 57.2M registered; 80% range 1,600-1,730' };

const SOURCES: Record<string, string> = {
  'practices[].code,name,postcode': 'NHS Digital, NHS Payments to General Practice, England 2015/16 (OGL v3.0)',
  'practices[].list (total)': 'NHS Digital, NHS Payments to General Practice, England 2015/16: registered patients, last known figure',
  'practices[].list (age bands)': 'illustrative: England mid-2015 age structure (approximate), rescaled so the share aged 65+ matches the practice\'s % aged 65+ (2023, Health Equity Evidence Centre compilation; area mean where blank)',
  'practices[].need': 'illustrative: 1 + 1% per point of IMD 2019 score (PHE Fingertips indicator 93553) above the area list-weighted mean, renormalised to mean 1; area mean where blank',
  'practices[].fte.gp (Thurrock)': 'illustrative, calibrated: substantive GP FTE (partners, salaried, registrars). Thurrock total including locums = list / 2,072 patients per FTE GP (seed 002, 2014/15, counting locums and registrars), of which 6% locums (the model\'s central workforce.gp.locumSupply), so substantive = total / 1.06. The spread between practices is illustrative (no practice-level FTE for 2015 is at hand): rising with IMD rank, model 3\'s spread (four least deprived at 1,250, most deprived at 6,700, read against the seeds\' headcount ratio 1,321) halved on the log scale around the area\'s geometric mean (model 4), so about 1,500 to 3,700 per FTE; a user with practice-level FTE replaces it',
  'practices[].fte.gp (other CCGs)': 'illustrative: substantive GP FTE on the seeds\' basis (locums and registrars counted, then 6% locums taken out as for Thurrock): NHS Digital 2015 England level, 47.3 per 100,000, times Thurrock\'s ratio of the seeds\' basis to NHS Digital\'s (48.3 / 39.5), so 57.8 per 100,000 including locums (1,730 patients per FTE GP, the upper end of England\'s 1,600-1,730 on this basis, reference.patientsPerGpFte 1,650); the STP\'s c. 562 GP FTE in 2018 on NHS Digital\'s basis puts the other four CCGs at about England\'s level, a little below it',
  reference: 'HSCIC, General and Personal Medical Services, England, September 2015 (April 2016): 34,592 GP FTE including registrars and locums for about 57.2M registered patients, about 1,650 patients per GP FTE on the basis this baseline counts (model 4)',
  'practices[].gpLocum': 'illustrative: 6% of substantive GP FTE (the model\'s central workforce.gp.locumSupply), so that substantive plus locum FTE is the seeds\' total counting locums',
  'areas[].growth': 'ONS Census 2021, population change 2011-2021 of each CCG\'s local authorities, as a yearly rate (see each CCG in notes); Thurrock takes the model default (Thurrock census +11.6%)',
  'areas[].gpFillRate': 'calibrated (scripts/calibrate.ts): doing nothing, the CCG\'s GP FTE per head including locums about flat 2015-2018 (England -1%, NHS Digital); Thurrock takes the model default, calibrated to its own series',
  'practices[].fte.nurse': 'illustrative: NHS Digital 2015 nurses per 100,000 (Thurrock 20.2, England 24.6 for other CCGs) spread by list',
  'practices[].fte.hca': 'illustrative: NHS Digital 2015 other clinical staff per 100,000 (Thurrock 8.7, England 15.0) spread by list, counted as HCAs',
  'practices[].fte (anp, pharmacist, physio, paramedic, pa)': 'illustrative: 0 at the start; the strategy introduces these roles',
  'practices[].gpHeadcount': 'illustrative: GP FTE / 0.85, rounded, at least 1',
  'localities[].hub (Thurrock)': 'seed 003: four hubs gave 6,000 GP and 15,000 nurse appointments in 2015/16, split by locality population',
  'localities[].hub (other CCGs)': 'illustrative: 0 (no public figure here)',
  'localities (Thurrock)': 'seed 001 and 003: four localities; practices assigned by postcode and town by scripts/build-baselines.ts',
};

function rowsFrom(records: Record<string, string>[], fields: { code: string; name: string; list: string; ccg?: string }): Row[] {
  return records
    .filter((r) => num(r[fields.list]) !== null)
    .map((r) => ({
      code: r[fields.code]!, name: r[fields.name]!, postcode: r.postcode!, ccg: fields.ccg ? r[fields.ccg]! : '07G',
      list: num(r[fields.list])!, imd: num(r.imd2019_score), pct65: num(r.pct_65plus_2023),
    }));
}

function thurrock(): Baseline {
  const rows = rowsFrom(read('thurrock_practices_2015-16.csv'), { code: 'practice_code', name: 'practice_name', list: 'registered_2015_16' });
  const { localities, practices } = thurrockPart(rows);
  return {
    schema: 'capsim/baseline@1', id: 'thurrock', name: 'NHS Thurrock CCG, 2015/16',
    description: 'The 33 practices of NHS Thurrock CCG in 2015/16 with their registered lists, in four localities with their hubs.',
    start: '2015-04', areas: [{ id: '07G', name: 'NHS Thurrock CCG' }], localities, practices, reference: REFERENCE, sources: SOURCES,
    notes: [
      'F81734 (Dr Saha PK Practice) closed in April 2014 and is left out.',
      ...THURROCK_LOCALITIES.map((l) => `${l.name}: ${l.rule}.`),
      'The four localities follow the CCG (seed 003: Corringham, Grays, South Ockendon, Tilbury); East Tilbury is placed with Corringham and Stanford-le-Hope, Orsett and Chafford Hundred with Grays, Chadwell St Mary with Tilbury (a documented judgement).',
      'GP FTE is calibrated to 2,072 patients per FTE GP (2014/15, counting locums and registrars), not the 39.5 per 100,000 of NHS Digital 2015, so that the seeds\' 45-GP requirement is reproduced on their arithmetic (against England\'s headcount ratio 1,321).',
      'England\'s reference on the same basis (FTE including registrars and locums, September 2015) is about 1,650 patients per GP FTE: like for like Thurrock was about 21 GP FTE short, not 45 (model 4).',
    ],
  };
}

function mse(): Baseline {
  const all = rowsFrom(read('mse_practices_2015-16.csv'), { code: 'practice_code', name: 'practice_name', list: 'registered_patients', ccg: 'ccg_code' });
  const ccgs = new Map<string, string>();
  for (const r of read('mse_practices_2015-16.csv')) ccgs.set(r.ccg_code!, r.ccg_name!);
  const thurrockPartOut = thurrockPart(all.filter((r) => r.ccg === '07G'));
  const localities: BaselineLocality[] = [...thurrockPartOut.localities];
  const practices: BaselinePractice[] = [...thurrockPartOut.practices];
  for (const [ccg, name] of [...ccgs].filter(([c]) => c !== '07G')) {
    const rows = all.filter((r) => r.ccg === ccg);
    const need = needIndex(rows);
    const mean65 = weightedMean(rows, (r) => r.pct65);
    const id = name.replace(/^NHS /, '').replace(/ CCG$/, '').toLowerCase().replace(/[^a-z]+/g, '-');
    localities.push({ id, name: name.replace(/^NHS /, '').replace(/ CCG$/, ''), area: ccg, hub: { gpAppointments: 0, nurseAppointments: 0 } });
    for (const r of rows) practices.push(practice(r, id, need.get(r.code)!, r.pct65 ?? mean65, OTHER_CCG_PPG, PER_100K.england));
  }
  return {
    schema: 'capsim/baseline@1', id: 'mse', name: 'Mid and south Essex STP, 2015/16',
    description: 'The 188 practices of the five mid and south Essex CCGs in 2015/16: Thurrock in its four localities, each other CCG as one locality.',
    start: '2015-04',
    areas: [...ccgs].map(([id, name]) => (AREA_GROWTH[id] ? { id, name, growth: AREA_GROWTH[id].growth, gpFillRate: AREA_GP_FILL[id]! } : { id, name })),
    localities, practices, reference: REFERENCE, sources: SOURCES,
    notes: [
      ...Object.entries(AREA_GROWTH).map(([id, g]) => `${ccgs.get(id)}: list growth ${(100 * g.growth).toFixed(2)}% a year (${g.source}); GP fill rate ${AREA_GP_FILL[id]} (calibrated).`),
      'All five CCGs are on one GP staffing basis, the seeds\': GP FTE counting locums and registrars (Thurrock 2,072 patients per FTE GP; the other CCGs 1,730, NHS Digital\'s England level on that basis).',
      'Each CCG is an area. Thurrock keeps its four localities; the other CCGs are one locality each, because the 26 neighbourhoods of 30-50k are not in the public extract.',
      'Thurrock practices are built exactly as in the thurrock baseline.',
    ],
  };
}

export function buildBaselines(): Baseline[] {
  return [thurrock(), mse()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const b of buildBaselines()) {
    writeFileSync(`${dir}baselines/${b.id}.json`, JSON.stringify(b, null, 1) + '\n');
    const pop = b.practices.reduce((a, p) => a + p.list.reduce((x, y) => x + y, 0), 0);
    const gp = b.practices.reduce((a, p) => a + p.fte.gp, 0);
    console.log(`${b.id}: ${b.practices.length} practices, ${b.localities.length} localities, population ${pop}, GP FTE ${gp.toFixed(1)}, ${(pop / gp).toFixed(0)} per FTE GP`);
  }
}
