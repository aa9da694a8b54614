/**
 * Positions in a JSON text, which `JSON.parse` does not give: where each top-level array
 * element starts (so messages can name a line) and where the first syntax error is (V8
 * reports a position for some errors only, and the wording is not stable). jsonc-parser's
 * strict mode finds them; values still come from `JSON.parse`.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';

export interface JsonScan {
  /** Offsets where each element of a top-level array starts (empty for other documents). */
  entryOffsets: number[];
  /** First syntax error, if any. `offset === text.length` means the text ends too early. */
  error?: { offset: number; message: string };
}

/** Plain JSON: no comments, no trailing commas, no empty document. */
const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/** What the parser reads next, so an unknown symbol can be told in the words of what was due. */
type Expect = 'value' | 'key' | 'colon' | 'comma' | 'end';

export function scanJson(text: string): JsonScan {
  const entryOffsets: number[] = [];
  const open: ('[' | '{')[] = [];
  let expect: Expect = 'value';
  let error: JsonScan['error'];
  const valueAt = (offset: number) => {
    if (open.length === 1 && open[0] === '[' && !error) entryOffsets.push(offset);
  };
  const valueDone = () => {
    expect = open.length > 0 ? 'comma' : 'end';
  };
  try {
    visit(
      text,
      {
        onArrayBegin: (offset) => {
          valueAt(offset);
          open.push('[');
          expect = 'value';
        },
        onObjectBegin: (offset) => {
          valueAt(offset);
          open.push('{');
          expect = 'key';
        },
        onArrayEnd: () => {
          open.pop();
          valueDone();
        },
        onObjectEnd: () => {
          open.pop();
          valueDone();
        },
        onObjectProperty: () => {
          expect = 'colon';
        },
        onSeparator: (separator) => {
          expect = separator === ':' || open.at(-1) === '[' ? 'value' : 'key';
        },
        onLiteralValue: (_value, offset) => {
          valueAt(offset);
          valueDone();
        },
        onError: (code, offset, length) => {
          error ??= describeError(printParseErrorCode(code), text, offset, length, expect, open.at(-1));
        },
      },
      STRICT,
    );
  } catch (thrown) {
    // The visitor recurses per level: JSON nested thousands deep (which JSON.parse may accept) has no positions.
    if (!(thrown instanceof RangeError)) throw thrown;
    return { entryOffsets: [] };
  }
  return error ? { entryOffsets, error } : { entryOffsets };
}

const STRING_ERRORS = new Set(['UnexpectedEndOfString', 'InvalidCharacter', 'InvalidEscapeCharacter', 'InvalidUnicode']);

/**
 * jsonc-parser's error, at the character it is about and in the words of a message to the
 * maintainer. What was due (`expect`) names it: the parser's own code says less, for example a
 * value where a property name was due.
 */
function describeError(code: string, text: string, offset: number, length: number, expect: Expect, container: '[' | '{' | undefined): NonNullable<JsonScan['error']> {
  const at = (where: number, message: string) => ({ offset: Math.min(where, text.length), message });
  // A string where one was due, broken inside: it is reported at its start and stops where it breaks.
  if (STRING_ERRORS.has(code) && (expect === 'value' || expect === 'key')) {
    const end = offset + length;
    if (code !== 'UnexpectedEndOfString') return at(offset, code === 'InvalidCharacter' ? 'a raw line break or control character inside a string' : 'an invalid escape sequence inside a string');
    return end >= text.length ? at(text.length, 'the JSON ends inside a string') : at(end, 'a raw line break or control character inside a string');
  }
  if (code === 'InvalidCommentToken' || code === 'UnexpectedEndOfComment') return at(offset, 'a comment, which JSON does not allow');
  const ch = text[offset];
  if (ch === undefined) return at(text.length, 'the JSON ends too early');
  const found = describeChar(ch);
  const message = {
    value: `expected a value, found ${found}`,
    key: `expected a property name in double quotes, found ${found}`,
    colon: `expected ':' after a property name, found ${found}`,
    comma: `expected ',' or '${container === '[' ? ']' : '}'}', found ${found}`,
    end: `unexpected ${found} after the end of the JSON`,
  }[code === 'EndOfFileExpected' ? 'end' : expect];
  return at(offset, message);
}

function describeChar(ch: string): string {
  return /^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
