/**
 * `capsim baseline build` and the "Your area" page: a capsim/baseline@1 from NHS England's public practice
 * files (docs/data.md). Pure: files come in as FileInputs (Node streams in the CLI, File.stream() in the
 * browser's worker), the baseline and its summary go out. Every field carries its source.
 */
import type { Baseline, BaselineLocality, BaselinePractice, Role } from '../engine/types.ts';
import { AGE_BANDS, ROLES } from '../engine/types.ts';
import { ENGLAND_RECORDED_PER_HEAD_2025, TODAY_DEMAND_SCALE } from '../engine/defaults.ts';
import { monthName } from '../engine/describe.ts';
import { CsvReader, InputError, parseDate, streamCsv, type FileInput, type Record_ } from './csv.ts';

/** "2026-07-01" -> "July 2026" (the engine's month names). */
const monthLabel = (iso: string): string => monthName(iso.slice(0, 7));
import { GP_COLUMNS, pcnRole, PRACTICE_NOT_MODELLED, PRACTICE_ROLE_COLUMNS } from './roles.ts';

export const PUBLISHER = 'NHS England Digital';

/** A built area's GP fill rate (GPs start in balance at it; model 4, 1a), unless --workforce-earlier fits its own. */
export const BUILT_GP_FILL_RATE = 0.9;

export type Selection = { icb: string } | { subIcb: string } | { pcn: string[] } | { practices: string[] } | { all: true };

export interface BuildInputs {
  registrations: FileInput;
  map: FileInput;
  workforce: FileInput;
  /** The same practice workforce file of an earlier month (model 4, 1a): each Sub-ICB's GP fill rate is fitted to its change. */
  workforceEarlier?: FileInput;
  pcnWorkforce?: FileInput;
  appointments?: FileInput[];
  imd?: FileInput;
  hubs?: FileInput;
  /** The user's own A&E table: area (a Sub-ICB or a locality), period (a financial year or a month), attendances. */
  ae?: FileInput;
  /** A CSV of practice, locality[, name]: the user's own localities in place of PCNs. */
  localitiesFile?: FileInput;
}

export interface BuildOptions {
  select: Selection;
  localities?: 'pcn' | 'sub-icb' | 'file';
  /** Give a practice without workforce data its PCN's average FTE per head (default: leave it out). */
  fillMissing?: boolean;
  onProgress?: (p: { phase: string; bytes: number; total?: number }) => void;
}

export interface LocalitySummary {
  id: string; name: string; area: string; practices: number; patients: number;
  gpFte: number; gpFteExLocum: number; patientsPerGpFte: number; fte: Record<Role, number>; notModelledFte: number;
}

/** Appointments recorded in the area's first months, per area, for calibration (nhs/calibrate.ts). */
export interface RecordedArea {
  area: string; months: string[]; patients: number;
  /** Attended plus unknown status, a year (annualised from the months given), by staff type; unknown staff pro rata. */
  perHead: number; gpPerHead: number; otherPerHead: number; dnaPerHead: number; coverage: string;
}

/** Rows and practices the build kept, set aside or estimated because the files had them (model 4, section 1a). */
export interface Quirks {
  /** PCN workforce rows above 2 FTE for one person or service: kept, each named in a warning. */
  pcnRowsAbove2: number;
  /** PCN workforce rows with a negative or unreadable FTE: set aside, each named in a warning. */
  pcnRowsSetAside: number;
  /** Practices whose direct patient care staff are published as NA: missing, given the area's average per head. */
  dpcMissing: number;
  /** Practices with a GP headcount of 0 but GP FTE above 0: headcount missing, estimated from FTE. */
  gpHeadcountZero: number;
}

/** One measure of the area's PCNs against the distribution over all of England's PCNs (same files). */
export interface ComparisonMetric {
  id: 'patientsPerGpFte' | 'pcnStaffPer100k' | 'appointmentsPerHead';
  label: string;
  england: { n: number; p10: number; p25: number; p50: number; p75: number; p90: number };
  /** Every England PCN's value, sorted (for a strip chart). */
  values: number[];
  /** The area's PCNs: value and the share of England's PCNs below it. */
  rows: { id: string; name: string; value: number; percentile: number }[];
}

/** Each Sub-ICB's GP FTE (including locums) in the earlier and the later snapshot, over the practices in both. */
export interface EarlierChange { area: string; earlier: number; later: number; months: number; practices: number; annual: number }

export interface BuildOutput {
  baseline: Baseline;
  summary: LocalitySummary[];
  warnings: string[];
  quirks: Quirks;
  /** With an earlier workforce file: each Sub-ICB's change between the snapshots, a year. */
  earlier: EarlierChange[] | null;
  /** England in the same files as one practice: its lists by band and its staff, practices' and PCNs' (model 4). */
  englandPractice: BaselinePractice;
  /** How the area's PCNs compare with every PCN of England in the same files. */
  comparison: ComparisonMetric[];
  recorded: RecordedArea[] | null;
  extract: string;
}

export interface MapRow {
  code: string; name: string; postcode: string; pcn: string; pcnName: string;
  subIcb: string; subIcbOns: string; subIcbName: string; icb: string; icbOns: string; icbName: string; extract: string | null; line: number;
}

const up = (s: string | undefined) => (s ?? '').trim().toUpperCase();
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const NO_PCN = new Set(['', 'U', 'UNALIGNED', 'NA', 'UNALLOCATED', 'N/A']);
const fileName = (f: FileInput) => f.name.replace(/^.*[\\/]/, '');

/** Five-year bands (0_4 ... 95+) into the model's seven (0-4, 5-14, 15-44, 45-64, 65-74, 75-84, 85+). */
export function bandIndex(band: string): number | null {
  const b = band.trim();
  if (b === '95+' || b === '95_PLUS' || b === '95PLUS') return 6;
  const m = /^(\d+)_(\d+)$/.exec(b);
  if (!m) return null;
  const lo = Number(m[1]);
  if (lo % 5 !== 0 || Number(m[2]) !== lo + 4 || lo > 90) return null;
  return lo < 5 ? 0 : lo < 15 ? 1 : lo < 45 ? 2 : lo < 65 ? 3 : lo < 75 ? 4 : lo < 85 ? 5 : 6;
}

const CODE = ['PRACTICE_CODE', 'ORG_CODE', 'PRAC_CODE', 'GP_CODE', 'CODE'];

async function read<K extends string>(input: FileInput, what: string, pick: RegExp | ((name: string) => boolean), columns: Record<K, { names: readonly string[]; required?: boolean }>,
  onRecord: ConstructorParameters<typeof CsvReader<K>>[3], o: BuildOptions, phase: string): Promise<string[]> {
  let bytes = 0;
  return streamCsv(input, (n) => (typeof pick === 'function' ? pick(n) : pick.test(n)), what, (label) => new CsvReader<K>(label, what, columns, onRecord), (n) => {
    bytes += n;
    o.onProgress?.({ phase, bytes, ...(input.size !== undefined ? { total: input.size } : {}) });
  });
}

/** The practice to PCN, Sub-ICB and ICB map, by practice code. */
export async function readMap(input: FileInput, o: Pick<BuildOptions, 'onProgress'> = {}): Promise<Map<string, MapRow>> {
  const map = new Map<string, MapRow>();
  const mapName = fileName(input);
  await read(input, 'the practice to PCN, Sub-ICB and ICB map (gp-reg-pat-prac-map.csv)', /map/i, {
    code: { names: CODE, required: true }, name: { names: ['PRACTICE_NAME', 'PRAC_NAME'] }, postcode: { names: ['PRACTICE_POSTCODE', 'POSTCODE'] },
    pcn: { names: ['PCN_CODE'], required: true }, pcnName: { names: ['PCN_NAME'] },
    subIcb: { names: ['SUB_ICB_LOCATION_CODE', 'SUB_ICB_CODE', 'CCG_CODE'], required: true }, subIcbOns: { names: ['ONS_SUB_ICB_LOCATION_CODE', 'ONS_CCG_CODE'] },
    subIcbName: { names: ['SUB_ICB_LOCATION_NAME', 'SUB_ICB_NAME', 'CCG_NAME'] },
    icb: { names: ['ICB_CODE', 'STP_CODE'], required: true }, icbOns: { names: ['ONS_ICB_CODE', 'ONS_STP_CODE'] }, icbName: { names: ['ICB_NAME', 'STP_NAME'] },
    extract: { names: ['EXTRACT_DATE'] },
  }, (r) => {
    const code = up(r.get('code'));
    if (!code) throw new InputError(mapName, r.line, undefined, 'a row has no practice code');
    const prev = map.get(code);
    if (prev) throw new InputError(mapName, r.line, undefined, `practice ${code} appears twice (first at line ${prev.line})`);
    map.set(code, {
      code, name: r.get('name') ?? code, postcode: r.get('postcode') ?? '', pcn: up(r.get('pcn')), pcnName: r.get('pcnName') ?? '',
      subIcb: up(r.get('subIcb')), subIcbOns: up(r.get('subIcbOns')), subIcbName: r.get('subIcbName') ?? up(r.get('subIcb')),
      icb: up(r.get('icb')), icbOns: up(r.get('icbOns')), icbName: r.get('icbName') ?? up(r.get('icb')), extract: parseDate(r.get('extract') ?? ''), line: r.line,
    });
  }, o as BuildOptions, 'map');
  if (!map.size) throw new InputError(mapName, undefined, undefined, 'the map lists no practices');
  return map;
}

