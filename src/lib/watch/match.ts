/**
 * Watches: what a reader follows, and which papers match. A watch has any of
 * - `words`: words and "quoted phrases", any of which must be in the title or the abstract, and
 *   exclusions (`-survey`, `-"large language"`), none of which may be in the title;
 * - `authors`: names separated by commas, any of which must be among the authors;
 * - `topic`: a topic slug the paper must have;
 * - `code`: the paper must link its code.
 * Every part given must hold. Matching ignores case and accents and goes by word starts
 * (`diffusion` finds "Diffusion-based", not "undiffusion").
 */

export interface Watch {
  id: string;
  words?: string;
  authors?: string;
  topic?: string;
  code?: boolean;
}

export interface WatchedPaper {
  title: string;
  /** Plain text; words are looked for in it too when given. */
  abstract?: string | undefined;
  authors: string[];
  topics: string[];
  code: boolean;
}

/** Where a paper matched: ranges of the title and of the abstract, indexes of the authors. */
export interface Match {
  title: [number, number][];
  abstract: [number, number][];
  authors: number[];
}

export interface Query {
  include: string[];
  exclude: string[];
}

/** Lowercase without accents, one UTF-16 unit for one: ranges in the folded text are ranges in the original. */
const fold = (s: string) =>
  s.replace(/[^]/g, (c) => {
    const f = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    return f.length === 1 ? f : c;
  });

/** `diffusion "world model" -survey` → include [diffusion, world model], exclude [survey]. */
export function parseQuery(text: string): Query {
  const query: Query = { include: [], exclude: [] };
  for (const m of text.matchAll(/(-?)(?:"([^"]*)"?|([^\s,"]+))/g)) {
    const term = fold((m[2] ?? m[3] ?? '').trim()).replace(/\s+/g, ' ');
    if (!term || term === '-') continue;
    (m[1] ? query.exclude : query.include).push(term);
  }
  return query;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Ranges of `text` where `term` starts a word. `text` is folded by the caller; folding keeps lengths for Latin text. */
function find(folded: string, term: string): [number, number][] {
  const ranges: [number, number][] = [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(term).replace(/ /g, '[\\s-]+')}`, 'gu');
  for (const m of folded.matchAll(pattern)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

/** Where `paper` matches `watch`, or undefined when it does not. */
export function matchWatch(watch: Watch, paper: WatchedPaper): Match | undefined {
  const match: Match = { title: [], abstract: [], authors: [] };
  let parts = 0;
  if (watch.words?.trim()) {
    const { include, exclude } = parseQuery(watch.words);
    const title = fold(paper.title);
    if (exclude.some((term) => find(title, term).length > 0)) return undefined;
    if (include.length) {
      parts++;
      const abstract = paper.abstract ? fold(paper.abstract) : '';
      for (const term of include) {
        match.title.push(...find(title, term));
        if (abstract) match.abstract.push(...find(abstract, term));
      }
      if (match.title.length === 0 && match.abstract.length === 0) return undefined;
    }
  }
  const names = (watch.authors ?? '')
    .split(/[,;]/)
    .map((n) => fold(n).trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  if (names.length) {
    parts++;
    paper.authors.forEach((author, i) => {
      const folded = fold(author).replace(/\s+/g, ' ');
      if (names.some((name) => find(folded, name).length > 0)) match.authors.push(i);
    });
    if (match.authors.length === 0) return undefined;
  }
  if (watch.topic) {
    parts++;
    if (!paper.topics.includes(watch.topic)) return undefined;
  }
  if (watch.code) {
    parts++;
    if (!paper.code) return undefined;
  }
  match.title.sort((a, b) => a[0] - b[0]);
  match.abstract.sort((a, b) => a[0] - b[0]);
  return parts > 0 ? match : undefined;
}

/** A watch in words, for its list entry. */
export function describeWatch(watch: Watch, topicName: (slug: string) => string = (s) => s): string {
  const parts: string[] = [];
  if (watch.words?.trim()) parts.push(`Words: ${watch.words.trim()}`);
  if (watch.authors?.trim()) parts.push(`Authors: ${watch.authors.trim()}`);
  if (watch.topic) parts.push(`Topic: ${topicName(watch.topic)}`);
  if (watch.code) parts.push('Has code');
  return parts.join(' · ');
}

/** Title ranges merged where they overlap, for highlighting. */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
