/**
 * Line bookkeeping shared by the readers. A line break is CRLF, LF or a lone CR
 * (old Mac files), so every reader counts lines the way an editor shows them.
 */

/** Splits text into lines on CRLF, LF or CR. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** 1-based line of the character at `offset` in `text`. */
export function lineAtOffset(text: string, offset: number): number {
  return linesAtOffsets(text, [offset])[0]!;
}

/** 1-based lines of several ascending offsets, in one pass over the text. */
export function linesAtOffsets(text: string, ascendingOffsets: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let i = 0;
  for (const offset of ascendingOffsets) {
    for (const end = Math.min(offset, text.length); i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x0a || (ch === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
    }
    lines.push(line);
  }
  return lines;
}

/** 1-based line of the byte at `offset` in raw bytes (used before the bytes are decoded). */
export function lineAtByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++) {
    const byte = bytes[i];
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}
