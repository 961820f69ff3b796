/** JSON text with errors that say where (line and column), for files and uploads. */
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** Deepest nesting of arrays and objects accepted: a scenario or baseline is about 6 deep. */
export const MAX_JSON_DEPTH = 64;

/**
 * Where the text first nests deeper than `max` (an offset), or -1: one pass, strings skipped, before any
 * parse, so a body a million levels deep is refused at once instead of exhausting a parser or a recursive
 * check later.
 */
export function tooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: skip to its closing quote, past escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/**
 * @example parseJsonText('{"a": }') // { ok: false, message: 'invalid JSON at line 1, column 7: ValueExpected' }
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  // A UTF-8 byte order mark (as some editors on Windows write) is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const deep = tooDeepAt(text);
  if (deep >= 0) return { ok: false, message: `JSON nested more than ${MAX_JSON_DEPTH} levels deep at ${lineCol(text, deep)}` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    // JSON.parse does not always say where; a tolerant parser finds the first error's offset.
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    return first
      ? { ok: false, message: `invalid JSON at ${lineCol(text, first.offset)}: ${printParseErrorCode(first.error)}` }
      : { ok: false, message: `invalid JSON: ${(e as Error).message}` };
  }
}
