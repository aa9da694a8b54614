/** What each social card shows (which papers get one: src/lib/card-window.ts). */
import { SITE } from '../config.ts';
import type { Archive, Day, Paper, Topic } from '../data/archive.ts';
import { newPapers } from '../data/archive.ts';
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
