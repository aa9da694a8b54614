/**
 * What a paper page shows of the rest of the archive, and its key: one pure function of the
 * papers' frontmatter, the days' digests and the topics' names. The papers loader computes every
 * paper's key from the paper index before anything is loaded (src/catalog/loader.ts) and loads just
 * the papers whose key changed; the page renders the very view the key was made of
 * (src/data/paper-page.ts). Anything new on a paper page goes into `paperView` (or the key's
 * other parts), and the page is rendered again exactly when it changes.
 */
import { createHash } from 'node:crypto';
import { paperCardPath } from '../card-window.ts';
import { assignKeys } from '../cite/keys.ts';
import type { Momentum } from '../periods/index.ts';
import { momentum } from '../periods/index.ts';
import type { PaperFrontmatter } from '../schema.ts';
import { plainTitle } from '../text/tex.ts';

/** A paper as every page but its own knows it. */
export interface ViewPaper {
  id: string;
  /** Changes with any byte of the entry file. */
  entryHash: string;
  /** Its citation key before it is made unique (src/lib/cite/keys.ts: `citeBase`). */
  citeBase: string;
  data: PaperFrontmatter;
}

export interface ViewDay<P extends ViewPaper = ViewPaper> {
  date: string;
  papers: P[];
}

/** The archive as paper pages see it. */
export interface ViewArchive<P extends ViewPaper = ViewPaper> {
  papers: ReadonlyMap<string, P>;
  /** Days, newest first. */
  days: readonly ViewDay<P>[];
  dayByDate: ReadonlyMap<string, ViewDay<P>>;
  topics: ReadonlyMap<string, { id: string; data: { name: string } }>;
  /** Every paper, newest first (first day, then digest order). */
  newest: readonly P[];
}

/** A paper as a link: enough for a title with its date. */
export interface PaperLink {
  slug: string;
  title: string;
  firstSeen: string;
}

export interface TopicLink {
  slug: string;
  name: string;
}

export interface PaperView {
  /** Site path of the page's social card: its own while the paper is new, then its topic's. */
  card: string;
  topics: TopicLink[];
  related: PaperLink[];
  previous: PaperLink | undefined;
  next: PaperLink | undefined;
}

/** The day a paper first trended. */
export function firstSeen(paper: Pick<ViewPaper, 'data'>): string {
  return paper.data.days[0] as string;
}

/**
 * The days of `records` (each listing slugs, in digest order) with their papers, newest first,
 * by date, and every paper newest first; `file` names a day's file in the message when it lists
 * a paper that has no entry.
 */
export function indexDays<P extends ViewPaper, R extends { date: string; papers: readonly string[] }>(
  papers: ReadonlyMap<string, P>,
  records: readonly R[],
  file: (date: string) => string,
): { days: (Omit<R, 'papers'> & { papers: P[] })[]; dayByDate: Map<string, Omit<R, 'papers'> & { papers: P[] }>; newest: P[] } {
  type Day = Omit<R, 'papers'> & { papers: P[] };
  const days = records
    .map((record): Day => ({
      ...record,
      papers: record.papers.map((slug) => {
        const paper = papers.get(slug);
        if (!paper) throw new Error(`${file(record.date)} lists "${slug}", which has no entry in content/papers: run npm run ingest`);
        return paper;
      }),
    }))
    .sort((a, b) => b.date.localeCompare(a.date));
  const newest = days.flatMap((day) => day.papers.filter((paper) => firstSeen(paper) === day.date));
  return { days, dayByDate: new Map(days.map((day) => [day.date, day])), newest };
}

/** The papers before and after this one in the digest of its first day. */
export function neighbours<P extends ViewPaper>(archive: ViewArchive<P>, paper: P): { previous?: P | undefined; next?: P | undefined } {
  const day = archive.dayByDate.get(firstSeen(paper));
  if (!day) return {};
  const index = day.papers.indexOf(paper);
  return { previous: day.papers[index - 1], next: day.papers[index + 1] };
}

