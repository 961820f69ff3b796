/**
 * `capsim baseline build`: a baseline of one's own area from NHS England's public practice files
 * (docs/data.md). The import is nhs/ (pure, shared with the web app's "Your area" page); this module reads
 * the files from disk as streams, prints the summary and warnings, and writes the baseline through the
 * command's OutputSet.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { Command, Option } from '@commander-js/extra-typings';
import type { BuildInputs, ComparisonMetric, LocalitySummary, Quirks, Selection } from '../../nhs/build.ts';
import { ENGLAND_RECORDED_PER_HEAD_2025, ordinal, TODAY_DEMAND_SCALE } from '../../engine/core.ts';
import { buildArea, type CalibrationRow, type FillRow } from '../../nhs/calibrate.ts';
import { InputError, type FileInput } from '../../nhs/csv.ts';
import { textTable } from '../format.ts';
import type { Io } from '../io.ts';
import { emit, forceOption, quietOption, usage, withOutputs } from '../policy.ts';

export const BASELINE_SCHEMA = 'capsim/baseline@1';

function fileInput(flag: string, path: string): FileInput {
  if (!existsSync(path)) throw usage(`${flag}: ${path}: file not found`);
  if (statSync(path).isDirectory()) throw usage(`${flag}: ${path}: is a folder, not a file`);
  return { name: path, size: statSync(path).size, open: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
}
const codes = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const f1 = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const f2 = (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

export function summaryTable(rows: readonly LocalitySummary[]): string {
  const head = ['locality', 'practices', 'patients', 'GP FTE', 'excl. locums', 'patients/GP FTE', 'ANP', 'nurse', 'HCA', 'pharmacist', 'physio', 'paramedic', 'PA', 'not modelled'];
  const body = rows.map((r) => [`${r.id} ${r.name}`.slice(0, 48), String(r.practices), r.patients.toLocaleString('en-GB'), f1(r.gpFte), f1(r.gpFteExLocum), r.patientsPerGpFte.toLocaleString('en-GB'),
    f1(r.fte.anp), f1(r.fte.nurse), f1(r.fte.hca), f1(r.fte.pharmacist), f1(r.fte.physio), f1(r.fte.paramedic), f1(r.fte.pa), f1(r.notModelledFte)]);
  const total = rows.reduce((a, r) => ({ p: a.p + r.practices, n: a.n + r.patients, g: a.g + r.gpFte }), { p: 0, n: 0, g: 0 });
  body.push(['all', String(total.p), total.n.toLocaleString('en-GB'), f1(total.g), '', total.g ? Math.round(total.n / total.g).toLocaleString('en-GB') : '', '', '', '', '', '', '', '', '']);
  return textTable(head, body);
}

export function calibrationTable(rows: readonly CalibrationRow[]): string {
  const head = ['Sub-ICB', 'recorded/head', 'modelled/head', 'GP rec.', 'GP mod.', 'other rec.', 'other mod.', 'demand.scale', 'access failure', 'GP appts/day'];
  const body = rows.map((r) => [r.area, f2(r.recorded), f2(r.modelled), f2(r.recordedGp), f2(r.modelledGp), f2(r.recordedOther), f2(r.modelledOther), r.scale.toFixed(3), r.accessFailure.toFixed(3), f1(r.gpApptsPerGpDay)]);
  return textTable(head, body) + rows.filter((r) => r.note).map((r) => `${r.area}: ${r.note}\n`).join('');
}

/** How the area's PCNs compare with all of England's PCNs in the same files: each value with its percentile. */
export function comparisonTable(metrics: readonly ComparisonMetric[]): string {
  if (!metrics.length || !metrics[0]!.rows.length) return 'How this area compares with England: no PCN of the selection is in the files.\n';
  const fmt = (id: ComparisonMetric['id'], x: number) => (!Number.isFinite(x) ? '-' : id === 'appointmentsPerHead' ? x.toFixed(2) : Math.round(x).toLocaleString('en-GB'));
  const pct = (x: number) => (Number.isFinite(x) ? ordinal(100 * x) : '-');
  const head = ['PCN', ...metrics.flatMap((m) => [m.id, 'percentile'])];
  const body = metrics[0]!.rows.map((r, i) => [`${r.id} ${r.name}`.slice(0, 44), ...metrics.flatMap((m) => [fmt(m.id, m.rows[i]!.value), pct(m.rows[i]!.percentile)])]);
  body.push([`England's ${metrics[0]!.england.n.toLocaleString('en-GB')} PCNs: median`, ...metrics.flatMap((m) => [fmt(m.id, m.england.p50), '50th'])]);
  body.push(['England: 10th to 90th percentile', ...metrics.flatMap((m) => [`${fmt(m.id, m.england.p10)}-${fmt(m.id, m.england.p90)}`, ''])]);
  return textTable(head, body) + metrics.map((m) => `${m.id}: ${m.label}\n`).join('');
}

