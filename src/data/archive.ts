/**
 * The one query module: every page asks it for papers, days and topics, so sorting,
 * grouping and lookups live here once. Collections are read once per build.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CollectionEntry } from 'astro:content';
import { siteFingerprint } from '../catalog/page-keys.ts';
import { currentPaperRecords, recordsOfEntries } from '../catalog/paper-index.ts';
import { CONTENT_DIR } from '../content-root.ts';
import { entryBody } from '../lib/archive/entries.ts';
import type { PaperRecord } from '../lib/archive/paper-record.ts';
import type { MonthCount } from '../lib/charts/timeline.ts';
import { countByMonth } from '../lib/charts/timeline.ts';
import { plainParagraphs } from '../lib/markdown/plain-text.ts';
import { firstSeen, indexDays } from '../lib/archive/paper-view.ts';

export { firstSeen, neighbours } from '../lib/archive/paper-view.ts';

/** A paper as every page but its own knows it: its record in the paper index (src/lib/archive/paper-record.ts). */
export type Paper = PaperRecord;
/** A paper whose page this build may render: its whole content-collection entry. */
export type PaperEntry = CollectionEntry<'papers'>;
export type Topic = CollectionEntry<'topics'>;

export interface Day {
  date: string;
  source: string;
  papers: Paper[];
  /** The upvotes the digest gave each paper (same order), when it gave any (Hugging Face days). */
  upvotes?: (number | null)[] | undefined;
}

export interface Archive {
  /** Papers by slug: every paper of the archive. */
  papers: Map<string, Paper>;
  /** The papers whose pages this build may render, with their entries (src/catalog/loader.ts: those whose page key changed); the others' pages are kept. */
  entries: Map<string, PaperEntry>;
  /** Days, newest first. */
  days: Day[];
  /** Days by date. */
  dayByDate: Map<string, Day>;
  /** Topics by slug, in display order (name), catch-alls last. */
  topics: Map<string, Topic>;
  /** Papers of each topic, newest first. */
  papersByTopic: Map<string, Paper[]>;
  /** Every paper, newest first (first day, then digest order). */
  newest: Paper[];
  /** Changes when any topic's name or text does: part of every page's cache key that shows topic names. */
  taxonomyHash: string;
  /** What every page depends on beyond the content (code, dependencies, topics, address), part of every page's key (src/catalog/page-keys.ts); '' in the dev server. */
  fingerprint: string;
}

let loading: Promise<Archive> | undefined;

/** The archive, indexed once per build. */
export function loadArchive(): Promise<Archive> {
  loading ??= buildArchive();
  return loading;
}

async function buildArchive(): Promise<Archive> {
  // Loaded here, not at the top: the helpers below also serve code that runs outside Astro (cards, tests).
  const { getCollection } = await import('astro:content');
  const [paperEntries, dayEntries, topicEntries] = await Promise.all([
    getCollection('papers'),
    getCollection('days'),
    getCollection('topics'),
  ]);
  const { root, site, base } = await import('astro:config/server');
  // As the papers loader knows them (src/catalog/loader.ts): from the paper index, else from every entry, then all loaded.
  const records = currentPaperRecords(CONTENT_DIR) ?? recordsOfEntries(join(CONTENT_DIR, 'papers'), paperEntries);
  const entries = new Map(paperEntries.map((p) => [p.id, p]));
  const papers = new Map<string, Paper>(
    records.map((record) => {
      // A paper loaded for its page reads the same in its entry (tests/unit/incremental-ingest.test.ts):
      // one copy of its data, not two (a build that loads every paper holds 100,000s).
      const entry = entries.get(record.id);
      if (entry) record.data = entry.data;
      return [record.id, record];
    }),
  );
  const { days, dayByDate, newest } = indexDays(
    papers,
    dayEntries.map((d) => ({ date: d.data.date, source: d.data.source, upvotes: d.data.upvotes, papers: d.data.papers })),
    (date) => `content/days/${date}.json`,
  );

  const topics = new Map(
    topicEntries
      .sort((a, b) => Number(a.data.catchAll) - Number(b.data.catchAll) || a.data.name.localeCompare(b.data.name))
      .map((t) => [t.id, t]),
  );
  const papersByTopic = new Map<string, Paper[]>([...topics.keys()].map((slug) => [slug, []]));
  for (const paper of newest) for (const topic of paper.data.topics) papersByTopic.get(topic)?.push(paper);

  const taxonomyHash = createHash('sha1')
    .update([...topics.values()].map((t) => `${t.id}:${t.digest}`).join('\n'))
    .digest('hex');
  const fingerprint = import.meta.env.DEV ? '' : siteFingerprint(fileURLToPath(root), CONTENT_DIR, site, base);
  return { papers, entries, days, dayByDate, topics, papersByTopic, newest, taxonomyHash, fingerprint };
}

