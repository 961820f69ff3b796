// The streamed CSV reader of nhs/ (synthetic text only).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { CsvReader, InputError, parseDate, streamCsv, zipChecksums } from '../../nhs/csv.ts';
import { bandIndex } from '../../nhs/build.ts';

const text = '\uFEFFCODE,NAME,N\r\nA1,"EASTGATE MEDICAL GROUP, HORNSEA",3\r\n\r\nB2,"FULWELL MEDICAL CENTRE,",NA\r\nC3,"SAYS ""HELLO""",7\r\n';
function readAll(chunks: string[]) {
  const out: { code: string; name: string; n: number | null; line: number }[] = [];
  const r = new CsvReader('t.csv', 'a test file', { code: { names: ['code'], required: true }, name: { names: ['NAME'] }, n: { names: ['N'] } },
    (x) => out.push({ code: x.get('code')!, name: x.get('name')!, n: x.num('n'), line: x.line }));
  const enc = new TextEncoder();
  for (const c of chunks) r.pushBytes(enc.encode(c));
  r.pushBytes(new Uint8Array(0), true);
  return out;
}

describe('CsvReader: bounded and strict (issue 32)', () => {
  const reader = (limits?: { maxLine: number; maxBytes: number }) =>
    new CsvReader('t.csv', 'a test file', { code: { names: ['CODE'], required: true }, n: { names: ['N'] } }, () => undefined, limits);
  it('refuses a column it reads given twice, naming both', () => {
    expect(() => readAll(['CODE,NAME,N,code\nA1,x,1,B1\n'])).toThrow(new InputError('t.csv', 1, 4, 'column code appears twice (columns 1 and 4): which one to read is not clear'));
    // A duplicated column the reader does not read is left alone.
    expect(readAll(['CODE,NAME,N,OTHER,OTHER\nA1,x,1,a,b\n'])).toEqual([{ code: 'A1', name: 'x', n: 1, line: 2 }]);
  });
  it('refuses bytes that are not UTF-8 (a Latin-1 file) rather than reading U+FFFD', () => {
    const r = reader();
    const latin1 = Uint8Array.from([...'CODE,N\nA1,'].map((c) => c.charCodeAt(0)).concat([0xe9, 0x0a]));
    expect(() => r.pushBytes(latin1, true)).toThrow(/t\.csv:1: is not UTF-8 text \(saved as Latin-1 or Windows-1252\?\)/);
  });
  it('refuses a line longer than the limit before holding it, and a file larger than the limit once unzipped', () => {
    const r = reader({ maxLine: 1000, maxBytes: 1e9 });
    r.pushBytes(new TextEncoder().encode('CODE,N\nA1,1\n'));
    expect(() => { for (let i = 0; i < 100; i++) r.pushBytes(new TextEncoder().encode('x'.repeat(100))); }).toThrow(/t\.csv:3: a line longer than 1,000 characters \(the limit\): not a test file/);
    const big = reader({ maxLine: 1e6, maxBytes: 5000 });
    big.pushBytes(new TextEncoder().encode('CODE,N\n'));
    expect(() => { for (let i = 0; i < 100; i++) big.pushBytes(new TextEncoder().encode('A1,1\n'.repeat(20))); }).toThrow(/t\.csv: more than 5,000 bytes once unzipped \(the limit\)/);
  });
});

describe('zip checksums (issue 32)', () => {
  const read = (bytes: Uint8Array, name = 'GPWPracticeCSV.072026.zip', code = 'CODE') => {
    const rows: string[] = [];
    const input = { name, async *open() { for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096); } };
    return streamCsv(input, () => true, 'a workforce file', (label) => new CsvReader(label, 'a workforce file', { code: { names: [code], required: true } }, (r) => rows.push(r.get('code')!))).then(() => rows);
  };
  it('reads an intact zip (stored or deflated, and the published fixture) and refuses one whose bytes do not match their CRC-32, naming the entry', async () => {
    const text = 'CODE,GP_FTE\nA1,2.5\nB2,3.0\n';
    for (const level of [0, 6] as const) expect(await read(zipSync({ 'wf.csv': [strToU8(text), { level }] }))).toEqual(['A1', 'B2']);
    expect((await read(readFileSync(new URL('../fixtures/nhs/GPWPracticeCSV.072026.zip', import.meta.url)), undefined, 'PRAC_CODE')).length).toBeGreaterThan(5);
    // A stored entry with one byte changed (2.5 read as 7.5): inflating cannot notice; the checksum does.
    const damaged = zipSync({ 'wf.csv': [strToU8(text), { level: 0 }] });
    damaged[damaged.indexOf(0x32, 30)] = 0x37;
    await expect(read(damaged)).rejects.toThrow(/^GPWPracticeCSV\.072026\.zip \(wf\.csv\): its checksum does not match the zip's \(CRC-32 [0-9a-f]{8}, the zip says [0-9a-f]{8}\): the download is damaged/);
  });
  it('finds the central directory from its end record, ZIP64 or not, and says when there is none', () => {
    const zip = zipSync({ 'a.csv': strToU8('x'), 'b.csv': strToU8('yy') });
    const crcs = zipChecksums(zip, zip.length)!;
    expect([...crcs.keys()]).toEqual(['a.csv', 'b.csv']);
    expect(crcs.get('a.csv')).toBe(0x8cdc1683); // CRC-32 of "x"
    expect(() => zipChecksums(zip.subarray(0, zip.length - 30), zip.length - 30)).toThrow(/no end of central directory/);
    // A tail that starts after the directory: not checked, never guessed.
    expect(zipChecksums(zip.subarray(zip.length - 22), zip.length)).toBeNull();
  });
});

