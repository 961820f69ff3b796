/** JSON text with errors that say where (line and column), for files and uploads. */
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/**
 * @example parseJsonText('{"a": }') // { ok: false, message: 'invalid JSON at line 1, column 7: ValueExpected' }
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  // A UTF-8 byte order mark (as some editors on Windows write) is not part of the JSON.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
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
