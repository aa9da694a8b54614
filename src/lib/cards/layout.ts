/**
 * Line breaking for cards, measured with the card font: lines break between words only
 * (a word wider than a whole line may break after a hyphen or slash, and is cut only
 * when even that piece cannot fit), and text that needs more lines than allowed ends
 * in an ellipsis after the last whole word that fits.
 */
import type { Face } from './font.ts';

export const ELLIPSIS = '…';

export interface Wrapped {
  lines: string[];
  /** True when text was left out (the last line ends in an ellipsis). */
  truncated: boolean;
}

export interface Fitted extends Wrapped {
  size: number;
  /** Distance between baselines, in pixels. */
  lineHeight: number;
}

/** Punctuation that should not stand before an ellipsis (`Units:…` → `Units…`). */
const TRAILING = /[\s,.;:–—-]+$/u;

/** Pieces of a word too wide for a line: after each hyphen or slash, else character by character. */
function splitLongWord(word: string, fits: (piece: string) => boolean): string[] {
  const parts = word.match(/[^-/‐–—]+[-/‐–—]*|[-/‐–—]+/gu) ?? [word];
  const pieces: string[] = [];
  let current = '';
  for (const part of parts) {
    if (fits(current + part)) current += part;
    else {
      if (current) pieces.push(current);
      current = part;
    }
    // A part that alone is too wide: cut by characters (the only mid-word cut, for absurd words).
    while (!fits(current) && [...current].length > 1) {
      const chars = [...current];
      let n = chars.length - 1;
      while (n > 1 && !fits(chars.slice(0, n).join(''))) n--;
      pieces.push(chars.slice(0, n).join(''));
      current = chars.slice(n).join('');
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The line with as many whole words as fit before an ellipsis. */
export function ellipsize(line: string, face: Face, size: number, maxWidth: number): string {
  const words = line.split(' ');
  while (words.length > 0) {
    const candidate = `${words.join(' ').replace(TRAILING, '')}${ELLIPSIS}`;
    if (words.length === 1 || face.measure(candidate, size) <= maxWidth) {
      if (face.measure(candidate, size) <= maxWidth) return candidate;
      // One word that cannot fit with the ellipsis: cut it (only for absurdly long words).
      const chars = [...(words[0] as string)];
      while (chars.length > 0 && face.measure(`${chars.join('')}${ELLIPSIS}`, size) > maxWidth) chars.pop();
      return `${chars.join('')}${ELLIPSIS}`;
    }
    words.pop();
  }
  return ELLIPSIS;
}

/**
 * Greedy line breaking of clean text (single spaces) at one font size. Lines grow a word at a
 * time, so their width is kept as a sum (font units and spaces) rather than measured again
 * each time: the same sums `Face.measure` makes, in the same order, so the same results.
 */
function breakLines(text: string, face: Face, size: number, maxWidth: number): string[] {
  const width = (units: number, spaces: number) => ((units + spaces * face.spaceWidth) * size) / face.unitsPerEm;
  const fits = (s: string) => face.measure(s, size) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  let units = 0;
  let spaces = 0;
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const wordUnits = face.shape(word).width;
    if (line && width(units + wordUnits, spaces + 1) <= maxWidth) {
      line = `${line} ${word}`;
      units += wordUnits;
      spaces++;
      continue;
    }
    if (line) lines.push(line);
    if (width(wordUnits, 0) <= maxWidth) line = word;
    else {
      const pieces = splitLongWord(word, fits);
      lines.push(...pieces.slice(0, -1));
      line = pieces[pieces.length - 1] ?? '';
    }
    units = line ? face.shape(line).width : 0;
    spaces = 0;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Wraps clean text into at most `maxLines` lines no wider than `maxWidth` pixels. With
 * `balance`, lines are evened out (the narrowest width that still needs no more lines),
 * as CSS `text-wrap: balance` does, so a title does not end on a lone word.
 */
export function wrapText(
  text: string,
  face: Face,
  size: number,
  maxWidth: number,
  maxLines: number,
  options: { balance?: boolean } = {},
): Wrapped {
  const lines = breakLines(text, face, size, maxWidth);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    const rest = lines.slice(maxLines - 1).join(' ');
    kept[maxLines - 1] = ellipsize(rest, face, size, maxWidth);
    return { lines: kept, truncated: true };
  }
  if (!options.balance || lines.length < 2) return { lines, truncated: false };
  let low = maxWidth / 2;
  let high = maxWidth;
  let best = lines;
  for (let step = 0; step < 10 && high - low > 2; step++) {
    const mid = (low + high) / 2;
    const trial = breakLines(text, face, size, mid);
    if (trial.length <= lines.length && trial.every((l) => face.measure(l, size) <= mid)) {
      best = trial;
      high = mid;
    } else low = mid;
  }
  return { lines: best, truncated: false };
}

/**
 * The largest of `sizes` at which the text fits `maxWidth` × `maxHeight` without being
 * cut; failing that, the smallest size, ellipsized.
 */
export function fitText(
  text: string,
  face: Face,
  options: { sizes: readonly number[]; maxWidth: number; maxHeight: number; lineHeight: number; maxLines?: number; balance?: boolean },
): Fitted {
  const sizes = [...options.sizes].sort((a, b) => b - a);
  let last: Fitted | undefined;
  for (const size of sizes) {
    const lineHeight = size * options.lineHeight;
    const maxLines = Math.max(1, Math.min(options.maxLines ?? Infinity, Math.floor((options.maxHeight - size) / lineHeight) + 1));
    const wrapped = wrapText(text, face, size, options.maxWidth, maxLines, { balance: options.balance ?? false });
    last = { ...wrapped, size, lineHeight };
    if (!wrapped.truncated) return last;
  }
  if (!last) throw new Error('fitText: no font sizes given');
  return last;
}
