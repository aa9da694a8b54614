/**
 * Reader for the plain-text digest layout:
 *
 *     Get trending papers in your email inbox once a day!
 *     Get trending papers in your email inbox!
 *     SubscribeNeural Arithmetic Logic Units        <- "Subscribe" glued to the first title
 *     Neural networks can learn to represent ...    <- its abstract, one line
 *     Next title
 *     Next abstract
 *
 * The alternation title/abstract is the main signal; what a line looks like (see
 * `classifyLine`) only decides where the alternation breaks (a missing abstract, an
 * abstract split over two lines). Blank lines carry no meaning.
 */
import type { Digest, DigestPaper, InputWarning } from './types.ts';
import { InputError } from './types.ts';
import { checkPapers, sortByLine } from './checks.ts';
import { splitLines } from './lines.ts';
import { cleanAbstract, cleanTitle, stripControlChars, stripFormatChars } from './normalize.ts';

/** A non-blank line of the file, trimmed, with its 1-based line number. */
interface Line {
  no: number;
  text: string;
}

export type LineKind = 'title' | 'abstract' | 'either';

/** Longest line still read as a title; real titles stay well under 250 characters. */
const MAX_TITLE_CHARS = 300;

/** Boilerplate from the e-mail page, in any case and with small wording changes. */
const HEADER_LINE = /^(?:get\s+(?:the\s+)?trending\s+papers\b.*|subscribe\s*!?)$/iu;
const GLUED_SUBSCRIBE = /^subscribe(?=\S)/iu;
/** "Subscriber…", "Subscribed…": a title that merely starts with the word. */
const SUBSCRIBE_AS_WORD = /^(?:rs?|d|s)\b/u;

/**
 * Sentence breaks: ". Next" (not after vs./e.g./et al./Fig. and similar, nor after a single
 * letter as in "i.i.d. Prophet" or "J. Smith"), or a CJK full stop followed by more text.
 * Abstracts have many, titles almost never more than one.
 */
export const SENTENCE_BREAK =
  /(?<!\b(?:vs|al|cf|etc|e\.g|i\.e|fig|figs|eq|eqs|no|dr|mr|ms|st|sec|vol|approx)|(?:^|[\s.])\p{L})\.["'”’)\]]*\s+(?=["'“‘(\[]?\p{Lu})|[。．](?=\S)/giu;
const ENDS_WITH_FULL_STOP = /[.。．]["'”’)\]]*$/u;

/**
 * What a line looks like on its own: an abstract (long, or several sentences), a title
 * (short and not ending with a full stop), or either (short and ending with a full stop,
 * like "We present X." or "Attention Is All You Need.") — position decides those.
 */
export function classifyLine(text: string): LineKind {
  if (text.length > MAX_TITLE_CHARS) return 'abstract';
  const sentenceBreaks = text.match(SENTENCE_BREAK)?.length ?? 0;
  const endsWithFullStop = ENDS_WITH_FULL_STOP.test(text);
  if (sentenceBreaks >= 2 || (sentenceBreaks === 1 && endsWithFullStop)) return 'abstract';
  return endsWithFullStop ? 'either' : 'title';
}

export function readTextDigest(file: string, text: string, date: string): Digest {
  const warnings: InputWarning[] = [];
  const lines = contentLines(file, text, warnings);
  if (lines.length === 0) {
    throw new InputError(file, 'no papers: the file has only header lines; replace it with the full digest or delete it');
  }
  const papers = pairTitlesWithAbstracts(file, lines, warnings);
  if (papers.length === 0) {
    // Every line was an abstract with no title: a day of no papers would be published.
    throw new InputError(file, 'no papers: no line reads as a title, only abstracts; add each paper\'s title on the line above its abstract', lines[0]!.no);
  }
  const checked = checkPapers(file, papers, (paper) => ({ label: `line ${paper.line}`, line: paper.line }));
  return { date, file, format: 'text', papers: checked.papers, warnings: sortByLine([...warnings, ...checked.warnings]) };
}

/**
 * The lines that hold papers: trimmed, non-blank, header boilerplate removed and the glued
 * "Subscribe" taken off the title right after the header. Boilerplate later in the file (two
 * digests pasted together) is dropped with a warning, and the title after it is unglued too.
 */
function contentLines(file: string, text: string, warnings: InputWarning[]): Line[] {
  const lines: Line[] = [];
  let startOfDigest = true;
  splitLines(text).forEach((raw, index) => {
    const no = index + 1;
    const controls = stripControlChars(raw);
    if (controls.removed.length > 0) {
      warnings.push({ file, line: no, message: `removed invisible control characters (${controls.removed.join(', ')})` });
    }
    const visible = stripFormatChars(controls.text);
    if (visible.removed.length > 0) {
      warnings.push({ file, line: no, message: `removed invisible format characters (${visible.removed.join(', ')}): they can reorder or split the text around them` });
    }
    const text = visible.text.trim();
    if (text === '') return;
    if (HEADER_LINE.test(text.replace(/\s+/gu, ' '))) {
      if (lines.length > 0) warnings.push({ file, line: no, message: `e-mail boilerplate "${text}" in the middle of the digest (two digests pasted together?); line ignored` });
      startOfDigest = true;
      return;
    }
    lines.push({ no, text: startOfDigest ? withoutGluedSubscribe(text) : text });
    startOfDigest = false;
  });
  return lines;
}

/** "SubscribeNeural Arithmetic…" → "Neural Arithmetic…", but "Subscriber Churn…" stays. */
function withoutGluedSubscribe(text: string): string {
  if (!GLUED_SUBSCRIBE.test(text)) return text;
  const rest = text.slice('subscribe'.length);
  return SUBSCRIBE_AS_WORD.test(rest) ? text : rest.trim();
}

/** A paper being assembled: its title line, and the abstract lines seen so far. */
interface Draft {
  title: Line;
  abstract: Line[];
}

/**
 * Walks the lines expecting title, abstract, title, abstract… A line that clearly is not
 * what is expected breaks the rhythm: a title where an abstract should be means the previous
 * title has none; an abstract where a title should be continues the previous abstract.
 */
function pairTitlesWithAbstracts(file: string, lines: readonly Line[], warnings: InputWarning[]): DigestPaper[] {
  const drafts: Draft[] = [];
  for (const line of lines) {
    const kind = classifyLine(line.text);
    const current = drafts.at(-1);
    const expectingAbstract = current !== undefined && current.abstract.length === 0;
    if (expectingAbstract && kind !== 'title') {
      current.abstract.push(line);
    } else if (!expectingAbstract && kind === 'abstract') {
      if (current === undefined) {
        warnings.push({ file, line: line.no, message: 'an abstract with no title before it; line ignored, add the title above it' });
      } else {
        current.abstract.push(line);
        warnings.push({ file, line: line.no, message: `line read as more of the abstract of the paper at line ${current.title.no} (no title before it); check that a title is not missing` });
      }
    } else {
      drafts.push({ title: line, abstract: [] });
    }
  }
  return drafts.map((draft) => toPaper(file, draft, warnings));
}

function toPaper(file: string, draft: Draft, warnings: InputWarning[]): DigestPaper {
  const title = cleanTitle(draft.title.text).text;
  if (draft.abstract.length === 0) {
    warnings.push({ file, line: draft.title.no, message: `title "${title}" has no abstract; kept with an empty abstract, add the abstract on the next line` });
  }
  const abstract = draft.abstract.map((line) => cleanAbstract(line.text).text).join('\n');
  return { title, abstract, line: draft.title.no };
}
