import { InputError } from './types.ts';
import { lineAtByte } from './lines.ts';

const EMPTY_HINT = 're-download the digest, or delete the file';

/**
 * Turns the bytes of a digest into text, refusing anything that is not UTF-8 text.
 * A byte-order mark is dropped. Throws InputError naming the line of the first bad byte.
 */
export function decodeDigestBytes(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new InputError(file, `file is empty; ${EMPTY_HINT}`);
  const text = decodeTextBytes(file, bytes);
  if (text.trim() === '') throw new InputError(file, `file is empty (only whitespace); ${EMPTY_HINT}`);
  return text;
}

/**
 * The encoding checks of a digest for any hand-written text file (`what` names it in messages):
 * UTF-16, NUL bytes and invalid UTF-8 are refused with the line of the first bad byte.
 */
export function decodeTextBytes(file: string, bytes: Uint8Array, what = 'text or JSON digest'): string {
  rejectUtf16(file, bytes);
  rejectBinary(file, bytes, what);
  return decodeUtf8(file, bytes);
}

/** UTF-16 files are full of NUL bytes; say what they are instead of calling them binary. */
function rejectUtf16(file: string, bytes: Uint8Array): void {
  const bom = (bytes[0] ?? 0) * 256 + (bytes[1] ?? 0);
  if (bom === 0xfffe || bom === 0xfeff) {
    throw new InputError(file, 'file is UTF-16 text; save it as UTF-8 and run again', 1);
  }
}

/** A NUL byte never occurs in a text digest, so it means a binary (or wrongly saved) file. */
function rejectBinary(file: string, bytes: Uint8Array, what: string): void {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new InputError(
      file,
      `file looks binary (it contains a NUL byte), not a ${what}; replace it with the real ${what.replace(/^text or JSON /, '')}`,
      lineAtByte(bytes, nul),
    );
  }
}

function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    // fatal: a wrong byte must stop the build, not become a silent U+FFFD in a title.
    // The decoder drops a leading byte-order mark by itself (ignoreBOM defaults to false).
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(
      file,
      'file is not valid UTF-8 (saved as Latin-1/Windows-1252, or cut off mid-character); re-save it as UTF-8 or download it again',
      lineAtByte(bytes, firstInvalidUtf8Byte(bytes)),
    );
  }
}

/**
 * Offset of the first byte that makes the bytes invalid UTF-8. Uses the same decoder as the
 * check above (in streaming mode, where a sequence cut at the end of a prefix is not an error)
 * and binary-searches the longest valid prefix, so "invalid" means exactly what the decoder says.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const decodesCleanly = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length + 1; // a sequence cut off at the very end fails only on the final flush
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodesCleanly(middle)) good = middle;
    else bad = middle;
  }
  return Math.min(good, bytes.length - 1);
}
