// `capsim run --format xlsx` (issue 31): a workbook a spreadsheet reader opens (read back here with
// read-excel-file), with the same numbers as the CSV, a summary and the assumptions with their sources.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';
import { PARAMS } from '../../engine/index.ts';
import { sheetName } from '../../engine/internal.ts';

const root = new URL('../../', import.meta.url).pathname;
const example = join(root, 'scenarios/examples/strategy.json');

describe('capsim run --format xlsx', () => {
  it('writes a workbook whose every locality and total sheet holds the CSV\'s numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capsim-xlsx-'));
    const book = join(dir, 'strategy.xlsx'), csv = join(dir, 'strategy.csv');
    const args = ['run', example, '--runs', '120', '--seed', '5', '--workers', '0', '-q'];
    expect((await cli(...args, '--format', 'xlsx', '--out', book)).code).toBe(0);
    expect((await cli(...args, '--format', 'csv', '--out', csv)).code).toBe(0);
    const sheets = await readXlsxFile(readFileSync(book));
    const names = sheets.map((s) => s.sheet);
    expect(names[0]).toBe('Summary');
    expect(names[1]).toBe('Total');
    expect(names.at(-1)).toBe('Assumptions');
    const rows = Papa.parse<string[]>(readFileSync(csv, 'utf8').trim(), { skipEmptyLines: true }).data.slice(1);
    const byLocality = new Map<string, string[][]>();
    for (const r of rows) byLocality.set(r[2]!, [...(byLocality.get(r[2]!) ?? []), r]);
    expect(byLocality.size).toBe(5);
    for (const s of sheets.slice(1, -1)) {
      const id = s.sheet === 'Total' ? 'total' : String(s.data[0]![0]).replace(/^locality /, '');
      const data = s.sheet === 'Total' ? s.data.slice(1) : s.data.slice(2);
      const expected = byLocality.get(id)!;
      expect(data.length, s.sheet).toBe(expected.length);
      data.forEach((row, i) => {
        const e = expected[i]!;
        expect([row[1], row[2]]).toEqual([e[4], e[3]]);
        // mean, p10, p50, p90: the CSV's numbers (6 decimal places), as numbers in the sheet.
        row.slice(3, 7).forEach((v, k) => expect(v, `${s.sheet} ${e[4]} ${e[3]}`).toBe(e[5 + k] === '' ? null : Number(e[5 + k])));
      });
    }
    // The summary leads with the share of the start gap closed, and every parameter's source is given.
    const summary = sheets[0]!.data;
    expect(summary.find((r) => r[1] === 'gapClosedShare')![8]).toMatch(/start's GP FTE gap/);
    const assumptions = sheets.at(-1)!.data;
    expect(assumptions.length - 1).toBe(PARAMS.length);
    expect(assumptions.slice(1).every((r) => typeof r[5] === 'string' && r[5].length > 3)).toBe(true);
  });

  it('needs --out, and names sheets as a spreadsheet accepts them', async () => {
    const r = await cli('run', example, '--format', 'xlsx');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format xlsx writes a workbook: give it a file with --out');
    const taken = new Set<string>();
    expect(sheetName('Grays: north/south [old]', taken)).toBe('Grays north south old');
    expect(sheetName('Grays: north/south [old]', taken)).toBe('Grays north south old 2');
    expect(sheetName('x'.repeat(40), taken)).toHaveLength(31);
  });
});
