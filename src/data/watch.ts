/**
 * The data behind /watch/: the papers first seen in the newest `WATCH_DAYS` digest days, in one
 * static file (`/watch/recent.json`). Its size depends on how many papers those days have, never
 * on how old the archive is.
 */
import type { Archive } from './archive.ts';
import { firstSeen } from './archive.ts';

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

export function recentPapers(archive: Archive, days = WATCH_DAYS): RecentFile {
  const window = archive.days.slice(0, days).map((d) => d.date);
  const oldest = window[window.length - 1] ?? '';
  const papers: RecentPaper[] = [];
  const topics: Record<string, string> = {};
  for (const paper of archive.newest) {
    const first = firstSeen(paper);
    if (first < oldest) break;
    const { title, authors, topics: slugs, github } = paper.data;
    for (const slug of slugs) topics[slug] ??= archive.topics.get(slug)?.data.name ?? slug;
    papers.push({ s: paper.id, t: title, a: authors.slice(0, WATCH_AUTHORS), k: slugs, c: github ? 1 : 0, d: first });
  }
  return { days: window, topics, papers };
}
