/**
 * A small JSON scanner for positions, which `JSON.parse` does not give: where each top-level
 * array element starts (so messages can name a line) and where the first syntax error is
 * (V8 reports a position for some errors only, and the wording is not stable).
 * It checks syntax only; values come from `JSON.parse`.
 */

export interface JsonScan {
  /** Offsets where each element of a top-level array starts (empty for other documents). */
  entryOffsets: number[];
  /** First syntax error, if any. `offset === text.length` means the text ends too early. */
  error?: { offset: number; message: string };
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

export function scanJson(text: string): JsonScan {
  const entryOffsets: number[] = [];
  const open: string[] = []; // stack of '[' and '{'
  let expect: Expect = 'value';
  let i = skipWhitespace(text, 0);
  const fail = (offset: number, message: string): JsonScan => ({ entryOffsets, error: { offset, message } });

  while (i < text.length) {
    const ch = text[i]!;
    if (expect === 'end') return fail(i, `unexpected ${describeChar(ch)} after the end of the JSON`);
    if (expect === 'colon') {
      if (ch !== ':') return fail(i, `expected ':' after a property name, found ${describeChar(ch)}`);
      expect = 'value';
      i = skipWhitespace(text, i + 1);
      continue;
    }
    if (expect === 'commaOrClose') {
      const container = open.at(-1);
      if (ch === ',') expect = container === '[' ? 'value' : 'key';
      else if (ch === closerOf(container)) expect = afterValue(open, true);
      else return fail(i, `expected ',' or '${closerOf(container)}', found ${describeChar(ch)}`);
      i = skipWhitespace(text, i + 1);
      continue;
    }
    if (expect === 'key' || expect === 'keyOrClose') {
      if (ch === '}' && expect === 'keyOrClose') expect = afterValue(open, true);
      else if (ch === '"') {
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return fail(end.offset, end.message);
        i = end - 1;
        expect = 'colon';
      } else return fail(i, `expected a property name in double quotes, found ${describeChar(ch)}`);
      i = skipWhitespace(text, i + 1);
      continue;
    }
    // expect is 'value' or 'valueOrClose'
    if (ch === ']' && expect === 'valueOrClose') {
      expect = afterValue(open, true);
      i = skipWhitespace(text, i + 1);
      continue;
    }
    if (open.length === 1 && open[0] === '[') entryOffsets.push(i);
    const end = valueEnd(text, i, open);
    if (typeof end !== 'number') return fail(end.offset, end.message);
    expect = ch === '[' ? 'valueOrClose' : ch === '{' ? 'keyOrClose' : afterValue(open, false);
    i = skipWhitespace(text, end);
  }
  return expect === 'end' ? { entryOffsets } : fail(text.length, 'the JSON ends too early');
}

interface ScanError {
  offset: number;
  message: string;
}

/** After a complete value: close the container if asked, then either more input or the end. */
function afterValue(open: string[], closing: boolean): Expect {
  if (closing) open.pop();
  return open.length === 0 ? 'end' : 'commaOrClose';
}

function closerOf(container: string | undefined): string {
  return container === '[' ? ']' : '}';
}

/** Offset just past a scalar value, or just past the opening bracket of a container. */
function valueEnd(text: string, start: number, open: string[]): number | ScanError {
  const ch = text[start]!;
  if (ch === '[' || ch === '{') {
    open.push(ch);
    return start + 1;
  }
  if (ch === '"') return stringEnd(text, start);
  for (const pattern of [NUMBER, LITERAL]) {
    pattern.lastIndex = start;
    if (pattern.test(text)) return pattern.lastIndex;
  }
  return { offset: start, message: `expected a value, found ${describeChar(ch)}` };
}

/** Offset just past the closing quote of the string starting at `start`. */
function stringEnd(text: string, start: number): number | ScanError {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') return i + 1;
    if (ch < ' ') return { offset: i, message: 'a raw line break or control character inside a string' };
    if (ch === '\\') {
      const escape = text.slice(i + 1, i + 6);
      if (/^u[0-9a-fA-F]{4}/.test(escape)) i += 5;
      else if (/^["\\/bfnrt]/.test(escape)) i += 1;
      else return { offset: i, message: 'an invalid escape sequence inside a string' };
    }
  }
  return { offset: text.length, message: 'the JSON ends inside a string' };
}

function skipWhitespace(text: string, from: number): number {
  WHITESPACE.lastIndex = from;
  WHITESPACE.test(text);
  return WHITESPACE.lastIndex;
}

function describeChar(ch: string): string {
  return /^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
