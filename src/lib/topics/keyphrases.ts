import { isFiller, isStopword } from '../text/stopwords.ts';
import { isNumeric, tokenize } from '../text/tokenize.ts';
import type { Token } from '../text/tokenize.ts';
import type { PaperText } from './types.ts';

/** Document frequencies of candidate phrases over an archive (keys: singular words joined by spaces). */
export interface PhraseStats {
  /** Number of papers counted. */
  docs: number;
  /** Phrase key → number of papers containing it; phrases seen in fewer than `minDf` papers are left out. A Map, or a table read back from a cache. */
  df: { get(key: string): number | undefined };
}

/** Options for `keyPhrases`. */
export interface KeyPhraseOptions {
  /** Most phrases returned (default 6). */
  max?: number;
  /** Phrases wanted before weaker candidates (seen once, not in the title) are allowed (default 3). */
  min?: number;
}

interface Candidate {
  key: string;
  words: readonly string[];
  length: number;
  inTitle: boolean;
  count: number;
  first: number;
}

const MAX_WORDS = 4;
// Only "of" joins readable phrases ("mixture of experts"); "for", "with"... glue title fragments.
const INNER_WORDS = new Set(['of']);
// Sizes and multipliers ("7B", "10x") are not phrases.
const QUANTITY = /^\d+(?:\.\d+)?(?:[kmbt]|x)?$/;
const TITLE_BONUS = 1.5;
/** Beyond the minimum, a phrase must score at least this share of the best one. */
const MIN_SHARE_OF_BEST = 0.35;

function canEdge(token: Token): boolean {
  return !isFiller(token.word) && !isNumeric(token.word) && !QUANTITY.test(token.word) && token.word.length > 1;
}

function canInner(token: Token): boolean {
  return canEdge(token) || INNER_WORDS.has(token.word);
}

/** Calls `visit(start, end)` for every phrase-shaped span: 1–4 words, no punctuation inside, content words at both ends. */
function forEachSpan(tokens: readonly Token[], visit: (start: number, end: number) => void): void {
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    if (first === undefined || !canEdge(first)) continue;
    for (let j = i; j < tokens.length && j < i + MAX_WORDS; j++) {
      const t = tokens[j];
      if (t === undefined || (j > i && (t.gap || !canInner(t)))) break;
      if (canEdge(t)) visit(i, j + 1);
    }
  }
}

function spanKey(tokens: readonly Token[], start: number, end: number): string {
  let key = tokens[start]?.base ?? '';
  for (let k = start + 1; k < end; k++) key += ' ' + (tokens[k]?.base ?? '');
  return key;
}

/** Distinct candidate phrase keys of a paper (title and abstract). */
export function phraseKeysOf(paper: PaperText): Set<string> {
  const keys = new Set<string>();
  for (const tokens of [tokenize(paper.title), tokenize(paper.abstract)]) {
    forEachSpan(tokens, (s, e) => keys.add(spanKey(tokens, s, e)));
  }
  return keys;
}

/** Counts in how many papers each candidate phrase occurs; drops phrases rarer than `minDf` (default 2) to bound memory. */
export function buildPhraseStats(papers: Iterable<PaperText>, minDf = 2): PhraseStats & { df: Map<string, number> } {
  const df = new Map<string, number>();
  let docs = 0;
  for (const paper of papers) {
    docs++;
    for (const key of phraseKeysOf(paper)) df.set(key, (df.get(key) ?? 0) + 1);
  }
  if (minDf > 1) for (const [key, n] of df) if (n < minDf) df.delete(key);
  return { docs, df };
}

/** How a word should be shown: acronyms and words the abstract capitalises mid-sentence keep their case. */
function displayWord(token: Token, capitalised: ReadonlyMap<string, boolean>): string {
  const s = token.surface;
  if (/\p{Lu}/u.test(s.slice(1))) return s;
  return capitalised.get(token.word) === true ? s : s.toLowerCase();
}

function startsUpper(token: Token | undefined): boolean {
  return token !== undefined && /^\p{Lu}/u.test(token.surface);
}