export interface AreaChoice {
  code: string; name: string; practices: number; parent?: string;
  /** For ICBs and Sub-ICBs: the names of their largest PCNs, which name places (the files give no place names). */
  places?: string[];
}
/** The mapping's own lists to pick an area from: ICBs, Sub-ICBs (with their ICB) and PCNs (with their Sub-ICB). */
export function areaChoices(map: Map<string, MapRow>): { icbs: AreaChoice[]; subIcbs: AreaChoice[]; pcns: AreaChoice[]; extract: string | null } {
  const tally = (key: (p: MapRow) => string, name: (p: MapRow) => string, parent?: (p: MapRow) => string) => {
    const m = new Map<string, AreaChoice>();
    for (const p of map.values()) {
      const k = key(p);
      if (!k || NO_PCN.has(k)) continue;
      const e = m.get(k);
      if (e) e.practices++;
      else m.set(k, { code: k, name: name(p), practices: 1, ...(parent ? { parent: parent(p) } : {}) });
    }
    return [...m.values()].sort((a, b) => a.name.localeCompare(b.name));
  };
  const pcns = tally((p) => p.pcn, (p) => p.pcnName || p.pcn, (p) => p.subIcb);
  // Each area's four largest PCNs by practices: "Grays PCN, Tilbury and Chadwell PCN, ..." says where it is.
  const placesOf = (of: (p: MapRow) => string) => {
    const within = new Map<string, AreaChoice[]>();
    const pcnArea = new Map<string, string>();
    for (const p of map.values()) if (p.pcn) pcnArea.set(p.pcn, of(p));
    for (const c of pcns) {
      const a = pcnArea.get(c.code);
      if (a) within.set(a, [...(within.get(a) ?? []), c]);
    }
    return (c: AreaChoice): AreaChoice => ({ ...c, places: (within.get(c.code) ?? []).sort((x, y) => y.practices - x.practices).slice(0, 4).map((x) => x.name) });
  };
  return {
    icbs: tally((p) => p.icb, (p) => p.icbName).map(placesOf((p) => p.icb)),
    subIcbs: tally((p) => p.subIcb, (p) => p.subIcbName, (p) => p.icb).map(placesOf((p) => p.subIcb)),
    pcns,
    extract: [...map.values()].find((p) => p.extract)?.extract ?? null,
  };
}