const links = new WeakMap<ViewPaper, PaperLink>();

/** A paper as a link; made once a paper (a page links to ~7 others, 100,000s of pages share them). */
function asLink(paper: ViewPaper): PaperLink {
  let link = links.get(paper);
  if (!link) links.set(paper, (link = { slug: paper.id, title: plainTitle(paper.data.title), firstSeen: firstSeen(paper) }));
  return link;
}

const defined = <T>(value: T | undefined): value is T => value !== undefined;

/** A paper page: its card, its topics by name, related papers, and its neighbours in the digest of its first day. */
export function paperView(archive: ViewArchive, paper: ViewPaper, cardWindowDays: number): PaperView {
  const { previous, next } = neighbours(archive, paper);
  return {
    card: paperCardPath(archive, paper, cardWindowDays),
    topics: paper.data.topics
      .map((slug) => archive.topics.get(slug))
      .filter(defined)
      .map((topic) => ({ slug: topic.id, name: topic.data.name })),
    related: paper.data.related.map((slug) => archive.papers.get(slug)).filter(defined).map(asLink),
    previous: previous && asLink(previous),
    next: next && asLink(next),
  };
}

const digestIndexes = new WeakMap<ViewArchive, { index: Map<string, number>; newest: string | undefined }>();

/** Each digest day's place, oldest first, and the newest day. */
export function digestIndex(archive: ViewArchive): { index: Map<string, number>; newest: string | undefined } {
  let cached = digestIndexes.get(archive);
  if (!cached) {
    const oldestFirst = [...archive.days].reverse();
    cached = { index: new Map(oldestFirst.map((d, i) => [d.date, i])), newest: archive.days[0]?.date };
    digestIndexes.set(archive, cached);
  }
  return cached;
}

/** A paper's momentum across the archive's digests (days, first and last, a run still going). */
export function paperMomentum(archive: ViewArchive, paper: ViewPaper): Momentum {
  const { index, newest } = digestIndex(archive);
  return momentum(paper.data.days, index, newest);
}

/**
 * Every paper's citation key, unique across the archive and stable: papers claim keys in the order
 * their slugs were handed out (`slugOrder`, content/slugs.tsv), those it does not list oldest first after.
 */
export function citeKeysOf(archive: ViewArchive, slugOrder: readonly string[]): Map<string, string> {
  const order: ViewPaper[] = [];
  const seen = new Set<string>();
  for (const slug of slugOrder) {
    const paper = archive.papers.get(slug);
    if (paper && !seen.has(slug)) order.push(paper), seen.add(slug);
  }
  for (const paper of [...archive.newest].reverse()) if (!seen.has(paper.id)) order.push(paper);
  return assignKeys(order.map((p) => ({ id: p.id, base: p.citeBase })));
}

/** Astro's `cacheKey` for a page showing `parts`: equal parts, equal page. */
export function viewKey(...parts: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(parts)).digest('hex');
}

const linkKeys = new WeakMap<PaperLink, string>();

/** A link as a short key, made once a paper: 100,000s of page keys name the same links, and their titles made most of the bytes hashed. */
function linkKey(link: PaperLink | undefined): string | undefined {
  if (!link) return undefined;
  let key = linkKeys.get(link);
  if (!key) linkKeys.set(link, (key = viewKey(link)));
  return key;
}

/** A paper page's key: its entry, its view, its momentum and its citation key (unique among the papers: it depends on them). */
export function paperPageKey(archive: ViewArchive, paper: ViewPaper, citeKey: string | undefined, cardWindowDays: number): string {
  const { card, topics, related, previous, next } = paperView(archive, paper, cardWindowDays);
  return viewKey(paper.entryHash, card, topics, related.map(linkKey), linkKey(previous), linkKey(next), paperMomentum(archive, paper), citeKey);
}
