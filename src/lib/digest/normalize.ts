import { keyText } from '../text/tex.ts';
/**
 * Text clean-up for digest fields, and identity keys for comparing papers.
 *
 * Clean-up is deliberately minimal: NFC, no control characters, tidy whitespace. Everything
 * else (TeX, `<script>`, `]]>`, `&`) stays verbatim; escaping is the renderer's job and
 * dropping "hostile" text would silently change what a paper says.
 */

/**
 * C0/C1 control characters other than tab and line feed, plus stray byte-order marks.
 * They are invisible, can break XML/RSS output, and never carry meaning in a digest.
 */
const UNWANTED_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/gu;

/** Terminal colour codes (`ESC[31m`) go as a whole: dropping only the ESC would leave `[31m`. */
const TERMINAL_ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]/gu;

/**
 * Invisible format characters that reorder or split text: bidirectional embeddings, overrides
 * and isolates (a right-to-left override reverses the text around it: "Trojan Source"), zero
 * width spaces, word joiners and invisible operators, soft hyphens, the Mongolian vowel
 * separator. Left-to-right and right-to-left marks stay: legitimate right-to-left text uses them,
 * and pages isolate user text (`unicode-bidi: plaintext`) so they cannot reach beyond it.
 */
const FORMAT_CHARS = /[\u00ad\u180e\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069]/gu;

/**
 * Zero-width joiners and non-joiners are letters' business in some scripts (Persian, the
 * Indic scripts) and glue emoji sequences (👩‍💻): kept there, removed anywhere else.
 */
const JOINERS = /(?<=(\p{L}|\p{M}|\p{Extended_Pictographic}|\u{fe0f}|[\u{1f3fb}-\u{1f3ff}])?)[\u200c\u200d](?=(\p{L}|\p{M}|\p{Extended_Pictographic})?)/gu;

/**
 * More combining marks on one letter than any script stacks ("Zalgo" text piles dozens, and
 * they spill over the lines above and below): the first few are kept.
 */
const MAX_MARKS = 4;
const PILED_MARKS = new RegExp(`(\\p{M}{${MAX_MARKS}})\\p{M}+`, 'gu');

/** Result of a clean-up: the text and the control characters removed (for a warning). */
export interface Cleaned {
  text: string;
  removed: string[];
  /** Invisible format characters removed (`stripFormatChars`), for a warning of their own. */
  format?: string[];
}

/**
 * Removes control characters; reports which ones, as `U+0007` codes, for the warning text.
 * JSON escapes can also smuggle in half a surrogate pair (`"\ud800"`), which no encoder can
 * write out; those become U+FFFD.
 */
export function stripControlChars(text: string): Cleaned {
  const removed = new Set<string>();
  const drop = (ch: string) => {
    removed.add(codePoint(ch));
    return '';
  };
  // A whole escape sequence shrinks to its ESC, which the next step removes and reports.
  const stripped = text.replace(TERMINAL_ESCAPES, '\u001b').replace(UNWANTED_CONTROLS, drop);
  if (stripped.isWellFormed()) return { text: stripped, removed: [...removed] };
  return { text: stripped.toWellFormed(), removed: [...removed, 'unpaired surrogate (now U+FFFD)'] };
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Removes invisible format characters (`FORMAT_CHARS`, stray `JOINERS`) and piled-up marks; reports which. */
export function stripFormatChars(text: string): Cleaned {
  const removed = new Set<string>();
  const stripped = text
    .replace(PILED_MARKS, (_piled, kept: string) => {
      removed.add(`combining marks past ${MAX_MARKS} on one letter`);
      return kept;
    })
    .replace(FORMAT_CHARS, (ch) => {
      removed.add(codePoint(ch));
      return '';
    })
    .replace(JOINERS, (ch, before: string | undefined, after: string | undefined) => {
      if (keepsJoiner(before, after)) return ch;
      removed.add(codePoint(ch));
      return '';
    });
  return { text: stripped, removed: [...removed] };
}

/** A joiner between two letters of a script that is not Latin, or inside an emoji sequence. */
function keepsJoiner(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  const emoji = /[\p{Extended_Pictographic}\u{fe0f}\u{1f3fb}-\u{1f3ff}]/u;
  if (emoji.test(before) && /\p{Extended_Pictographic}/u.test(after)) return true;
  const nonLatinLetter = (ch: string) => /[\p{L}\p{M}]/u.test(ch) && !/[\p{Script=Latin}\p{Script=Common}]/u.test(ch);
  return nonLatinLetter(before) && nonLatinLetter(after);
}

/** A title on one line: NFC, no control characters, whitespace runs (tabs, NBSP…) as one space. */
export function cleanTitle(raw: string): Cleaned {
  const { text, removed } = stripControlChars(raw.replace(/\r\n?/g, '\n'));
  const visible = stripFormatChars(text);
  return { text: visible.text.normalize('NFC').replace(/\s+/gu, ' ').trim(), removed, format: visible.removed };
}

/**
 * An abstract kept verbatim except: NFC, no control characters, LF line breaks, trimmed ends.
 * Internal line breaks are kept because JSON summaries use them for paragraphs.
 */
export function cleanAbstract(raw: string): Cleaned {
  const { text, removed } = stripControlChars(raw.replace(/\r\n?/g, '\n'));
  const visible = stripFormatChars(text);
  return { text: visible.text.normalize('NFC').trim(), removed, format: visible.removed };
}

/**
 * Identity key for a title: equal for the same title written with different case, spacing,
 * punctuation, accents or TeX markup (`$\pi_0$` and `π0`, `Gödel` and `G\"odel`).
 * Letters and digits of every script are kept, so a Chinese title has a real key; a title
 * with no letters or digits at all (emoji only) falls back to its code points.
 */
export function normalizeTitleKey(title: string): string {
  return foldToKey(title) || codePointKey(title);
}

/** Identity key for an abstract, folded like a title key (empty for an empty abstract). */
export function normalizeAbstractKey(abstract: string): string {
  return foldToKey(abstract);
}

function foldToKey(text: string): string {
  const plain = keyText(text).normalize('NFKC').toLowerCase().replace(/ς/g, 'σ');
  return stripAccents(plain).replace(/[^\p{L}\p{N}\p{M}]+/gu, '');
}

/** `#1f680#1f916`: the `#` keeps these keys apart from any letters-and-digits key. */
function codePointKey(text: string): string {
  const visible = text.normalize('NFKC').replace(/\s+/gu, '');
  return [...visible].map((ch) => `#${ch.codePointAt(0)!.toString(16)}`).join('');
}

/**
 * Accents on Latin, Greek and Cyrillic letters differ between sources (HF writes `Gödel`,
 * arXiv TeX may give `G\"odel` or `Godel`); other scripts' marks are real vowels, so kept.
 */
function stripAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, '$1')
    .normalize('NFC');
}

