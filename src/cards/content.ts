/**
 * What each social card shows, and which papers get one: those first seen within
 * `SITE.cardWindowDays` of the archive's newest day. An older paper's page shows its first
 * topic's card (or, without a topic, its first day's); day and topic cards exist for all.
 */
import { SITE } from '../config.ts';
import type { Archive, Day, Paper, Topic } from '../data/archive.ts';
import { newPapers } from '../data/archive.ts';
import { paths } from '../lib/paths.ts';
import { byline, formatDay, formatWeekday, plural, trendedLine } from '../utils/format.ts';

/** What a card shows; all of it is part of the card's cache key. */
export interface CardContent {
  /** Short line above the title (a date, "Topic"). */
  eyebrow: string;
  /** Bold, wrapped, cut with an ellipsis when long; TeX is shown plainly. */
  title: string;
  /** Shown when nothing of the title is left (a title of TeX markup only). */
  fallbackTitle?: string;
  /** Muted text under the title; alternatives longest first: the first that fits whole is shown. */
  subtitle?: string | string[];
  subtitleLines?: number;
  /** One-line items (a day's first papers). */
  list?: string[];
  /** Topic names, on one line. */
  tags?: string[];
  /** Muted text at the right of the foot (an arXiv id, a count). */
  footer?: string;
}

/** How many of a day's papers its card lists by title. */
export const DAY_CARD_TITLES = 3;

const DAY_MS = 86_400_000;

/** Whether a paper first seen on `first` has a card of its own: less than `SITE.cardWindowDays` days before the newest day. */
export function inCardWindow(first: string | undefined, newest: string | undefined): boolean {
  if (!newest || !first) return false;
  return (Date.parse(newest) - Date.parse(first)) / DAY_MS < SITE.cardWindowDays;
}

/** Whether the paper has a card of its own. */
export function hasOwnCard(archive: Archive, paper: Paper): boolean {
  return inCardWindow(paper.data.days[0], archive.days[0]?.date);
}

/** Site path (without base) of the paper page's og:image: its own card, else its first topic's, else its first day's. */
export function paperCardPath(archive: Archive, paper: Paper): string {
  if (hasOwnCard(archive, paper)) return paths.card('papers', paper.id);
  const topic = paper.data.topics.find((slug) => archive.topics.has(slug));
  if (topic) return paths.card('topics', topic);
  const first = paper.data.days[0];
  return paths.card('days', first && archive.dayByDate.has(first) ? first : (archive.days[0]?.date ?? ''));
}

export function paperCard(archive: Archive, paper: Paper): CardContent {
  const { days, authors, arxivId, title, topics } = paper.data;
  const shown = Math.min(authors.length, 8);
  return {
    eyebrow: trendedLine(days),
    title,
    fallbackTitle: arxivId ? `arXiv:${arxivId}` : `A paper on ${SITE.name}`,
    ...(shown > 0 ? { subtitle: Array.from({ length: shown }, (_, i) => byline(authors, shown - i)) } : {}),
    tags: topics.map((slug) => archive.topics.get(slug)?.data.name).filter((name) => name !== undefined),
    ...(arxivId ? { footer: `arXiv:${arxivId}` } : {}),
  };
}

export function dayCard(day: Day): CardContent {
  const fresh = newPapers(day).length;
  const rest = day.papers.length - DAY_CARD_TITLES;
  return {
    eyebrow: formatWeekday(day.date),
    // The date on one line.
    title: `Trending papers of ${formatDay(day.date).replaceAll(' ', '\u00a0')}`,
    subtitle: `${plural(day.papers.length, 'paper')}, ${fresh} new`,
    list: day.papers.slice(0, DAY_CARD_TITLES).map((p) => p.data.title),
    ...(rest > 0 ? { footer: `and ${plural(rest, 'more paper')}` } : {}),
  };
}

export function topicCard(archive: Archive, topic: Topic): CardContent {
  return {
    eyebrow: 'Topic',
    title: topic.data.name,
    subtitle: topic.data.description,
    subtitleLines: 3,
    footer: plural(archive.papersByTopic.get(topic.id)?.length ?? 0, 'paper'),
  };
}