/** The GP fill rates fitted to an earlier workforce snapshot (model 4, 1a). */
export function fillTable(rows: readonly FillRow[]): string {
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
  const head = ['Sub-ICB', 'practices', 'months apart', 'GP FTE change a year', 'modelled, 12 months', 'GP fill rate'];
  const body = rows.map((r) => [r.area, String(r.practices), String(r.months), pct(r.observed), pct(r.modelled), r.fillRate.toFixed(3)]);
  return textTable(head, body) + rows.filter((r) => r.note).map((r) => `${r.area}: ${r.note}\n`).join('');
}

export function baselineCommand(io: Io) {
  const baseline = new Command('baseline').description('build a baseline of your own area from NHS England\'s public practice files');
  baseline.command('build')
    .description('import the files you downloaded (each the published .zip or the .csv inside it) into a capsim/baseline@1 file')
    .requiredOption('--registrations <file>', 'Patients Registered at a GP Practice: five-year bands by sex (gp-reg-pat-prac-quin-age)')
    .requiredOption('--map <file>', 'the practice to PCN, Sub-ICB and ICB map (gp-reg-pat-prac-map)')
    .requiredOption('--workforce <file>', 'General Practice Workforce, practice level, detailed (GPWPracticeCSV.MMYYYY.zip)')
    .option('--pcn-workforce <file>', 'Primary Care Network Workforce, individual level (PCNWFIndividualCSV.MMYYYY.zip)')
    .option('--workforce-earlier <file>', 'the practice-level workforce file of an earlier month (for example a year before): each Sub-ICB\'s GP fill rate is fitted to its own change')
    .option('--appointments <file...>', 'Appointments in General Practice: practice-level crosstab or Sub-ICB files (and APPOINTMENTS_GP_COVERAGE.csv); calibrates demand')
    .option('--imd <file>', 'deprivation by practice (PRACTICE_CODE, IMD_SCORE): the need index')
    .option('--hubs <file>', 'your own CSV of locality, gp_appointments, nurse_appointments a year')
    .option('--ae <file>', 'your own CSV of area (Sub-ICB or locality), period, attendances: each area\'s A&E rate')
    .option('--icb <code>', 'the area: one ICB (ICB_CODE or its ONS code)')
    .option('--sub-icb <code>', 'the area: one Sub-ICB location')
    .option('--pcn <codes>', 'the area: PCN codes, comma-separated', codes)
    .option('--practices <codes>', 'the area: practice codes, comma-separated', codes)
    .option('--all', 'the area: every practice in England')
    .option('--localities <how>', 'localities: pcn (default), sub-icb, or a CSV file of practice, locality', 'pcn')
    .option('--fill-missing', 'give a practice without workforce data its PCN\'s average FTE per head (default: leave it out)')
    .addOption(new Option('--format <f>', 'what to print: the summary table or the build\'s JSON').choices(['table', 'json'] as const).default('table' as const))
    .option('--out <file>', 'write the baseline to this file (a capsim/baseline@1)')
    .addOption(forceOption()).addOption(quietOption())
    .addHelpText('after', `
Exactly one of --icb, --sub-icb, --pcn, --practices and --all. Localities are the PCNs unless --localities says.
Every warning is printed; a practice without workforce data is named and left out unless --fill-missing.
With --appointments, each Sub-ICB's demand.scale is fitted so that served appointments per head in the
first year match the recorded ones; without it the national default is used, and the summary says so.
A scenario uses the file as "baseline": "./my-area.json" (a path relative to the scenario file).

Example (synthetic files written by npm run fixtures:nhs):
  capsim baseline build --registrations test/fixtures/nhs/gp-reg-pat-prac-quin-age.csv \\
    --map test/fixtures/nhs/gp-reg-pat-prac-map.csv --workforce test/fixtures/nhs/GPWPracticeCSV.072026.zip \\
    --pcn-workforce test/fixtures/nhs/PCNWFIndividualCSV.062026.zip \\
    --appointments test/fixtures/nhs/Practice_Level_Crosstab_Jul_26.zip --sub-icb A0A --out my-area.json`)
    .action(async (o) => {
      const picks = [o.icb !== undefined, o.subIcb !== undefined, o.pcn !== undefined, o.practices !== undefined, Boolean(o.all)].filter(Boolean).length;
      if (picks !== 1) throw usage(`give exactly one of --icb, --sub-icb, --pcn, --practices and --all (got ${picks})`);
      const select: Selection = o.icb !== undefined ? { icb: o.icb } : o.subIcb !== undefined ? { subIcb: o.subIcb } : o.pcn ? { pcn: o.pcn } : o.practices ? { practices: o.practices } : { all: true };
      if (('pcn' in select && !select.pcn.length) || ('practices' in select && !select.practices.length)) throw usage('the selection is empty: give at least one code');
      const inputs: BuildInputs = {
        registrations: fileInput('--registrations', o.registrations), map: fileInput('--map', o.map), workforce: fileInput('--workforce', o.workforce),
        ...(o.pcnWorkforce ? { pcnWorkforce: fileInput('--pcn-workforce', o.pcnWorkforce) } : {}),
        ...(o.workforceEarlier ? { workforceEarlier: fileInput('--workforce-earlier', o.workforceEarlier) } : {}),
        ...(o.appointments ? { appointments: o.appointments.map((f) => fileInput('--appointments', f)) } : {}),
        ...(o.imd ? { imd: fileInput('--imd', o.imd) } : {}),
        ...(o.hubs ? { hubs: fileInput('--hubs', o.hubs) } : {}),
        ...(o.ae ? { ae: fileInput('--ae', o.ae) } : {}),
      };
      let mode: 'pcn' | 'sub-icb' | 'file' = 'pcn';
      if (o.localities === 'sub-icb') mode = 'sub-icb';
      else if (o.localities !== 'pcn') { mode = 'file'; inputs.localitiesFile = fileInput('--localities', o.localities); }
      await withOutputs(o.force, async (out) => {
        if (o.out) out.claim(o.out);
        const quiet = o.quiet ?? false;
        let lastPhase = '';
        const built = await buildArea(inputs, {
          select, localities: mode, fillMissing: Boolean(o.fillMissing),
          onProgress: (p) => {
            if (quiet || p.phase === lastPhase) return;
            lastPhase = p.phase;
            io.stderr(`capsim: reading ${p.phase}${p.total ? ` (${(p.total / 1e6).toFixed(1)} MB)` : ''}\n`);
          },
        }).catch((e: unknown) => { throw e instanceof InputError ? usage(e.message) : e; });
        const result = built.baseline;
        const calibration = built.calibration;
        for (const w of built.warnings) io.stderr(`capsim: warning: ${w}\n`);
        const text = JSON.stringify(result, null, 1) + '\n';
        if (o.out) out.write(o.out, text);
        const report = o.format === 'json'
          ? JSON.stringify({ schema: 'capsim/baseline-build@1', baseline: o.out ? undefined : result, summary: built.summary, calibration, fill: built.fill, quirks: built.quirks, comparison: built.comparison.map(({ values: _v, ...m }) => m), warnings: built.warnings }, null, 1) + '\n'
          : `${result.name}: ${result.practices.length} practices in ${result.localities.length} localities; scenarios on it start ${result.start}\n\n${summaryTable(built.summary)}\n`
            + `How this area compares with England (every PCN in the same files; percentile = share of England's PCNs below):\n${comparisonTable(built.comparison)}\n`
            + (calibration ? `Calibration to recorded appointments (attended plus unknown status, a head a year; first 12 months modelled, doing nothing):\n${calibrationTable(calibration)}`
              : `No appointments file given: demand is set to England's recorded rate (about ${ENGLAND_RECORDED_PER_HEAD_2025} appointments a head a year, demand.scale ${TODAY_DEMAND_SCALE}), not calibrated to this area.\n`)
            + (built.fill ? `GP fill rates fitted to each Sub-ICB's change between the two workforce files (GPs start in balance; doing nothing, deterministic):\n${fillTable(built.fill)}`
              : 'No earlier workforce file given: GPs start in balance and keep about flat doing nothing (GP fill rate 0.9).\n')
            + quirksLine(built.quirks)
            + `England in the same files: ${result.reference ? `${result.reference.patientsPerGpFte.toLocaleString('en-GB')} patients per GP FTE (trainees and locums counted)` : 'not computed'}; the gap and access are measured against it.\n`
            + (o.out ? '' : '\n(no --out: the baseline was not written; add --out FILE, or --format json to print it)\n');
        emit(io, out, undefined, report);
      });
    });
  return baseline;
}

/** What the build did with the files' quirks, counted (model 4, 1a): one line, or nothing when there were none. */
export function quirksLine(q: Quirks): string {
  const parts = [
    q.pcnRowsAbove2 ? `${q.pcnRowsAbove2} PCN row(s) above 2 FTE kept` : '',
    q.pcnRowsSetAside ? `${q.pcnRowsSetAside} PCN row(s) with an unreadable FTE set aside` : '',
    q.dpcMissing ? `${q.dpcMissing} practice(s) with direct patient care as NA given the area's average` : '',
    q.gpHeadcountZero ? `${q.gpHeadcountZero} practice(s) with a GP headcount of 0 estimated from FTE` : '',
  ].filter(Boolean);
  return parts.length ? `Quirks of the files (each named in a warning): ${parts.join('; ')}.\n` : '';
}