/**
 * A paper's abstract, as Markdown: from its entry when this build loaded it, else from its file
 * (a feed or a list may show a paper whose page is kept).
 */
export function paperBody(archive: Archive, paper: Paper): string {
  const entry = archive.entries.get(paper.id);
  if (entry) return entry.body ?? '';
  return entryBody(readFileSync(`${CONTENT_DIR}/papers/${paper.id}.md`, 'utf8'));
}

const plainTextCache = new Map<string, string[]>();

/** A paper's abstract as plain-text paragraphs (src/lib/markdown/plain-text.ts), made once per build. */
export function abstractParagraphs(archive: Archive, paper: Paper): string[] {
  const key = `${paper.id}\n${paper.entryHash}`;
  let text = plainTextCache.get(key);
  if (!text) {
    text = plainParagraphs(paperBody(archive, paper));
    plainTextCache.set(key, text);
  }
  return text;
}

/** Whether the paper trended for the first time on this day. */
export function isNewOn(paper: Paper, date: string): boolean {
  return firstSeen(paper) === date;
}

/** The day's papers that trended for the first time, in digest order. */
export function newPapers(day: Day): Paper[] {
  return day.papers.filter((paper) => isNewOn(paper, day.date));
}

/** `listing` (src/lib/archive/listing.ts), as a hash made once in the entry's life (src/lib/archive/paper-record.ts). */
export const listedAs = (paper: Paper): string => paper.listingHash;

/** The day a paper last trended. */
export function lastSeen(paper: Paper): string {
  return paper.data.days[paper.data.days.length - 1] as string;
}

/** The days before (older) and after (newer) a day. */
export function adjacentDays(archive: Archive, date: string): { older?: Day | undefined; newer?: Day | undefined } {
  const index = archive.days.findIndex((d) => d.date === date);
  return { older: archive.days[index + 1], newer: archive.days[index - 1] };
}

/** Days grouped by year, then month (`YYYY-MM`), newest first, with paper counts. */
export function daysByMonth(archive: Archive): { year: string; months: { month: string; days: Day[]; papers: number }[] }[] {
  const years = new Map<string, Map<string, Day[]>>();
  for (const day of archive.days) {
    const year = day.date.slice(0, 4);
    const month = day.date.slice(0, 7);
    const months = years.get(year) ?? new Map<string, Day[]>();
    years.set(year, months);
    months.set(month, [...(months.get(month) ?? []), day]);
  }
  return [...years].map(([year, months]) => ({
    year,
    months: [...months].map(([month, days]) => ({ month, days, papers: days.reduce((n, d) => n + d.papers.length, 0) })),
  }));
}

/**
 * The months that have a digest, oldest first (`YYYY-MM`): a calendar view's bars. Months without
 * one are left out rather than drawn empty, so a chart grows with the days published, not with the
 * span between the oldest and newest (a gap of years would be hundreds of empty bars).
 */
export function archiveMonths(archive: Archive): string[] {
  return [...new Set(archive.days.map((day) => day.date.slice(0, 7)))].sort();
}

/** Papers of a topic per month of their first day, over the whole archive. */
export function topicTimeline(archive: Archive, topic: string): MonthCount[] {
  return countByMonth((archive.papersByTopic.get(topic) ?? []).map(firstSeen), archiveMonths(archive));
}

/** The topics most often filed with `topic`, with how many papers they share. */
export function relatedTopics(archive: Archive, topic: string, limit = 6): { topic: Topic; shared: number }[] {
  const shared = new Map<string, number>();
  for (const paper of archive.papersByTopic.get(topic) ?? []) {
    for (const other of paper.data.topics) if (other !== topic) shared.set(other, (shared.get(other) ?? 0) + 1);
  }
  return [...shared]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .flatMap(([slug, n]) => {
      const entry = archive.topics.get(slug);
      return entry ? [{ topic: entry, shared: n }] : [];
    });
}

/** Old topic slugs (renamed or merged topics) and the topic they lead to. */
export function topicAliases(archive: Archive): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const [slug, topic] of archive.topics) for (const alias of topic.data.aliases) if (!archive.topics.has(alias)) aliases.set(alias, slug);
  return aliases;
}