export async function buildBaseline(inputs: BuildInputs, o: BuildOptions): Promise<BuildOutput> {
  const warnings: string[] = [];
  const warn = (w: string) => warnings.push(w);

  // 1. The map: every practice's PCN, Sub-ICB and ICB.
  const map = await readMap(inputs.map, o);
  const mapName = fileName(inputs.map);

  // 2. The selection.
  const all = [...map.values()];
  const sel = o.select;
  let chosen: MapRow[];
  let areaName: string;
  let baselineId: string;
  const knownList = (pairs: [string, string][]) => [...new Map(pairs).entries()].slice(0, 8).map(([c, n]) => `${c} ${n}`).join('; ') + (new Set(pairs.map((p) => p[0])).size > 8 ? '; ...' : '');
  if ('all' in sel) {
    chosen = all; areaName = 'England'; baselineId = 'england';
  } else if ('icb' in sel) {
    const c = up(sel.icb);
    chosen = all.filter((p) => p.icb === c || p.icbOns === c);
    if (!chosen.length) throw new InputError('--icb', undefined, undefined, `no practice in ${mapName} has ICB code "${sel.icb}" (known: ${knownList(all.map((p) => [p.icb, p.icbName]))})`);
    areaName = chosen[0]!.icbName; baselineId = `icb-${chosen[0]!.icb}`;
  } else if ('subIcb' in sel) {
    const c = up(sel.subIcb);
    chosen = all.filter((p) => p.subIcb === c || p.subIcbOns === c);
    if (!chosen.length) throw new InputError('--sub-icb', undefined, undefined, `no practice in ${mapName} has Sub-ICB code "${sel.subIcb}" (known: ${knownList(all.map((p) => [p.subIcb, p.subIcbName]))})`);
    areaName = chosen[0]!.subIcbName; baselineId = `sub-icb-${chosen[0]!.subIcb}`;
  } else if ('pcn' in sel) {
    const codes = sel.pcn.map(up);
    const unknown = codes.filter((c) => !all.some((p) => p.pcn === c));
    if (unknown.length) throw new InputError('--pcn', undefined, undefined, `no practice in ${mapName} is in PCN ${unknown.map((c) => `"${c}"`).join(', ')}`);
    chosen = all.filter((p) => codes.includes(p.pcn));
    areaName = [...new Set(chosen.map((p) => p.pcnName || p.pcn))].join(', '); baselineId = `pcn-${codes.join('-')}`;
  } else {
    const codes = sel.practices.map(up);
    const unknown = codes.filter((c) => !map.has(c));
    if (unknown.length) throw new InputError('--practices', undefined, undefined, `practice ${unknown.map((c) => `"${c}"`).join(', ')} not in ${mapName}`);
    chosen = codes.map((c) => map.get(c)!);
    areaName = `${chosen.length} practice${chosen.length > 1 ? 's' : ''} of ${[...new Set(chosen.map((p) => p.subIcbName))].join(', ')}`; baselineId = 'practices';
  }
  if (!chosen.length) throw new InputError('(selection)', undefined, undefined, 'the selection holds no practice');
  const chosenCodes = new Set(chosen.map((p) => p.code));
  // PCN members outside the selection still take their share of their PCN's staff.
  const pcnsChosen = new Set(chosen.map((p) => p.pcn).filter((c) => !NO_PCN.has(c)));
  const needed = new Set([...chosenCodes, ...all.filter((p) => pcnsChosen.has(p.pcn)).map((p) => p.code)]);

  // 3. Registered patients by five-year band and sex.
  const regName = fileName(inputs.registrations);
  const lists = new Map<string, { bands: number[]; total: number | null; seen: Map<string, number> }>();
  const subIcbTotals = new Map<string, number>();
  // England in the same files (model 4): every practice's registered list, for the reference.
  const nationalTotal = new Map<string, number>();
  const nationalBands7 = new Map<string, number[]>();
  /** A practice outside the selection: its total row, else the sum of its bands. */
  const nationalList = (code: string): number | undefined => nationalTotal.get(code) ?? nationalBands7.get(code)?.reduce((a, x) => a + x, 0);
  let regExtract: string | null = null;
  await read(inputs.registrations, 'patients registered by five-year age band and sex (gp-reg-pat-prac-quin-age.csv)', /quin|age/i, {
    type: { names: ['ORG_TYPE'], required: true }, code: { names: CODE, required: true }, sex: { names: ['SEX'], required: true },
    band: { names: ['AGE_GROUP_5', 'AGE_GROUP'], required: true }, n: { names: ['NUMBER_OF_PATIENTS'], required: true }, extract: { names: ['EXTRACT_DATE'] },
  }, (r) => {
    const type = up(r.get('type'));
    regExtract ??= parseDate(r.get('extract') ?? '');
    if (type === 'SUB_ICB_LOCATION_CODE' || type === 'SUB_ICB_LOCATION' || type === 'CCG') {
      if (up(r.get('sex')) === 'ALL' && up(r.get('band')) === 'ALL') subIcbTotals.set(up(r.get('code')), r.num('n') ?? 0);
      return;
    }
    if (type !== 'GP') return;
    const code = up(r.get('code'));
    if (!needed.has(code)) {
      const n = r.num('n'), sex = up(r.get('sex')), band = up(r.get('band'));
      if (n !== null && n >= 0) {
        if (sex === 'ALL' && band === 'ALL') nationalTotal.set(code, n);
        else if ((sex === 'MALE' || sex === 'FEMALE') && band !== 'ALL') {
          const bi = bandIndex(band);
          if (bi !== null) {
            let b7 = nationalBands7.get(code);
            if (!b7) nationalBands7.set(code, (b7 = AGE_BANDS.map(() => 0)));
            b7[bi]! += n;
          }
        }
      }
      return;
    }
    const sex = up(r.get('sex')), band = up(r.get('band'));
    const n = r.num('n');
    if (n === null || n < 0) throw new InputError(regName, r.line, undefined, `NUMBER_OF_PATIENTS for ${code} ${sex} ${band} is missing or negative`);
    let e = lists.get(code);
    if (!e) lists.set(code, (e = { bands: AGE_BANDS.map(() => 0), total: null, seen: new Map() }));
    const key = `${sex} ${band}`;
    const first = e.seen.get(key);
    if (first !== undefined) throw new InputError(regName, r.line, undefined, `${code} ${key} appears twice (first at line ${first}): the file counts it twice (as the May 2024 files did); remove one or use the reissued file`);
    e.seen.set(key, r.line);
    if (band === 'ALL') { if (sex === 'ALL') e.total = n; return; }
    if (sex !== 'MALE' && sex !== 'FEMALE') throw new InputError(regName, r.line, undefined, `SEX "${r.get('sex')}" is not MALE, FEMALE or ALL`);
    const bi = bandIndex(band);
    if (bi === null) throw new InputError(regName, r.line, undefined, `AGE_GROUP_5 "${r.get('band')}" is not a five-year band (0_4 ... 90_94, 95+)`);
    e.bands[bi]! += n;
  }, o, 'registrations');
  for (const [code, e] of lists) {
    const sum = e.bands.reduce((a, x) => a + x, 0);
    if (e.total !== null && Math.abs(sum - e.total) > 0.5 && chosenCodes.has(code)) warn(`${code}: its bands add to ${sum} but its total row says ${e.total}; the bands are used`);
  }

  // 4. Practice workforce.
  const wfName = fileName(inputs.workforce);
  const roleCols = Object.entries(PRACTICE_ROLE_COLUMNS).flatMap(([, cols]) => cols);
  const wfColumns: Record<string, { names: readonly string[]; required?: boolean }> = {
    code: { names: CODE, required: true },
    gpAll: { names: GP_COLUMNS.all, required: true }, gpSub: { names: GP_COLUMNS.substantive }, gpHc: { names: GP_COLUMNS.headcount },
    gpSource: { names: ['GP_SOURCE'] },
  };
  for (const c of [...roleCols, ...GP_COLUMNS.locum, ...GP_COLUMNS.trainees, ...PRACTICE_NOT_MODELLED]) wfColumns[c] = { names: [c] };
  interface Wf { fte: Record<Role, number>; gpLocum: number; gpHeadcount: number | null; notModelled: number; trainees: number; estimated: boolean; dpcMissing: boolean; line: number }
  const quirks: Quirks = { pcnRowsAbove2: 0, pcnRowsSetAside: 0, dpcMissing: 0, gpHeadcountZero: 0 };
  // Direct patient care columns of the model's roles: "NA" in all of them is missing, not zero.
  const dpcColumns = Object.values(PRACTICE_ROLE_COLUMNS).flat().filter((c) => c.startsWith('TOTAL_DPC_'));
  const headcountZero: string[] = [];
  const workforce = new Map<string, Wf | { missing: string; line: number }>();
  // England in the same files (model 4): every practice's GP FTE including trainees and locums.
  const nationalGp = new Map<string, number>();
  const nationalWf = new Map<string, { fte: Record<Role, number>; locum: number }>();
  let estimated = 0;
  await read(inputs.workforce, 'the practice-level detailed workforce file (General Practice Workforce, Practice Level - Detailed)', /detailed/i, wfColumns, (r) => {
    const code = up(r.get('code'));
    if (!needed.has(code)) {
      const gp = r.num('gpAll');
      if (gp !== null && gp >= 0 && !/no valid|no data/i.test(r.get('gpSource') ?? '')) {
        nationalGp.set(code, gp);
        const sub = r.num('gpSub');
        const locum = sub !== null ? Math.max(0, gp - sub) : GP_COLUMNS.locum.reduce((a, c) => a + (r.num(c) ?? 0), 0);
        const fte = Object.fromEntries(ROLES.map((role) => [role, role === 'gp' ? gp - locum : PRACTICE_ROLE_COLUMNS[role as Exclude<Role, 'gp'>].reduce((a, c) => a + (r.num(c) ?? 0), 0)])) as Record<Role, number>;
        nationalWf.set(code, { fte, locum });
      }
      return;
    }
    if (workforce.has(code)) throw new InputError(wfName, r.line, undefined, `practice ${code} appears twice (first at line ${workforce.get(code)!.line})`);
    const source = r.get('gpSource') ?? '';
    const all = r.num('gpAll');
    if (all === null || /no valid|no data/i.test(source)) {
      workforce.set(code, { missing: source || 'GP FTE not given', line: r.line });
      return;
    }
    const sum = (cols: readonly string[]) => cols.reduce((a, c) => a + (r.num(c) ?? 0), 0);
    const sub = r.num('gpSub');
    const locum = sub !== null ? Math.max(0, all - sub) : sum(GP_COLUMNS.locum);
    const fte = Object.fromEntries(ROLES.map((role) => [role, role === 'gp' ? (sub ?? all - locum) : sum(PRACTICE_ROLE_COLUMNS[role as Exclude<Role, 'gp'>])])) as Record<Role, number>;
    const est = /estimate/i.test(source);
    if (est) estimated++;
    const dpcMissing = dpcColumns.every((c) => /^\s*NA\s*$/i.test(r.get(c) ?? 'NA'));
    // A GP headcount of 0 beside GP FTE above 0 is missing, not "no GPs" (estimated from FTE below).
    let gpHeadcount = r.num('gpHc');
    if (gpHeadcount === 0 && all > 0) { gpHeadcount = null; headcountZero.push(code); }
    workforce.set(code, { fte, gpLocum: locum, gpHeadcount, notModelled: sum(PRACTICE_NOT_MODELLED), trainees: sum(GP_COLUMNS.trainees), estimated: est, dpcMissing, line: r.line });
  }, o, 'workforce');
  if (estimated) warn(`${estimated} practice(s) have GP figures that NHS England estimated ("Includes FTE Estimates" or "Fully Estimated")`);
  const named = (codes: string[]) => codes.slice(0, 10).join(', ') + (codes.length > 10 ? ` and ${codes.length - 10} more` : '');
  const chosenZero = headcountZero.filter((c) => chosenCodes.has(c));
  quirks.gpHeadcountZero = chosenZero.length;
  if (chosenZero.length) warn(`${chosenZero.length} practice(s) have a GP headcount of 0 but GP FTE above 0 in ${wfName} (${named(chosenZero)}): the headcount is taken as missing and estimated as GP FTE / 0.85, so small-practice failure follows their FTE`);

  // 5. PCN-employed staff (the Additional Roles), shared between member practices by list.
  const pcnFte = new Map<string, Record<Role, number>>();
  const nationalPcn = Object.fromEntries(ROLES.map((x) => [x, 0])) as Record<Role, number>;
  /** Every PCN's employed staff, FTE (the Additional Roles and the rest), for the comparison with England. */
  const pcnStaff = new Map<string, number>();
  const pcnOther = new Map<string, number>();
  let pcnCensus = '';
  const above2: string[] = [], aside: string[] = [];
  if (inputs.pcnWorkforce) {
    const f = fileName(inputs.pcnWorkforce);
    await read(inputs.pcnWorkforce, 'the PCN workforce file (Primary Care Networks, Individual Level)', /individual|pcn/i, {
      pcn: { names: ['PCN_CODE'], required: true }, role: { names: ['STAFF_ROLE'] }, detailed: { names: ['DETAILED_STAFF_ROLE'], required: true },
      fte: { names: ['FTE'], required: true }, year: { names: ['CENSUS_YEAR'] }, month: { names: ['CENSUS_MONTH'] },
    }, (r) => {
      if (!pcnCensus && r.get('year') && r.get('month')) pcnCensus = `${r.get('year')}-${String(r.get('month')).padStart(2, '0')}-01`;
      const pcn = up(r.get('pcn'));
      const staff = r.num('fte');
      if (staff !== null && staff >= 0) pcnStaff.set(pcn, (pcnStaff.get(pcn) ?? 0) + staff);
      if (!pcnsChosen.has(pcn)) {
        const x = r.num('fte');
        const role = x !== null && x >= 0 ? pcnRole(r.get('role') ?? '', r.get('detailed') ?? '') : null;
        if (role !== null) nationalPcn[role] += x!;
        return;
      }
      const fte = r.num('fte');
      if (fte === null || fte < 0) {
        // One odd row never stops a build: set aside, named.
        if (fte !== null || (r.get('fte') ?? '').trim() !== '') { quirks.pcnRowsSetAside++; aside.push(`line ${r.line} (FTE "${r.get('fte')}")`); }
        return;
      }
      if (fte > 2) { quirks.pcnRowsAbove2++; above2.push(`line ${r.line} (${r.get('detailed') || r.get('role') || 'a role'}, ${fte} FTE)`); }
      const role = pcnRole(r.get('role') ?? '', r.get('detailed') ?? '');
      if (role === null) { pcnOther.set(pcn, (pcnOther.get(pcn) ?? 0) + fte); return; }
      nationalPcn[role] += fte;
      let e = pcnFte.get(pcn);
      if (!e) pcnFte.set(pcn, (e = Object.fromEntries(ROLES.map((x) => [x, 0])) as Record<Role, number>));
      e[role] += fte;
    }, o, 'pcn-workforce');
    const list = (xs: string[]) => xs.slice(0, 12).join('; ') + (xs.length > 12 ? `; and ${xs.length - 12} more` : '');
    if (above2.length) warn(`${above2.length} row(s) of ${f} give more than 2 FTE for one person or service (${list(above2)}): kept as given (a service or a role shared by several people), not split or dropped`);
    if (aside.length) warn(`${aside.length} row(s) of ${f} have a negative or unreadable FTE (${list(aside)}): set aside`);
  }

  // 6. Deprivation.
  const imd = new Map<string, number>();
  const imdOdd: string[] = [];
  if (inputs.imd) {
    await read(inputs.imd, 'practice deprivation scores (IMD_SCORE by PRACTICE_CODE)', /imd|deprivation|fingertips|csv/i, {
      code: { names: [...CODE, 'AREA CODE', 'AREACODE'], required: true }, score: { names: ['IMD_SCORE', 'VALUE', 'IMD 2019 SCORE', 'IMD2019'], required: true },
    }, (r) => {
      const s = r.num('score');
      // IMD scores lie in 0-100: anything else is an odd row, set aside (the practice gets the area's mean).
      if (s !== null && (s < 0 || s > 100)) imdOdd.push(`line ${r.line} (${r.get('code')}, ${s})`);
      else if (s !== null) imd.set(up(r.get('code')), s);
    }, o, 'imd');
    if (imdOdd.length) warn(`${imdOdd.length} row(s) of ${fileName(inputs.imd)} have a deprivation score outside 0-100 (${imdOdd.slice(0, 10).join('; ')}): set aside, so those practices get the area's mean`);
  }

  // 7. Localities.
  const mode = o.localities ?? 'pcn';
  const locOf = new Map<string, { id: string; name: string }>();
  if (mode === 'file') {
    if (!inputs.localitiesFile) throw new InputError('--localities', undefined, undefined, 'a localities file is needed');
    const f = fileName(inputs.localitiesFile);
    await read(inputs.localitiesFile, 'a CSV of practice, locality', /./, {
      code: { names: ['PRACTICE', ...CODE], required: true }, loc: { names: ['LOCALITY', 'LOCALITY_ID'], required: true }, name: { names: ['LOCALITY_NAME', 'NAME'] },
    }, (r) => {
      const code = up(r.get('code'));
      if (!map.has(code)) throw new InputError(f, r.line, 1, `practice "${r.get('code')}" is not in ${mapName}`);
      const id = r.get('loc')!;
      if (!id) throw new InputError(f, r.line, 2, 'the locality is empty');
      locOf.set(code, { id, name: r.get('name') || id });
    }, o, 'localities');
  }

  // 8. The practices.
  const practices: BaselinePractice[] = [];
  const missingWf: MapRow[] = [];
  for (const p of [...chosen].sort((a, b) => a.code.localeCompare(b.code))) {
    const l = lists.get(p.code);
    if (!l) { warn(`${p.code} ${p.name}: not in ${regName} (no registered list): left out`); continue; }
    const w = workforce.get(p.code);
    if (!w || 'missing' in w) {
      missingWf.push(p);
      continue;
    }
    let loc: { id: string; name: string };
    if (mode === 'file') {
      const f = locOf.get(p.code);
      if (!f) { warn(`${p.code} ${p.name}: not in the localities file: left out`); continue; }
      loc = f;
    } else if (mode === 'sub-icb') loc = { id: p.subIcb, name: p.subIcbName };
    else loc = NO_PCN.has(p.pcn) ? { id: `no-pcn-${p.subIcb}`, name: `Practices outside a PCN (${p.subIcbName})` } : { id: p.pcn, name: p.pcnName || p.pcn };
    locOf.set(p.code, loc);
    practices.push({
      code: p.code, name: p.name, postcode: p.postcode, locality: loc.id, list: l.bands, need: 1,
      fte: Object.fromEntries(ROLES.map((r) => [r, round(w.fte[r], 3)])) as Record<Role, number>,
      gpLocum: round(w.gpLocum, 3), gpHeadcount: w.gpHeadcount ?? Math.max(1, Math.round(w.fte.gp / 0.85)),
    });
  }
  const listOf = (code: string) => lists.get(code)?.bands.reduce((a, x) => a + x, 0) ?? 0;
  // Direct patient care published as NA is missing, not zero: those roles get the selection's average per head
  // of the practices that report them.
  const dpcRoles = (Object.keys(PRACTICE_ROLE_COLUMNS) as Exclude<Role, 'gp'>[]).filter((r) => PRACTICE_ROLE_COLUMNS[r].every((c) => c.startsWith('TOTAL_DPC_')));
  const isDpcMissing = (code: string) => { const w = workforce.get(code); return !!w && !('missing' in w) && w.dpcMissing; };
  const dpcMissing = practices.filter((p) => isDpcMissing(p.code));
  if (dpcMissing.length) {
    const reporting = practices.filter((p) => !isDpcMissing(p.code));
    const people = reporting.reduce((a, p) => a + listOf(p.code), 0);
    for (const p of dpcMissing) {
      for (const r of dpcRoles) {
        const avg = people > 0 ? reporting.reduce((a, q) => a + q.fte[r], 0) / people : 0;
        p.fte[r] = round(avg * listOf(p.code), 3);
      }
    }
    quirks.dpcMissing = dpcMissing.length;
    warn(`${dpcMissing.length} practice(s) publish their direct patient care staff as NA in ${wfName} (${named(dpcMissing.map((p) => p.code))}): missing, not zero; given the selection's average per head of ${dpcRoles.join(', ')}`);
  }
  // PCN staff: each member's share by list (members outside the selection take theirs too).
  const pcnList = new Map<string, number>();
  for (const m of all) if (pcnsChosen.has(m.pcn) && lists.has(m.code)) pcnList.set(m.pcn, (pcnList.get(m.pcn) ?? 0) + listOf(m.code));
  const pcnShare = (code: string) => {
    const pcn = map.get(code)!.pcn;
    const total = pcnList.get(pcn);
    return total ? { pcn, share: listOf(code) / total } : null;
  };
  for (const pr of practices) {
    const s = pcnShare(pr.code);
    const fte = s && pcnFte.get(s.pcn);
    if (s && fte) for (const r of ROLES) pr.fte[r] = round(pr.fte[r] + fte[r] * s.share, 3);
  }
  /** FTE counted but not modelled as clinical capacity: the practice's own and its share of its PCN's. */
  const notModelledOf = (code: string) => {
    const w = workforce.get(code);
    const s = pcnShare(code);
    return (w && !('missing' in w) ? w.notModelled : 0) + (s ? (pcnOther.get(s.pcn) ?? 0) * s.share : 0);
  };
  for (const p of missingWf) {
    const why = (workforce.get(p.code) as { missing: string } | undefined)?.missing ?? `not in ${wfName}`;
    const peers = NO_PCN.has(p.pcn) ? [] : practices.filter((q) => map.get(q.code)!.pcn === p.pcn);
    if (o.fillMissing && peers.length) {
      const peerList = peers.reduce((a, q) => a + listOf(q.code), 0);
      const s = listOf(p.code) / peerList;
      const loc = mode === 'sub-icb' ? { id: p.subIcb, name: p.subIcbName } : locOf.get(peers[0]!.code)!;
      const fte = Object.fromEntries(ROLES.map((r) => [r, round(peers.reduce((a, q) => a + q.fte[r], 0) * s, 3)])) as Record<Role, number>;
      practices.push({ code: p.code, name: p.name, postcode: p.postcode, locality: loc.id, list: lists.get(p.code)!.bands, need: 1, fte,
        gpLocum: round(peers.reduce((a, q) => a + (q.gpLocum ?? 0), 0) * s, 3), gpHeadcount: Math.max(1, Math.round(fte.gp / 0.85)) });
      locOf.set(p.code, loc);
      warn(`${p.code} ${p.name}: no workforce data (${why}): given its PCN's average FTE per head (--fill-missing)`);
    } else warn(`${p.code} ${p.name}: no workforce data (${why}): left out${o.fillMissing ? ' (its PCN has no practice to take an average from)' : ' (--fill-missing gives it its PCN\'s average)'}`);
  }
  practices.sort((a, b) => a.code.localeCompare(b.code));
  if (!practices.length) throw new InputError('(selection)', undefined, undefined, 'no practice of the selection has both a registered list and workforce data');

  // Need: 1 + 1% per IMD point above the list-weighted mean, renormalised to mean 1 (as the built-in baselines).
  if (imd.size) {
    const w = practices.map((p) => listOf(p.code));
    const known = practices.map((p, i) => [imd.get(p.code), w[i]!] as const).filter(([s]) => s !== undefined) as [number, number][];
    const mean = known.reduce((a, [s, x]) => a + s * x, 0) / Math.max(1, known.reduce((a, [, x]) => a + x, 0));
    const raw = practices.map((p) => 1 + 0.01 * ((imd.get(p.code) ?? mean) - mean));
    const m = raw.reduce((a, r, i) => a + r * w[i]!, 0) / w.reduce((a, x) => a + x, 0);
    // Kept to 0.5-3 (the model accepts up to 10): a score far outside IMD's 0-100 is an odd row, named.
    const odd: string[] = [];
    practices.forEach((p, i) => {
      const need = raw[i]! / m;
      if (need < 0.5 || need > 3) odd.push(`${p.code} (score ${imd.get(p.code)})`);
      p.need = round(Math.min(3, Math.max(0.5, need)), 4);
    });
    if (odd.length) warn(`${odd.length} practice(s) have a deprivation score that gives a need index outside 0.5-3 (${odd.slice(0, 10).join(', ')}): kept to that range; check ${fileName(inputs.imd!)}`);
    const noScore = practices.filter((p) => !imd.has(p.code)).length;
    if (noScore) warn(`${noScore} practice(s) have no deprivation score: given the area's mean`);
  }

  // Localities and areas.
  const locs = new Map<string, BaselineLocality & { lists: Map<string, number> }>();
  for (const p of practices) {
    const loc = locOf.get(p.code)!;
    const row = map.get(p.code)!;
    let l = locs.get(p.locality);
    if (!l) locs.set(p.locality, (l = { id: loc.id, name: loc.name, area: row.subIcb, hub: { gpAppointments: 0, nurseAppointments: 0 }, lists: new Map() }));
    l.lists.set(row.subIcb, (l.lists.get(row.subIcb) ?? 0) + listOf(p.code));
  }
  for (const l of locs.values()) {
    if (l.lists.size > 1) {
      const [top] = [...l.lists.entries()].sort((a, b) => b[1] - a[1]);
      l.area = top![0];
      warn(`locality ${l.id} (${l.name}) spans Sub-ICBs ${[...l.lists.keys()].join(', ')}: counted in ${l.area}, which holds most of its list`);
    }
  }
  const noPcn = [...locs.keys()].filter((k) => k.startsWith('no-pcn-'));
  if (noPcn.length) warn(`${practices.filter((p) => noPcn.includes(p.locality)).length} practice(s) are outside a PCN (U, Unaligned or NA): each Sub-ICB's are one locality`);

  // Hubs: the user's own table of locality, GP and nurse appointments a year.
  if (inputs.hubs) {
    const f = fileName(inputs.hubs);
    await read(inputs.hubs, 'a CSV of locality, gp_appointments, nurse_appointments', /./, {
      loc: { names: ['LOCALITY', 'LOCALITY_ID', 'PCN_CODE'], required: true },
      gp: { names: ['GP_APPOINTMENTS', 'GPAPPOINTMENTS'], required: true }, nurse: { names: ['NURSE_APPOINTMENTS', 'NURSEAPPOINTMENTS'], required: true },
    }, (r) => {
      const id = r.get('loc')!;
      const l = locs.get(id) ?? locs.get(id.toUpperCase());
      if (!l) throw new InputError(f, r.line, 1, `unknown locality "${id}" (known: ${[...locs.keys()].slice(0, 10).join(', ')})`);
      const gp = r.num('gp'), nurse = r.num('nurse');
      if (gp === null || gp < 0) throw new InputError(f, r.line, 2, 'gp_appointments must be a number of at least 0');
      if (nurse === null || nurse < 0) throw new InputError(f, r.line, 3, 'nurse_appointments must be a number of at least 0');
      l.hub = { gpAppointments: gp, nurseAppointments: nurse };
    }, o, 'hubs');
  }

  // A&E: the user's own attendances by Sub-ICB or locality, as a rate per 1,000 registered a year per area.
  const aeRate = new Map<string, number>();
  let aePeriods = '';
  if (inputs.ae) {
    const f = fileName(inputs.ae);
    const rows = new Map<string, Map<string, number>>(); // area -> period -> attendances
    const named = new Map<string, Set<string>>(); // area -> localities named (none: the whole Sub-ICB)
    await read(inputs.ae, 'a CSV of area (Sub-ICB or locality), period, attendances', /./, {
      area: { names: ['AREA', 'SUB_ICB_LOCATION_CODE', 'SUB_ICB_CODE', 'SUB_ICB', 'LOCALITY', 'LOCALITY_ID'], required: true },
      period: { names: ['PERIOD', 'YEAR', 'MONTH'] }, n: { names: ['ATTENDANCES', 'AE_ATTENDANCES', 'TYPE1_ATTENDANCES'], required: true },
    }, (r) => {
      const id = r.get('area')!;
      const loc = locs.get(id) ?? locs.get(id.toUpperCase());
      const area = loc?.area ?? ([...locs.values()].some((l) => l.area === id.toUpperCase()) ? id.toUpperCase() : null);
      if (!area) throw new InputError(f, r.line, 1, `"${id}" is neither a Sub-ICB nor a locality of this baseline`);
      const set = named.get(area) ?? new Set<string>();
      if (loc) set.add(loc.id); else set.add('*');
      named.set(area, set);
      const n = r.num('n');
      if (n === null || n < 0) throw new InputError(f, r.line, undefined, 'attendances must be a number of at least 0');
      const period = r.get('period') ?? '';
      const byPeriod = rows.get(area) ?? new Map<string, number>();
      byPeriod.set(period, (byPeriod.get(period) ?? 0) + n);
      rows.set(area, byPeriod);
    }, o, 'ae');
    // The denominator is whom the attendances are of: a Sub-ICB's whole registered list (practices left out of
    // the baseline included), or the named localities' lists.
    const subList = (a: string) => subIcbTotals.get(a) ?? all.filter((m) => m.subIcb === a).reduce((x, m) => x + listOf(m.code), 0);
    const locList = (id: string) => practices.filter((p) => p.locality === id).reduce((x, p) => x + listOf(p.code), 0);
    const pop = new Map([...named].map(([a, set]) => [a, set.has('*') ? subList(a) : [...set].reduce((x, id) => x + locList(id), 0)]));
    const periods = new Set<string>();
    for (const [area, byPeriod] of rows) {
      // Months (any date form) are annualised over the months given; years or no period: the latest one.
      const months = [...byPeriod.keys()].filter((k) => parseDate(k));
      let perYear: number;
      if (months.length === byPeriod.size && months.length) {
        perYear = [...byPeriod.values()].reduce((a, x) => a + x, 0) * (12 / months.length);
        months.forEach((m) => periods.add(parseDate(m)!.slice(0, 7)));
        if (months.length < 12) warn(`A&E for ${area}: ${months.length} month(s), annualised: seasonal variation is not corrected`);
      } else {
        const latest = [...byPeriod.keys()].sort().pop()!;
        perYear = byPeriod.get(latest)!;
        periods.add(latest || 'one year');
      }
      aeRate.set(area, Math.round((perYear / pop.get(area)!) * 1000 * 10) / 10);
    }
    aePeriods = [...periods].sort().join(', ');
  }

  const localities = [...locs.values()].sort((a, b) => a.id.localeCompare(b.id)).map(({ lists: _l, ...l }) => l);
  const areaIds = [...new Set(localities.map((l) => l.area))].sort();
  const subIcbName = new Map(all.map((p) => [p.subIcb, p.subIcbName]));
  // Model 4 (1a): GPs start in balance (a fill rate of the area's own), and demand is today's: England's
  // recorded appointments a head unless the appointments file calibrates the area to its own.
  const areas = areaIds.map((id) => ({ id, name: subIcbName.get(id) ?? id, gpFillRate: BUILT_GP_FILL_RATE, demandScale: TODAY_DEMAND_SCALE, ...(aeRate.has(id) ? { aeRatePer1000: aeRate.get(id)! } : {}) }));
  const noAe = inputs.ae ? areaIds.filter((id) => !aeRate.has(id)) : [];
  if (noAe.length) warn(`no A&E attendances for ${noAe.join(', ')} in ${fileName(inputs.ae!)}: the model's default rate is used there`);

  // Dates: the registrations' extract is the data's date; the scenario starts the month after.
  const mapExtract = all.find((p) => p.extract)?.extract ?? null;
  const extract = regExtract ?? mapExtract;
  if (!extract) throw new InputError(regName, undefined, undefined, 'no EXTRACT_DATE in the registrations or the map: the data\'s date is unknown');
  if (mapExtract && mapExtract.slice(0, 7) !== extract.slice(0, 7)) warn(`the map is of ${monthLabel(mapExtract)} but the registrations of ${monthLabel(extract)}`);
  // Scenarios start in the April of the financial year the data falls in (issue 31): whole financial years,
  // never a headline for a few months of one. July 2026's files start 2026-04.
  const [ey, em] = extract.slice(0, 7).split('-').map(Number) as [number, number];
  const start = `${em >= 4 ? ey : ey - 1}-04`;
  const when = monthLabel(extract);

  // England's reference in the same files and month (model 4, section 1a): all registered patients of the
  // practices with a list and GP FTE, over their GP FTE counted as the baseline counts it (trainees and locums in).
  let natPatients = 0, natGp = 0;
  for (const [code, gp] of nationalGp) {
    const n = nationalList(code);
    if (n !== undefined && gp > 0) { natPatients += n; natGp += gp; }
  }
  for (const [code, w] of workforce) {
    const n = listOf(code);
    if (!('missing' in w) && n > 0) { natPatients += n; natGp += w.fte.gp + w.gpLocum; }
  }
  const regPub = `${PUBLISHER}, Patients Registered at a GP Practice, ${when} (${regName})`;
  const wfPub = `${PUBLISHER}, General Practice Workforce (${wfName})`;
  const sources: Record<string, string> = {
    'practices[].code,name,postcode': `${PUBLISHER}, Patients Registered at a GP Practice, ${mapExtract ? monthLabel(mapExtract) : when}: practice to PCN, Sub-ICB and ICB map (${mapName})`,
    'practices[].list': `${regPub}, extract ${extract}: five-year bands by sex summed into the model's seven bands`,
    'practices[].fte.gp': `${wfPub}: TOTAL_GP_EXL_FTE (partners, salaried, retainers and trainees; locums excluded)`,
    'practices[].gpLocum': `${wfPub}: TOTAL_GP_FTE - TOTAL_GP_EXL_FTE (locums)`,
    'practices[].gpHeadcount': `${wfPub}: TOTAL_GP_EXL_HC (illustrative GP FTE / 0.85 where not given)`,
    'practices[].fte (anp, nurse, hca, pharmacist, physio, paramedic, pa)': `${wfPub}: the columns of docs/data.md, "Roles"${inputs.pcnWorkforce ? `; plus PCN-employed staff (${PUBLISHER}, Primary Care Network Workforce${pcnCensus ? `, ${monthLabel(pcnCensus)}` : ''}, ${fileName(inputs.pcnWorkforce)}) shared between member practices by list` : '; no PCN workforce file given, so PCN-employed staff (the Additional Roles) are not counted'}`,
    'practices[].need': imd.size ? `illustrative: 1 + 1% per point of IMD score (${fileName(inputs.imd!)}) above the list-weighted mean, renormalised to mean 1` : 'national default: 1 (no deprivation file given)',
    localities: mode === 'pcn' ? `${PUBLISHER}: Primary Care Networks of the map (${mapName}); practices outside a PCN are one locality per Sub-ICB` : mode === 'sub-icb' ? 'the Sub-ICBs of the map' : `the user's localities file (${fileName(inputs.localitiesFile!)})`,
    'localities[].hub': inputs.hubs ? `the user's hubs file (${fileName(inputs.hubs)})` : 'none given: 0 (extended access is not in these files)',
    'areas[]': `${PUBLISHER}: Sub-ICB locations of the map (${mapName})`,
    'areas[].demandScale': `derived: England's recorded appointments, about ${ENGLAND_RECORDED_PER_HEAD_2025} a head a year (Appointments in General Practice: 383.3M in the 12 months to June 2025 over about 63M registered), against the 5.56 consultations a head the 2008 rates give at England's age structure: ${TODAY_DEMAND_SCALE} (no appointments file given)`,
    'areas[].gpFillRate': `illustrative: ${BUILT_GP_FILL_RATE}, with GPs starting in balance (joiners equal leavers at the start), so that doing nothing keeps GP FTE about flat as England's rose a little in 2024-26; the other mid and south Essex CCGs' calibrated rate (GP FTE per head flat 2015-2018)`,
    'areas[].aeRatePer1000': inputs.ae ? `the user's A&E table (${fileName(inputs.ae)}, ${aePeriods}): attendances a year per 1,000 registered patients` : 'none given: the model\'s default ae.ratePer1000 (A&E is published by provider, not by residence)',
    start: `April of the financial year of the registrations' extract (${extract}), so that every year reported is a whole financial year`,
  };
  const description = `${practices.length} practices of ${areaName} with their registered lists of ${when}, in ${localities.length} localities (${mode === 'pcn' ? 'their PCNs' : mode === 'sub-icb' ? 'Sub-ICBs' : 'the user\'s own'}).`;
  // England in the same files as one practice (model 4): every practice with a list and GP FTE, and every PCN's
  // staff; its GPs' load at the start is England's reference load (nhs/calibrate.ts fits the share of GP-type care
  // other roles take).
  const engBands = AGE_BANDS.map(() => 0), engFte = Object.fromEntries(ROLES.map((x) => [x, 0])) as Record<Role, number>;
  let engLocum = 0;
  for (const [code, w] of nationalWf) {
    const b7 = nationalBands7.get(code);
    if (!b7 || w.fte.gp + w.locum <= 0) continue;
    b7.forEach((x, i) => (engBands[i]! += x));
    for (const r of ROLES) engFte[r] += w.fte[r];
    engLocum += w.locum;
  }
  for (const [code, w] of workforce) {
    if ('missing' in w || !lists.has(code)) continue;
    lists.get(code)!.bands.forEach((x, i) => (engBands[i]! += x));
    for (const r of ROLES) engFte[r] += w.fte[r];
    engLocum += w.gpLocum;
  }
  for (const r of ROLES) engFte[r] += nationalPcn[r];
  const englandPractice: BaselinePractice = { code: 'ENGLAND', name: 'England in the same files', postcode: '', locality: 'england', list: engBands, need: 1, fte: engFte, gpLocum: engLocum, gpHeadcount: 1e6 };
  if (natGp <= 0) throw new InputError(wfName, undefined, undefined, 'no practice in the files has both a registered list and GP FTE: England\'s reference cannot be computed');
  const reference = {
    patientsPerGpFte: Math.round(natPatients / natGp), demandScale: TODAY_DEMAND_SCALE,
    source: `England in the same files: ${Math.round(natPatients).toLocaleString('en-GB')} registered patients (${regName}, ${when}) over ${Math.round(natGp).toLocaleString('en-GB')} GP FTE including trainees and locums (${wfName}), every practice with both; England's demand at its recorded ${ENGLAND_RECORDED_PER_HEAD_2025} appointments a head (demand scale ${TODAY_DEMAND_SCALE})`,
  };
  sources.reference = reference.source;
  const baseline: Baseline = {
    schema: 'capsim/baseline@1', id: baselineId, name: `${areaName}, ${when}`, description, start, areas, localities, practices, reference, sources,
    notes: [
      `Built by capsim baseline build from ${PUBLISHER}'s public files (docs/data.md).`,
      ...(o.fillMissing ? ['Practices without workforce data were given their PCN\'s average FTE per head (--fill-missing).'] : []),
    ],
    provenance: { publisher: PUBLISHER, extract: when, area: areaName },
  };

  const byLocality = new Map<string, BaselinePractice[]>();
  for (const p of practices) {
    const list = byLocality.get(p.locality);
    if (list) list.push(p); else byLocality.set(p.locality, [p]);
  }
  const summary: LocalitySummary[] = localities.map((l) => {
    const ps = byLocality.get(l.id) ?? [];
    const patients = ps.reduce((a, p) => a + listOf(p.code), 0);
    const fte = Object.fromEntries(ROLES.map((r) => [r, round(ps.reduce((a, p) => a + p.fte[r], 0), 2)])) as Record<Role, number>;
    const gpAll = fte.gp + ps.reduce((a, p) => a + (p.gpLocum ?? 0), 0);
    const nm = ps.reduce((a, p) => a + notModelledOf(p.code), 0);
    return { id: l.id, name: l.name, area: l.area, practices: ps.length, patients, gpFte: round(gpAll, 2), gpFteExLocum: fte.gp, patientsPerGpFte: gpAll ? Math.round(patients / gpAll) : 0, fte, notModelledFte: round(nm, 2) };
  });

  const natListOf = (code: string) => nationalList(code) ?? listOf(code);
  const appts = inputs.appointments?.length ? await readAppointments(inputs.appointments, o, practices, areas.map((a) => a.id), map, listOf, natListOf, subIcbTotals, warn) : null;
  const recorded = appts?.areas ?? null;
  if (appts?.national) {
    // England's own recorded rate in the same files sets England's demand in the reference.
    reference.demandScale = Math.round(TODAY_DEMAND_SCALE * (appts.national.perHead / ENGLAND_RECORDED_PER_HEAD_2025) * 1e4) / 1e4;
    reference.source += `; England's demand from the same appointments files, ${appts.national.perHead.toFixed(2)} a head a year (demand scale ${reference.demandScale})`;
    baseline.sources.reference = reference.source;
  }
  // The earlier snapshot: each Sub-ICB's GP FTE over the practices in both files, as a yearly change.
  let earlier: EarlierChange[] | null = null;
  if (inputs.workforceEarlier) {
    const f = fileName(inputs.workforceEarlier);
    const before = new Map<string, number>();
    await read(inputs.workforceEarlier, 'an earlier practice-level detailed workforce file', /detailed/i, {
      code: { names: CODE, required: true }, gpAll: { names: GP_COLUMNS.all, required: true }, gpSource: { names: ['GP_SOURCE'] },
    }, (r) => {
      const code = up(r.get('code'));
      const gp = r.num('gpAll');
      if (!chosenCodes.has(code) || gp === null || gp < 0 || /no valid|no data/i.test(r.get('gpSource') ?? '')) return;
      before.set(code, gp);
    }, o, 'workforce-earlier');
    const monthOf = (name: string) => { const m = /(0[1-9]|1[0-2])(20\d\d)/.exec(name); return m ? Number(m[2]) * 12 + Number(m[1]) - 1 : null; };
    const a = monthOf(f), b = monthOf(wfName);
    let months = a !== null && b !== null ? b - a : 12;
    if (a === null || b === null || months <= 0) { months = 12; warn(`the months of ${f} and ${wfName} cannot be read from their names (GPWPracticeCSV.MMYYYY): they are taken to be 12 months apart`); }
    earlier = [];
    for (const area of areaIds) {
      let e = 0, l = 0, n = 0;
      for (const p of practices) {
        if (map.get(p.code)!.subIcb !== area || !before.has(p.code)) continue;
        const w = workforce.get(p.code);
        if (!w || 'missing' in w) continue;
        e += before.get(p.code)!; l += w.fte.gp + w.gpLocum; n++;
      }
      if (!n || e <= 0) { warn(`Sub-ICB ${area}: no practice in both ${f} and ${wfName}: its GP fill rate keeps the default`); continue; }
      earlier.push({ area, earlier: e, later: l, months, practices: n, annual: (l / e) ** (12 / months) - 1 });
    }
  }
  // How this area compares with England, from the same files: each PCN against every PCN of England.
  const pcnAgg = new Map<string, { name: string; patients: number; gp: number; apptPatients: number; appts: number }>();
  for (const m of all) {
    if (NO_PCN.has(m.pcn)) continue;
    const w = workforce.get(m.code);
    const gp = w && !('missing' in w) ? w.fte.gp + w.gpLocum : nationalGp.get(m.code);
    const patients = lists.has(m.code) ? listOf(m.code) : nationalList(m.code);
    if (gp === undefined || patients === undefined) continue;
    const e = pcnAgg.get(m.pcn) ?? { name: m.pcnName || m.pcn, patients: 0, gp: 0, apptPatients: 0, appts: 0 };
    e.patients += patients; e.gp += gp;
    const a = appts?.national?.byPractice?.get(m.code);
    if (a !== undefined) { e.apptPatients += patients; e.appts += a; }
    pcnAgg.set(m.pcn, e);
  }
  const measures: { id: ComparisonMetric['id']; label: string; of: (id: string, e: { patients: number; gp: number; apptPatients: number; appts: number }) => number | null }[] = [
    { id: 'patientsPerGpFte', label: 'patients per GP FTE (trainees and locums counted)', of: (_id, e) => (e.gp > 0 ? e.patients / e.gp : null) },
    ...(inputs.pcnWorkforce ? [{ id: 'pcnStaffPer100k' as const, label: 'PCN-employed staff (the Additional Roles) FTE per 100,000 patients', of: (id: string, e: { patients: number }) => (e.patients > 0 ? ((pcnStaff.get(id) ?? 0) / e.patients) * 1e5 : null) }] : []),
    ...(appts?.national?.byPractice ? [{ id: 'appointmentsPerHead' as const, label: 'appointments a head a year (attended and unknown status)', of: (_id: string, e: { apptPatients: number; appts: number }) => (e.apptPatients > 0 ? e.appts / e.apptPatients : null) }] : []),
  ];
  const areaPcns = [...pcnsChosen].filter((c) => pcnAgg.has(c)).sort();
  const comparison: ComparisonMetric[] = measures.map((ms) => {
    const england = [...pcnAgg].map(([id, e]) => ms.of(id, e)).filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
    const q = (p: number) => england.length ? england[Math.min(england.length - 1, Math.max(0, Math.round(p * (england.length - 1))))]! : Number.NaN;
    // Mid-rank: PCNs equal to the value count half (so a value every PCN shares is the 50th percentile).
    const rank = (x: number) => {
      if (!england.length) return Number.NaN;
      const tol = 1e-9 * Math.max(1, Math.abs(x));
      const below = england.filter((y) => y < x - tol).length, equal = england.filter((y) => Math.abs(y - x) <= tol).length;
      return (below + equal / 2) / england.length;
    };
    return {
      id: ms.id, label: ms.label, england: { n: england.length, p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9) }, values: england,
      rows: areaPcns.map((id) => { const v = ms.of(id, pcnAgg.get(id)!); return { id, name: pcnAgg.get(id)!.name, value: v ?? Number.NaN, percentile: v === null ? Number.NaN : rank(v) }; }),
    };
  });
  return { baseline, summary, warnings, quirks, earlier, recorded, extract, englandPractice, comparison };
}