/** Words the abstract writes capitalised mid-sentence and outside Title-Cased names ("Gaussian splatting", not "Multi-Granularity Network"). */
function casingVotes(tokens: readonly Token[]): Map<string, boolean> {
  const votes = new Map<string, boolean>();
  tokens.forEach((t, i) => {
    if (t.gap || i === 0) return;
    const next = tokens[i + 1];
    const inName = startsUpper(tokens[i - 1]) || (next !== undefined && !next.gap && startsUpper(next));
    const upper = startsUpper(t) && !inName;
    votes.set(t.word, (votes.get(t.word) ?? true) && upper);
  });
  return votes;
}

function collect(paper: PaperText): Candidate[] {
  const title = tokenize(paper.title);
  const abstract = tokenize(paper.abstract);
  const capitalised = casingVotes(abstract);
  const found = new Map<string, Candidate>();
  let order = 0;
  const visit = (tokens: readonly Token[], inTitle: boolean) => (s: number, e: number) => {
    const key = spanKey(tokens, s, e);
    let c = found.get(key);
    if (c === undefined) {
      const words = tokens.slice(s, e).map((t) => displayWord(t, capitalised));
      c = { key, words, length: e - s, inTitle: false, count: 0, first: order++ };
      found.set(key, c);
    } else if (!inTitle && c.count === 0) {
      // Prefer the abstract's spelling over title case.
      c.words = tokens.slice(s, e).map((t) => displayWord(t, capitalised));
    }
    if (inTitle) c.inTitle = true;
    else c.count++;
  };
  forEachSpan(title, visit(title, true));
  forEachSpan(abstract, visit(abstract, false));
  return [...found.values()];
}

function score(c: Candidate, stats: PhraseStats): number {
  const df = stats.df.get(c.key) ?? 1;
  const idf = Math.log((stats.docs + 1) / (df + 1)) + 1;
  const tf = Math.log(1 + c.count) + (c.inTitle ? TITLE_BONUS : 0);
  // Longer phrases are more readable and more specific; unigrams need to earn their place.
  const lengthBonus = c.length === 1 ? 0.8 : 1 + 0.15 * (c.length - 1);
  return tf * idf * lengthBonus;
}

/** True when two phrases share a content word: chosen phrases should each say something new. */
function overlaps(a: Candidate, b: Candidate): boolean {
  const words = new Set(a.key.split(' '));
  return b.key.split(' ').some((w) => !INNER_WORDS.has(w) && words.has(w));
}

function isStrong(c: Candidate): boolean {
  return c.inTitle || c.count >= 2;
}

// Lone adjectives, adverbs and participles ("unbounded", "lowest", "approximated") make poor key phrases.
const WEAK_SINGLE = /(?:ed|ly|est|ive|able|ible|ous|ful|al)$/;

function usable(c: Candidate): boolean {
  if (c.length > 1) return true;
  const word = c.words[0] ?? '';
  const acronym = /\p{Lu}/u.test(word.slice(1));
  return acronym || (isStrong(c) && !isStopword(c.key) && !WEAK_SINGLE.test(c.key));
}

/** 3–6 readable key phrases of a paper, scored by tf-idf against archive document frequencies. */
export function keyPhrases(paper: PaperText, stats: PhraseStats, options: KeyPhraseOptions = {}): string[] {
  const max = options.max ?? 6;
  const min = Math.min(options.min ?? 3, max);
  const ranked = collect(paper)
    .filter(usable)
    .map((c) => ({ c, s: score(c, stats) }))
    .sort((a, b) => b.s - a.s || a.c.first - b.c.first);
  const floor = (ranked[0]?.s ?? 0) * MIN_SHARE_OF_BEST;
  const chosen: Candidate[] = [];
  // First strong candidates (in the title or repeated), then anything, until `min` is reached.
  for (const pass of [isStrong, () => true]) {
    for (const { c, s } of ranked) {
      if (chosen.length >= (pass === isStrong ? max : min)) break;
      if (!pass(c) || (chosen.length >= min && s < floor) || chosen.some((d) => d === c || overlaps(d, c))) continue;
      chosen.push(c);
    }
  }
  return chosen.map((c) => c.words.join(' '));
}
