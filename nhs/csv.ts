/**
 * Reading NHS England's published CSVs as streams, in the browser and in Node alike (no DOM, no Node APIs):
 * bytes in (a bare `.csv` or the published `.zip`), records out, columns found by name with aliases
 * (docs/data.md). Quoted fields are parsed by Papa Parse; this module finds record boundaries across chunks,
 * so that a 20 MB file never sits in memory as one string.
 */
import Papa from 'papaparse';
import { Unzip, UnzipInflate } from 'fflate';
import CRC32 from 'crc-32';

/** A file the user gave: its name and a way to read it (again) from the start, in chunks. */
export interface FileInput {
  name: string;
  size?: number;
  open(): AsyncIterable<Uint8Array>;
}

/** Bad input: names the file, the line and the column where there is one. */
export class InputError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, readonly column: number | undefined, readonly reason: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}${column !== undefined ? `:${column}` : ''}: ${reason}`);
    this.name = 'InputError';
  }
}

/** Values the publications use for "no figure": missing is not zero. */
export const MISSING = new Set(['', 'NA', 'ND', 'EST', 'NS', '.', '*', 'N/A']);

const norm = (s: string) => s.trim().toUpperCase();

/**
 * Bounds on what a file may make the reader hold (issue 32): no record (line) of the published files comes
 * near 100,000 characters, and none of their CSVs near 4 GB once unzipped (the largest, a quarter of practice
 * appointments, is about 1 GB). Beyond either, the file is refused, naming it and the limit.
 */
export const MAX_LINE_CHARS = 1_000_000;
export const MAX_FILE_BYTES = 4 * 1024 ** 3;

/** A column the reader needs: its aliases (matched case-insensitively after trimming) and whether it must be there. */
export interface ColumnSpec { names: readonly string[]; required?: boolean }

export interface Record_ {
  /** The field of a column asked for, trimmed; undefined when the file has no such column. */
  get(key: string): string | undefined;
  /** A number, or null for a missing marker; an error naming the line and column for anything else. */
  num(key: string): number | null;
  line: number;
}

type Columns<K extends string> = Record<K, ColumnSpec>;

/**
 * Read one CSV file's records, calling `onRecord` for each. `kind` names the file in errors ("the practice
 * to PCN map"), so that the wrong file given for a flag says what was expected.
 */
export class CsvReader<K extends string> {
  private buf = '';
  private scanned = 0;
  private inQuote = false;
  private boundary = -1;
  private linesBefore = 0;
  private index: Partial<Record<K, number>> | null = null;
  // Fatal: bytes that are not UTF-8 (a file saved as Latin-1 or Windows-1252) are refused, not read as U+FFFD.
  private decoder = new TextDecoder('utf-8', { fatal: true });
  private bytes = 0;
  header: string[] = [];

  constructor(private readonly file: string, private readonly kind: string, private readonly columns: Columns<K>,
    private readonly onRecord: (r: Record_) => void, private readonly limits: { maxLine: number; maxBytes: number } = { maxLine: MAX_LINE_CHARS, maxBytes: MAX_FILE_BYTES }) {}

  pushBytes(bytes: Uint8Array, final = false): void {
    this.bytes += bytes.length;
    if (this.bytes > this.limits.maxBytes) throw new InputError(this.file, undefined, undefined, `more than ${this.limits.maxBytes.toLocaleString('en-GB')} bytes once unzipped (the limit): not ${this.kind}`);
    let text: string;
    try {
      text = this.decoder.decode(bytes, { stream: !final });
    } catch {
      throw new InputError(this.file, this.linesBefore + 1, undefined, 'is not UTF-8 text (saved as Latin-1 or Windows-1252?): save it as UTF-8 (CSV UTF-8 in a spreadsheet) and give it again');
    }
    this.pushText(text);
    if (final) this.end();
  }

  pushText(text: string): void {
    this.buf += text;
    const b = this.buf;
    for (let i = this.scanned; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (c === 34) this.inQuote = !this.inQuote;
      else if (c === 10 && !this.inQuote) this.boundary = i + 1;
    }
    this.scanned = b.length;
    // A line with no end in sight is refused before it fills the memory (a crafted or damaged file).
    if (b.length - Math.max(0, this.boundary) > this.limits.maxLine) {
      throw new InputError(this.file, this.linesBefore + 1 + (this.boundary > 0 ? (b.slice(0, this.boundary).match(/\n/g)?.length ?? 0) : 0), undefined,
        `a line longer than ${this.limits.maxLine.toLocaleString('en-GB')} characters (the limit): not ${this.kind}`);
    }
    if (this.boundary > 0) {
      const cut = this.boundary;
      this.parseText(b.slice(0, cut));
      this.buf = b.slice(cut);
      this.scanned -= cut;
      this.boundary = -1;
    }
  }

  end(): void {
    if (this.buf.trim()) this.parseText(this.buf);
    this.buf = '';
    if (!this.index) throw new InputError(this.file, undefined, undefined, `the file is empty (expected ${this.kind})`);
  }

  private parseText(text: string): void {
    // Every line is a row (empty ones too), so that a row's line is its index; records span one line in
    // these files (names with commas are quoted, none hold a line break).
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
    const bad = parsed.errors.find((e) => e.type === 'Quotes');
    if (bad) throw new InputError(this.file, this.linesBefore + (bad.row ?? 0) + 1, undefined, `not a CSV file: ${bad.message}`);
    const rows = parsed.data;
    const n = text.endsWith('\n') ? rows.length - 1 : rows.length;
    for (let k = 0; k < n; k++) {
      const fields = rows[k]!;
      if (fields.length === 1 && !fields[0]!.trim()) continue;
      const line = this.linesBefore + k + 1;
      if (!this.index) this.readHeader(fields, line);
      else this.emit(fields, line);
    }
    this.linesBefore += n;
  }

  private readHeader(fields: string[], line: number): void {
    this.header = fields.map((f) => f.replace(/^\uFEFF/, '').trim());
    const at = new Map<string, number>();
    const wanted = new Set(Object.values<ColumnSpec>(this.columns).flatMap((c) => c.names.map(norm)));
    this.header.forEach((h, i) => {
      const k = norm(h), first = at.get(k);
      // A column read twice would be read from one copy silently: refused, naming both.
      if (first !== undefined && wanted.has(k)) throw new InputError(this.file, line, i + 1, `column ${h} appears twice (columns ${first + 1} and ${i + 1}): which one to read is not clear`);
      if (first === undefined) at.set(k, i);
    });
    const index: Partial<Record<K, number>> = {};
    for (const [key, spec] of Object.entries(this.columns) as [K, ColumnSpec][]) {
      const i = spec.names.map((n) => at.get(norm(n))).find((x) => x !== undefined);
      if (i !== undefined) index[key] = i;
      else if (spec.required) {
        throw new InputError(this.file, line, undefined,
          `missing column ${spec.names[0]}${spec.names.length > 1 ? ` (or ${spec.names.slice(1).join(', ')})` : ''}: is this ${this.kind}?`);
      }
    }
    this.index = index;
  }

  // One record object per reader, its fields swapped per row: no closures per row at national size.
  private fields: string[] = [];
  private rec: Record_ | null = null;
  private emit(fields: string[], line: number): void {
    this.fields = fields;
    if (!this.rec) {
      const index = this.index!;
      const get = (key: string) => {
        const i = index[key as K];
        return i === undefined ? undefined : (this.fields[i] ?? '').trim();
      };
      this.rec = {
        line,
        get,
        num: (key: string) => {
          const v = get(key);
          if (v === undefined || MISSING.has(v.toUpperCase())) return null;
          const n = Number(v.includes(',') ? v.replace(/,/g, '') : v);
          if (!Number.isFinite(n)) throw new InputError(this.file, this.rec!.line, (index[key as K] ?? 0) + 1, `${this.header[index[key as K]!]} "${v}" is not a number`);
          return n;
        },
      };
    }
    this.rec.line = line;
    this.onRecord(this.rec);
  }
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** A publication date in any of its forms (2026-07-01, 01Jul2026, 01JUL2026, JUL2026, 01/07/2026) as YYYY-MM-DD, or null. */
export function parseDate(v: string): string | null {
  const s = v.trim().toUpperCase();
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})([A-Z]{3})(\d{4})$/.exec(s);
  if (m && MONTHS.includes(m[2]!)) return `${m[3]}-${String(MONTHS.indexOf(m[2]!) + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  m = /^([A-Z]{3})[- ]?(\d{4})$/.exec(s);
  if (m && MONTHS.includes(m[1]!)) return `${m[2]}-${String(MONTHS.indexOf(m[1]!) + 1).padStart(2, '0')}-01`;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return null;
}


/** Raw bytes kept from a zip's end, where its central directory (each entry's CRC-32) is. */
const ZIP_TAIL_BYTES = 1 << 20;

const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 2 ** 32;

/**
 * Each entry's CRC-32 from a zip's central directory, found from its end record (ZIP64 too) in `tail`, the
 * last bytes of a zip of `total` bytes; null when the directory starts before the tail (it is not checked).
 * Throws when there is no end record: the zip was cut short.
 */
export function zipChecksums(tail: Uint8Array, total: number): Map<string, number> | null {
  let end = -1;
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (u32(tail, i) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw new Error('no end of central directory: the zip was cut short or is damaged');
  const base = total - tail.length;
  let cdOffset = u32(tail, end + 16);
  if (cdOffset === 0xffffffff && end >= 20 && u32(tail, end - 20) === 0x07064b50) {
    const z = u64(tail, end - 12) - base;
    if (z < 0 || u32(tail, z) !== 0x06064b50) return null;
    cdOffset = u64(tail, z + 48);
  }
  let i = cdOffset - base;
  if (i < 0) return null;
  const crcs = new Map<string, number>();
  const names = new TextDecoder();
  while (i + 46 <= tail.length && u32(tail, i) === 0x02014b50) {
    const nameLength = u16(tail, i + 28);
    crcs.set(names.decode(tail.subarray(i + 46, i + 46 + nameLength)), u32(tail, i + 16));
    i += 46 + nameLength + u16(tail, i + 30) + u16(tail, i + 32);
  }
  return crcs;
}

const isZipStart = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/**
 * Stream a file (a CSV, or a zip of CSVs) into readers: each CSV inside a zip whose name `pick` accepts
 * gets `makeReader(name)`. Returns the names read. A zip with no CSV `pick` accepts is an error that lists
 * what it holds.
 */
export async function streamCsv(input: FileInput, pick: (name: string) => boolean, what: string,
  makeReader: (name: string) => { pushBytes(b: Uint8Array, final?: boolean): void }, onBytes?: (n: number) => void): Promise<string[]> {
  let mode: 'unknown' | 'csv' | 'zip' = 'unknown';
  let csv: { pushBytes(b: Uint8Array, final?: boolean): void } | null = null;
  let unzip: Unzip | null = null;
  const held: string[] = [];
  const read: string[] = [];
  let failure: unknown = null;
  /** Zip entries started and not yet ended: any left when the zip ends mean it was cut short. */
  const open = new Set<string>();
  /** Each entry read: its label and the CRC-32 of its bytes, checked against the central directory at the end. */
  const crcs = new Map<string, { label: string; crc: number }>();
  const tail: Uint8Array[] = [];
  let tailBytes = 0, total = 0;
  for await (const chunk of input.open()) {
    onBytes?.(chunk.length);
    total += chunk.length;
    if (mode === 'unknown') {
      mode = isZipStart(chunk) ? 'zip' : 'csv';
      if (mode === 'csv') {
        if (/\.(xlsx|xls|pdf|zip)$/i.test(input.name)) throw new InputError(input.name, undefined, undefined, `not a CSV or zip file (expected ${what})`);
        csv = makeReader(input.name);
        read.push(input.name);
      } else {
        unzip = new Unzip((file) => {
          held.push(file.name);
          if (!/\.csv$/i.test(file.name) || !pick(file.name)) return;
          const label = `${input.name} (${file.name})`;
          const r = makeReader(label);
          read.push(file.name);
          open.add(label);
          const sum = { label, crc: 0 };
          crcs.set(file.name, sum);
          file.ondata = (err, data, final) => {
            if (failure) return;
            try {
              if (err) throw new InputError(label, undefined, undefined, `the zip entry cannot be read: ${err.message}`);
              sum.crc = CRC32.buf(data, sum.crc);
              r.pushBytes(data, final);
              if (final) open.delete(label);
            } catch (e) { failure = e; }
          };
          file.start();
        });
        unzip.register(UnzipInflate);
      }
    }
    if (csv) csv.pushBytes(chunk);
    else {
      tail.push(chunk);
      tailBytes += chunk.length;
      while (tailBytes - tail[0]!.length >= ZIP_TAIL_BYTES) tailBytes -= tail.shift()!.length;
      try { unzip!.push(chunk); } catch (e) { throw new InputError(input.name, undefined, undefined, `not a readable zip file: ${(e as Error).message}`); }
      if (failure) throw failure;
    }
  }
  if (mode === 'unknown') throw new InputError(input.name, undefined, undefined, `the file is empty (expected ${what})`);
  if (csv) csv.pushBytes(new Uint8Array(0), true);
  else {
    try { unzip!.push(new Uint8Array(0), true); } catch (e) { throw new InputError(input.name, undefined, undefined, `not a readable zip file (damaged or cut short?): ${(e as Error).message}`); }
    if (failure) throw failure;
    if (open.size) throw new InputError(input.name, undefined, undefined, `the zip ends inside ${[...open].join(', ')}: the download was cut short; download it again`);
    checkCrcs(input.name, tail, tailBytes, total, crcs);
    if (!read.length) throw new InputError(input.name, undefined, undefined, `no CSV of ${what} inside the zip (it holds: ${held.join(', ') || 'nothing'})`);
  }
  return read;
}

/** Every entry read matches the CRC-32 its zip's central directory gives (a damaged download is refused, naming the entry). */
function checkCrcs(file: string, chunks: Uint8Array[], bytes: number, total: number, crcs: Map<string, { label: string; crc: number }>): void {
  const tail = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) { tail.set(c, at); at += c.length; }
  let expected: Map<string, number> | null;
  try {
    expected = zipChecksums(tail, total);
  } catch (e) {
    throw new InputError(file, undefined, undefined, `not a readable zip file: ${(e as Error).message}; download it again`);
  }
  if (!expected) return;
  for (const [name, { label, crc }] of crcs) {
    const want = expected.get(name);
    if (want !== undefined && want !== crc >>> 0) throw new InputError(label, undefined, undefined, `its checksum does not match the zip's (CRC-32 ${(crc >>> 0).toString(16).padStart(8, '0')}, the zip says ${want.toString(16).padStart(8, '0')}): the download is damaged; download it again`);
  }
}

export type { Columns };