/** Appointments: the practice-level crosstab or the Sub-ICB monthly file (with the coverage file where given). */
async function readAppointments(files: FileInput[], o: BuildOptions, practices: BaselinePractice[], areaIds: string[], map: Map<string, MapRow>,
  listOf: (code: string) => number, natListOf: (code: string) => number, subIcbTotals: Map<string, number>, warn: (w: string) => void): Promise<{ areas: RecordedArea[]; national: { perHead: number; byPractice: Map<string, number> | null } | null }> {
  // England in the same files: every practice's (or Sub-ICB's) attended and unknown-status appointments.
  const natMonths = new Map<string, number>();
  const natPractices = new Set<string>(), natAreas = new Set<string>();
  const byPractice = new Map<string, number>();
  const inBaseline = new Set(practices.map((p) => p.code));
  type Counts = { gp: number; other: number; unknown: number; dna: number };
  type Acc = { months: Map<string, Counts>; practices: Set<string> };
  const acc = new Map<string, Acc>(areaIds.map((a) => [a, { months: new Map(), practices: new Set() }]));
  const coverage = new Map<string, number>(); // area|month -> open / included patients
  let level: 'practice' | 'sub-icb' | null = null;
  const coverageColumns = {
    area: { names: ['SUB_ICB_LOCATION_CODE', 'COMMISSIONER_ORGANISATION_CODE'], required: true }, month: { names: ['APPOINTMENT_MONTH', 'APPOINTMENT_MONTH_START_DATE'], required: true },
    included: { names: ['PATIENTS_REGISTERED_AT_INCLUDED_PRACTICES', 'INCLUDED_PATIENTS', 'PATIENTS_INCLUDED'], required: true },
    open: { names: ['PATIENTS_REGISTERED_AT_OPEN_PRACTICES', 'OPEN_PATIENTS', 'PATIENTS_OPEN'], required: true },
  };
  const countColumns = {
    practice: { names: ['GP_CODE', 'PRACTICE_CODE'] }, area: { names: ['SUB_ICB_LOCATION_CODE'] },
    month: { names: ['APPOINTMENT_MONTH_START_DATE', 'APPOINTMENT_MONTH'], required: true },
    hcp: { names: ['HCP_TYPE'], required: true }, status: { names: ['APPT_STATUS'], required: true }, n: { names: ['COUNT_OF_APPOINTMENTS'], required: true },
  };
  const onCoverage = (r: Record_) => {
    const m = parseDate(r.get('month') ?? '');
    const inc = r.num('included'), open = r.num('open');
    if (m && inc && open) coverage.set(`${up(r.get('area'))}|${m.slice(0, 7)}`, open / inc);
  };
  const onCount = (label: string) => (r: Record_) => {
    const pc = r.get('practice');
    const rowLevel = pc !== undefined ? 'practice' : 'sub-icb';
    if (level && level !== rowLevel) throw new InputError(label, r.line, undefined, 'practice-level and Sub-ICB appointments files cannot be mixed');
    level = rowLevel;
    let area: string;
    const status0 = up(r.get('status'));
    if (status0 === 'ATTENDED' || status0 === 'UNKNOWN') {
      const month0 = parseDate(r.get('month') ?? ''), n0 = r.num('n');
      if (month0 && n0 !== null && n0 >= 0) {
        const key0 = rowLevel === 'practice' ? month0.slice(0, 7) : `${up(r.get('area'))}|${month0.slice(0, 7)}`;
        natMonths.set(key0, (natMonths.get(key0) ?? 0) + n0);
        if (rowLevel === 'practice') { natPractices.add(up(pc)); byPractice.set(up(pc), (byPractice.get(up(pc)) ?? 0) + n0); } else natAreas.add(up(r.get('area')));
      }
    }
    if (rowLevel === 'practice') {
      const code = up(pc);
      if (!inBaseline.has(code)) return;
      area = map.get(code)!.subIcb;
      acc.get(area)?.practices.add(code);
    } else area = up(r.get('area'));
    const a = acc.get(area);
    if (!a) return;
    const month = parseDate(r.get('month') ?? '');
    if (!month) throw new InputError(label, r.line, undefined, `"${r.get('month')}" is not a month`);
    const n = r.num('n');
    if (n === null) return;
    if (n < 0) throw new InputError(label, r.line, undefined, 'COUNT_OF_APPOINTMENTS is negative');
    const key = month.slice(0, 7);
    let c = a.months.get(key);
    if (!c) a.months.set(key, (c = { gp: 0, other: 0, unknown: 0, dna: 0 }));
    const status = up(r.get('status'));
    if (status === 'DNA') { c.dna += n; return; }
    if (status !== 'ATTENDED' && status !== 'UNKNOWN') return;
    const hcp = up(r.get('hcp'));
    if (hcp === 'GP') c.gp += n; else if (hcp.startsWith('OTHER')) c.other += n; else c.unknown += n;
  };
  // Counts and the coverage file may come as separate files or in one zip: each CSV goes to its reader by name.
  const what = 'an Appointments in General Practice file (practice-level crosstab, or Sub-ICB monthly with APPOINTMENTS_GP_COVERAGE.csv)';
  for (const f of files) {
    let bytes = 0;
    await streamCsv(f, (n) => !/mapping/i.test(n), what, (label) => /coverage/i.test(label)
      ? new CsvReader(label, 'the appointments coverage file (APPOINTMENTS_GP_COVERAGE.csv)', coverageColumns, onCoverage)
      : new CsvReader(label, what, countColumns, onCount(label)), (n) => {
      bytes += n;
      o.onProgress?.({ phase: 'appointments', bytes, ...(f.size !== undefined ? { total: f.size } : {}) });
    });
  }
  // Sub-ICB counts cover the included practices' patients: scaled to all by the coverage of their month.
  const totals = new Map<string, Counts & { months: string[] }>();
  for (const [area, a] of acc) {
    const t = { gp: 0, other: 0, unknown: 0, dna: 0, months: [...a.months.keys()].sort() };
    for (const [m, c] of a.months) {
      const k = level === 'sub-icb' ? coverage.get(`${area}|${m}`) ?? 1 : 1;
      t.gp += c.gp * k; t.other += c.other * k; t.unknown += c.unknown * k; t.dna += c.dna * k;
    }
    totals.set(area, t);
  }
  if (level === 'sub-icb' && !coverage.size) warn('no appointments coverage file given: Sub-ICB counts are taken to cover every practice (they cover only the practices whose systems report; the coverage file corrects this)');
  const out: RecordedArea[] = [];
  for (const [area, a] of acc) {
    const t = totals.get(area)!;
    if (!a.months.size) { warn(`Sub-ICB ${area}: no appointments in the files given: its demand keeps the national default scale`); continue; }
    const patients = level === 'practice'
      ? [...a.practices].reduce((s, c) => s + listOf(c), 0)
      : subIcbTotals.get(area) ?? practices.filter((p) => map.get(p.code)!.subIcb === area).reduce((s, p) => s + listOf(p.code), 0);
    if (level === 'sub-icb' && !subIcbTotals.has(area)) warn(`Sub-ICB ${area}: no Sub-ICB total in the registrations: its appointments are divided by the practices' lists in this baseline`);
    if (level === 'practice') {
      const none = practices.filter((p) => map.get(p.code)!.subIcb === area && !a.practices.has(p.code));
      if (none.length) warn(`Sub-ICB ${area}: ${none.length} practice(s) have no appointments rows (${none.slice(0, 5).map((p) => p.code).join(', ')}${none.length > 5 ? ', ...' : ''}): the rate per head is of the others`);
    }
    const perYear = 12 / a.months.size;
    const known = t.gp + t.other;
    const gp = (t.gp + (known ? t.unknown * (t.gp / known) : t.unknown / 2)) * perYear;
    const other = (t.other + (known ? t.unknown * (t.other / known) : t.unknown / 2)) * perYear;
    out.push({ area, months: t.months, patients, perHead: (gp + other) / patients, gpPerHead: gp / patients, otherPerHead: other / patients, dnaPerHead: t.dna * perYear / patients,
      coverage: level === 'practice' ? 'practice-level counts of the baseline\'s practices' : coverage.size ? 'Sub-ICB counts scaled by the coverage file to all practices' : 'Sub-ICB counts, taken to cover every practice' });
    if (a.months.size < 12) warn(`Sub-ICB ${area}: appointments of ${a.months.size} month(s) (${t.months.join(', ')}), annualised x ${perYear.toFixed(2)}: seasonal variation is not corrected`);
  }
  // England: annualised over the months seen, over the patients of the practices (or Sub-ICBs) that reported.
  let national: { perHead: number; byPractice: Map<string, number> | null } | null = null;
  if (natMonths.size) {
    let total = 0;
    const months = new Set<string>();
    for (const [k, n] of natMonths) {
      const month = level === 'sub-icb' ? k.split('|')[1]! : k;
      months.add(month);
      total += n * (level === 'sub-icb' ? coverage.get(k) ?? 1 : 1);
    }
    const patients = level === 'practice' ? [...natPractices].reduce((a, c) => a + natListOf(c), 0) : [...natAreas].reduce((a, c) => a + (subIcbTotals.get(c) ?? 0), 0);
    const perYear = 12 / months.size;
    if (patients > 0) national = { perHead: (total * perYear) / patients, byPractice: level === 'practice' ? new Map([...byPractice].map(([c, n]) => [c, n * perYear])) : null };
  }
  return { areas: out, national };
}
