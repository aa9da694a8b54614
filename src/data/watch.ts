/**
 * The data behind /watch/: the papers first seen in the newest `WATCH_DAYS` digest days, in one
 * static file (`/watch/recent.json`). Its size depends on how many papers those days have, never
 * on how old the archive is.
 */
import { readableText } from '../lib/text/tex.ts';
import type { Archive, Paper } from './archive.ts';
import { abstractParagraphs, firstSeen } from './archive.ts';
import { plainTitle } from '../lib/text/tex.ts';

/** Digest days a watch looks back over. */
export const WATCH_DAYS = 30;
/** Authors kept per paper: enough to match a name, bounded however long the list. */
export const WATCH_AUTHORS = 30;

/** One paper of the file: slug, title, authors, topics, has code (1/0), first day. */
export interface RecentPaper {
  s: string;
  t: string;
  a: string[];
  k: string[];
  c: 0 | 1;
  d: string;
}

export interface RecentFile {
  /** The days covered, newest first. */
  days: string[];
  /** Topic names by slug, for the topics the papers have. */
  topics: Record<string, string>;
  /** Newest first (first day, then digest order). */
  papers: RecentPaper[];
}

/** The papers first seen in the newest `days` digest days, newest first. */
function* recent(archive: Archive, days: number): Generator<Paper> {
  const oldest = archive.days[Math.min(days, archive.days.length) - 1]?.date ?? '';
  for (const paper of archive.newest) {
    if (firstSeen(paper) < oldest) return;
    yield paper;
  }
}

/**
 * `/watch/abstracts.json`: the same papers' abstracts as plain text, by slug, for watches of words.
 * A file of its own (~1 KB a paper, four times the rest): only a reader with such a watch loads it.
 */
export function recentAbstracts(archive: Archive, days = WATCH_DAYS): Record<string, string> {
  const abstracts: Record<string, string> = {};
  for (const paper of recent(archive, days)) abstracts[paper.id] = readableText(abstractParagraphs(archive, paper).join(' '), 'plain');
  return abstracts;
}

export function recentPapers(archive: Archive, days = WATCH_DAYS): RecentFile {
  const window = archive.days.slice(0, days).map((d) => d.date);
  const papers: RecentPaper[] = [];
  const topics: Record<string, string> = {};
  for (const paper of recent(archive, days)) {
    const first = firstSeen(paper);
    const { title, authors, topics: slugs, github } = paper.data;
    for (const slug of slugs) topics[slug] ??= archive.topics.get(slug)?.data.name ?? slug;
    papers.push({ s: paper.id, t: plainTitle(title), a: authors.slice(0, WATCH_AUTHORS), k: slugs, c: github ? 1 : 0, d: first });
  }
  return { days: window, topics, papers };
}
