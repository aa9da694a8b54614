/** How a paper or a day becomes a feed item: its text made plain and safe for XML. */
import type { Archive, Day, Paper } from '../data/archive.ts';
import { abstractParagraphs, firstSeen, isNewOn, newPapers } from '../data/archive.ts';
import { absoluteUrl, paths } from '../lib/paths.ts';
import { escapeXml, oneLine } from '../lib/text/xml.ts';
import type { PeriodView } from '../data/periods.ts';
import { formatDay, formatPeriod, plural } from '../utils/format.ts';
import { periodFeedHtml } from '../utils/period-digest.ts';
import { plainTitle } from '../lib/text/tex.ts';

/** An RSS item before it is serialised. */
export interface FeedItem {
  title: string;
  /** Absolute URL: the link and the permalink guid. */
  link: string;
  /** `YYYY-MM-DD`, published as midnight UTC. */
  date: string;
  /** HTML, escaped once more by the XML serialiser. */
  description: string;
  categories: string[];
  /** Every author, in order (one dc:creator names them all). */
  authors: string[];
}

/** Longest abstract a feed item carries whole; real abstracts are far shorter (issue 7). */
export const FEED_ABSTRACT_MAX_CHARS = 5_000;

/**
 * The abstract's paragraphs, cut at a word boundary with `…` past FEED_ABSTRACT_MAX_CHARS, so a
 * pasted-in abstract of hundreds of KB keeps every feed small (the paper page has it whole).
 */
export function feedAbstract(text: readonly string[]): string[] {
  const kept: string[] = [];
  let room = FEED_ABSTRACT_MAX_CHARS;
  for (const paragraph of text) {
    if (paragraph.length <= room) {
      kept.push(paragraph);
      room -= paragraph.length;
      continue;
    }
    const cut = paragraph.slice(0, room);
    const space = cut.lastIndexOf(' ');
    kept.push(`${(space > room / 2 ? cut.slice(0, space) : cut).trimEnd()}…`);
    break;
  }
  return kept;
}

/** A paper as an item: its first day, its abstract, its topics and authors. */
export function paperItem(archive: Archive, paper: Paper, site: URL | undefined): FeedItem {
  return {
    title: oneLine(plainTitle(paper.data.title)),
    link: absoluteUrl(paths.paper(paper.id), site),
    date: firstSeen(paper),
    // The abstract is plain text: escaped as HTML, one <p> per paragraph, so that a reader
    // shows `<script>` or `a < b` in an abstract as the characters they are.
    description: feedAbstract(abstractParagraphs(archive, paper))
      .map((p) => `<p>${escapeXml(p)}</p>`)
      .join(''),
    categories: paper.data.topics.flatMap((slug) => {
      const topic = archive.topics.get(slug);
      return topic ? [oneLine(topic.data.name)] : [];
    }),
    authors: paper.data.authors.map(oneLine).filter(Boolean),
  };
}

/** A day's digest as an item: a list of its papers, titles linked to their pages. */
export function dayItem(day: Day, site: URL | undefined): FeedItem {
  const list = day.papers
    .map((p) => {
      const title = escapeXml(oneLine(plainTitle(p.data.title)));
      const again = isNewOn(p, day.date) ? '' : ' <small>(seen before)</small>';
      return `<li><a href="${escapeXml(absoluteUrl(paths.paper(p.id), site))}">${title}</a>${again}</li>`;
    })
    .join('');
  return {
    title: `${formatDay(day.date)}: ${plural(day.papers.length, 'trending paper')}`,
    link: absoluteUrl(paths.day(day.date), site),
    date: day.date,
    description: `<p>${plural(day.papers.length, 'paper')} trended on ${formatDay(day.date)}, ${newPapers(day).length} of them new.</p><ol>${list}</ol>`,
    categories: [],
    authors: [],
  };
}

/** A week's digest as an item (src/utils/period-digest.ts), dated its last digest day. */
export function weekItem(view: PeriodView, site: URL | undefined): FeedItem {
  return {
    title: `${formatPeriod('week', view.id)}: ${plural(view.total, 'trending paper')}`,
    link: absoluteUrl(paths.week(view.id), site),
    date: view.days[view.days.length - 1]?.date ?? view.range[1],
    description: periodFeedHtml(view, site),
    categories: [],
    authors: [],
  };
}
