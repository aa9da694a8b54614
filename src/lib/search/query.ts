/**
 * What a typed query is, before any index is asked: the words Pagefind will search for (and the
 * prefix under which each can match), an arXiv id in any common spelling, and the exact keys
 * (src/lib/search/exact.ts) it may be. Pure and small: the browser runs it on every search.
 */
import { normalizeTitleKey } from '../digest/normalize.ts';
import { stem } from '../text/stem.ts';

/**
 * Graphemes Pagefind drops from a query (its `search()` in pagefind_web_js: dash, open, close,
 * initial, final and other punctuation); everything else is lower-cased and kept.
 */
const DROPPED = /^(?:\p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps})$/u;

/** The words Pagefind searches for, as it normalises them (`2406.01574` → `240601574`, `Self-Play` → `selfplay`). */
export function searchWords(q: string): string[] {
  const kept = [...q].map((ch) => (DROPPED.test(ch) ? '' : ch.toLocaleLowerCase())).join('');
  return kept.split(/\s+/).filter(Boolean);
}

/**
 * The prefix every index word a query word can match starts with. Pagefind stems the word and
 * matches index words (themselves stems) that start with the stem; the stem is the word but a
 * rewritten ending (`studies` → `studi`), so the part the word and its stem share is a prefix
 * of what Pagefind looks for, whichever Snowball implementation stems it.
 */
export function matchPrefix(word: string): string {
  const stemmed = stem(word);
  let n = 0;
  while (n < word.length && n < stemmed.length && word[n] === stemmed[n]) n++;
  return word.slice(0, Math.max(n, 1));
}

/**
 * An arXiv identifier in any of the spellings readers paste, as the archive stores it (no
 * version, no prefix): `2406.01574`, `2406.01574v2`, `arXiv:2406.01574`, `arxiv.org/abs/…`,
 * `arxiv.org/pdf/….pdf`, and old-style `hep-th/9901001` or `math.GT/0309136`.
 */
export function arxivIdOf(q: string): string | undefined {
  const text = q
    .trim()
    .replace(/^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\//i, '')
    .replace(/^arxiv:\s*/i, '')
    .replace(/(?:\.pdf)?\/?$/i, '');
  const modern = /^(\d{4}\.\d{4,5})(?:v\d+)?$/.exec(text);
  if (modern) return modern[1];
  const old = /^([a-z-]+(?:\.[a-z]{2})?)\/(\d{7})(?:v\d+)?$/i.exec(text);
  if (old) return `${old[1]!.replace(/^([a-z-]+)/i, (archive) => archive.toLowerCase())}/${old[2]}`;
  return undefined;
}

export type ExactKind = 'id' | 'title' | 'author';

/** An exact key: its kind and its text (`id:2406.01574`, `title:<folded title>`, `author:<folded name>`). */
export interface ExactKey {
  kind: ExactKind;
  key: string;
}

/** A name or title folded as identities are: case, accents, punctuation, spacing and TeX markup do not count. */
export const foldKey = (text: string): string => normalizeTitleKey(text);

/** The exact keys a query may be: an arXiv id; otherwise a title and an author name (two words or more). */
export function exactKeysOf(q: string): ExactKey[] {
  const id = arxivIdOf(q);
  if (id) return [{ kind: 'id', key: `id:${id}` }];
  const folded = foldKey(q);
  if (folded.length < 4) return [];
  const keys: ExactKey[] = [{ kind: 'title', key: `title:${folded}` }];
  if (q.trim().split(/\s+/).length >= 2) keys.push({ kind: 'author', key: `author:${folded}` });
  return keys;
}

/** The keys a paper is found by, exactly: its arXiv id, its title and each author's name. */
export function paperKeys(paper: { title: string; authors: readonly string[]; arxivId?: string | undefined }): string[] {
  const keys = new Set<string>();
  if (paper.arxivId) keys.add(`id:${arxivIdOf(paper.arxivId) ?? paper.arxivId.toLowerCase()}`);
  const title = foldKey(paper.title);
  if (title) keys.add(`title:${title}`);
  for (const author of paper.authors) {
    const name = foldKey(author);
    if (name) keys.add(`author:${name}`);
  }
  return [...keys];
}
