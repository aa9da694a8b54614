/**
 * Citation keys in the `watanabe2026cityarena` style: first author's family name, year, first
 * significant word of the title, folded to ASCII letters; a paper whose authors or year are not
 * known goes without them (`neuralarithmetic`: its first two significant words), never `anon`.
 * Keys are unique across the archive and stable: papers claim keys in the order their slugs were
 * handed out (content/slugs.tsv, which is append-only), so a paper added later never takes the key
 * of one already published; the later of two papers with the same key gets `b`, `c`…
 * (`watanabe2026cityarenab`).
 */

import type { PaperFrontmatter } from '../schema.ts';

const SKIP = new Set('a an the on of for in to and with from towards toward via is are do does can what how why when beyond into at by we our your'.split(' '));

/** ASCII lowercase letters and digits only. */
const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The family name of an author given as `First Last` or `Last, First`. */
export function familyName(name: string): string {
  const clean = name.trim();
  if (clean.includes(',')) return clean.split(',')[0]?.trim() ?? '';
  return clean.split(/\s+/).at(-1) ?? '';
}

/**
 * The year a paper is cited with: its publication date's, else its arXiv id's; none when neither
 * is known (the day it trended says nothing of when it was written: a 2018 paper trends in 2026).
 */
export function citeYear(paper: { data: Pick<PaperFrontmatter, 'publishedAt' | 'arxivId'> }): string | undefined {
  const { publishedAt, arxivId } = paper.data;
  if (publishedAt) return publishedAt.slice(0, 4);
  const yymm = arxivId && /^(\d{2})(\d{2})\.\d{4,5}$/.exec(arxivId);
  return yymm ? `20${yymm[1]}` : undefined;
}

/** The key a paper's citation key is made unique from (`watanabe2026cityarena`, before any suffix). */
export function citeBase(paper: { data: Pick<PaperFrontmatter, 'authors' | 'title' | 'publishedAt' | 'arxivId'> }): string {
  return baseKey(paper.data.authors, citeYear(paper), paper.data.title);
}

/** The key before it is made unique. */
export function baseKey(authors: string[], year: string | undefined, title: string): string {
  const family = fold(familyName(authors[0] ?? '')).replace(/^\d+/, '');
  // Words of the title outside math, without TeX commands.
  const words = title
    .replace(/\$[^$]*\$/g, ' ')
    .replace(/\\[a-zA-Z]+/g, ' ')
    .split(/[\s\-–—:,.;!?/()[\]{}"'`]+/)
    .map(fold)
    .filter(Boolean);
  const significant = words.filter((w) => !SKIP.has(w) && /[a-z]/.test(w));
  const word = significant[0] ?? words[0] ?? 'paper';
  if (family) return `${family}${year ?? ''}${word.slice(0, 24)}`;
  // Without a family name one word says too little: two, then the year (`neuralarithmetic`, `paper2024`).
  return `${`${word}${significant[1] ?? ''}`.slice(0, 32)}${year ?? ''}`;
}

/** Suffixes for the 2nd, 3rd… paper with one base key: b…z, then ba, bb… */
function suffix(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor(k / 26)) s = String.fromCharCode(97 + (k % 26)) + s;
  return s.length > 1 ? s : String.fromCharCode(97 + n);
}

/**
 * Unique keys for papers listed in the order they first appeared (oldest first). The first paper
 * with a base key keeps it; later ones get `b`, `c`…; a suffixed key never collides with a base
 * key, because suffixed keys are checked against every key handed out.
 */
export function assignKeys(papers: Iterable<{ id: string; base: string }>): Map<string, string> {
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  const count = new Map<string, number>();
  for (const { id, base } of papers) {
    let n = count.get(base) ?? 0;
    let key = n === 0 ? base : `${base}${suffix(n)}`;
    while (taken.has(key)) key = `${base}${suffix(++n)}`;
    count.set(base, n + 1);
    taken.add(key);
    keys.set(id, key);
  }
  return keys;
}
