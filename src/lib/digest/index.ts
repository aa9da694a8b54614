/**
 * Digest readers: bytes of one day's digest in, validated papers and warnings out.
 * Pure: the caller reads the files and decides what to do with errors and warnings.
 */
import type { Digest } from './types.ts';
import { InputError } from './types.ts';
import { isRealIsoDate } from './dates.ts';
import { decodeDigestBytes } from './decode.ts';
import { lineAtOffset } from './lines.ts';
import { readHfJsonDigest } from './hf-json.ts';
import { readTextDigest } from './text.ts';

export type { Digest, DigestPaper, InputWarning } from './types.ts';
export { InputError } from './types.ts';
export { checkDigestDate, dateFromFileName, findDuplicateDates, isRealIsoDate } from './dates.ts';
export { normalizeAbstractKey, normalizeTitleKey } from './normalize.ts';

/**
 * Reads one digest. The format comes from the content, not the extension, so a mis-named
 * file is still read correctly. Throws InputError (file and line) for input that cannot be
 * used; returns recoverable oddities as `warnings` with the papers kept.
 */
export function readDigest(file: string, bytes: Uint8Array, date: string): Digest {
  if (!isRealIsoDate(date)) {
    throw new InputError(file, `"${date}" is not a real YYYY-MM-DD date for this digest`);
  }
  const text = decodeDigestBytes(file, bytes);
  rejectWebPage(file, text);
  return looksLikeJson(text) || isJsonScalar(text) ? readHfJsonDigest(file, text, date) : readTextDigest(file, text, date);
}

/**
 * JSON when the first character is `[` or `{` and the next one can follow it in JSON
 * (or nothing does, in a cut-off file). A text digest whose first title is "[Re] …"
 * therefore still reads as text.
 */
export function looksLikeJson(text: string): boolean {
  const start = /^[\s\ufeff]*([[{])\s*/u.exec(text);
  if (!start) return false;
  const rest = text.slice(start[0].length);
  if (rest === '') return true;
  return start[1] === '{' ? /^["}]/.test(rest) : /^(?:[[{"\]\-0-9]|true|false|null)/.test(rest);
}

/** A web page (an HTML error page saved by a failed download, or XML) where a digest should be. */
const WEB_PAGE = /^[\s\ufeff]*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|\?xml[\s?])/iu;

/**
 * Refuses a saved web page: read as text, its tags would otherwise become "papers" titled
 * `<!DOCTYPE html>` and `<body><h1>502 Bad Gateway…`.
 */
function rejectWebPage(file: string, text: string): void {
  const match = WEB_PAGE.exec(text);
  if (!match) return;
  const kind = /^[\s\ufeff]*<\?xml/iu.test(match[0]) ? 'an XML document' : 'an HTML page (a failed download or a saved web page?)';
  throw new InputError(file, `file is ${kind}, not a digest; save the digest itself as text or JSON`, lineAtOffset(text, match[0].length - 1));
}

/**
 * A whole file that is one JSON scalar (`null`, `"rate limited"`, `42`): what an API returns
 * instead of a day, never a text digest. Read as JSON, it is reported as the wrong shape.
 */
function isJsonScalar(text: string): boolean {
  const trimmed = text.replace(/^\ufeff/u, '').trim();
  if (!/^(?:null|true|false|-?\d|")/u.test(trimmed)) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}