describe('a zip cut short (issue 32)', () => {
  it('is refused naming the file, wherever it was cut', async () => {
    const zip = readFileSync(new URL('../fixtures/nhs/GPWPracticeCSV.072026.zip', import.meta.url));
    for (const n of [200, 1000, 3000]) {
      const input = { name: 'GPWPracticeCSV.072026.zip', async *open() { yield zip.subarray(0, n); } };
      await expect(streamCsv(input, () => true, 'a workforce file', (label) => new CsvReader(label, 'a workforce file', {}, () => undefined)), `cut at ${n}`)
        .rejects.toThrow(/^GPWPracticeCSV\.072026\.zip: (not a readable zip file|the zip ends inside)/);
    }
  });
});

describe('CsvReader', () => {
  it('finds records across any chunk boundary: one chunk, or one character at a time, read alike', () => {
    const whole = readAll([text]);
    expect(whole).toEqual([
      { code: 'A1', name: 'EASTGATE MEDICAL GROUP, HORNSEA', n: 3, line: 2 },
      { code: 'B2', name: 'FULWELL MEDICAL CENTRE,', n: null, line: 4 },
      { code: 'C3', name: 'SAYS "HELLO"', n: 7, line: 5 },
    ]);
    expect(readAll([...text])).toEqual(whole);
    expect(readAll([text.slice(0, 40), text.slice(40, 41), text.slice(41)])).toEqual(whole);
  });
  it('splits a multi-byte character across chunks without damage', () => {
    const bytes = new TextEncoder().encode('CODE,NAME\nA1,General Practice \u2013 July\n');
    const out: string[] = [];
    const r = new CsvReader('t.csv', 'x', { code: { names: ['CODE'], required: true }, name: { names: ['NAME'] } }, (x) => out.push(x.get('name')!));
    const cut = bytes.indexOf(0xe2) + 1;
    r.pushBytes(bytes.slice(0, cut));
    r.pushBytes(bytes.slice(cut), true);
    expect(out).toEqual(['General Practice \u2013 July']);
  });
  it('a bad number names file, line and column; a missing column names the file', () => {
    expect(() => readAll(['CODE,NAME,N\nA1,x,1\nB2,y,1O\n'])).toThrow(new InputError('t.csv', 3, 3, 'N "1O" is not a number'));
    expect(() => readAll(['NAME,N\nx,1\n'])).toThrow(/t\.csv:1: missing column code: is this a test file\?/);
    expect(() => readAll([''])).toThrow(/t\.csv: the file is empty/);
  });
});

describe('dates and bands', () => {
  it('reads every published date form as the same day', () => {
    for (const v of ['2026-07-01', '01Jul2026', '01JUL2026', '1jul2026', '01/07/2026']) expect(parseDate(v), v).toBe('2026-07-01');
    expect(parseDate('JUL2026')).toBe('2026-07-01');
    expect(parseDate('NOV2025')).toBe('2025-11-01');
    expect(parseDate('July')).toBeNull();
  });
  it('maps five-year bands onto the model\'s seven, whatever their order', () => {
    expect(['0_4', '5_9', '10_14', '15_19', '40_44', '45_49', '60_64', '65_69', '70_74', '75_79', '80_84', '85_89', '90_94', '95+'].map(bandIndex))
      .toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6]);
    expect(bandIndex('5_10')).toBeNull();
    expect(bandIndex('ALL')).toBeNull();
  });
});
