/** How a paper or a day becomes a feed item: its text made plain and safe for XML. */
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Archive, Day, Paper } from '../data/archive.ts';
import { firstSeen, isNewOn, newPapers, paperBody } from '../data/archive.ts';
import { absoluteUrl, paths } from '../lib/paths.ts';
import { escapeXml, oneLine, xmlSafe } from '../lib/text/xml.ts';
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

const markdown = unified().use(remarkParse).use(remarkMath);

/** Blocks whose children are blocks: flattened, so each paragraph, heading or code block is one paragraph of text. */
const CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem']);

/** TeX stays readable in plain text as `$…$`, and a hard line break is a space, not nothing. */
function asPlainText(node: Root | RootContent): Root | RootContent {
  if (node.type === 'inlineMath') return { type: 'text', value: `$${node.value}$` };
  if (node.type === 'math') return { type: 'text', value: `$$${node.value}$$` };
  if (node.type === 'break') return { type: 'text', value: '\n' };
  if ('children' in node) return { ...node, children: node.children.map(asPlainText) } as Root | RootContent;
  return node;
}

function paragraphs(node: Root | RootContent, out: string[]): string[] {
  if (CONTAINERS.has(node.type) && 'children' in node) {
    for (const child of node.children) paragraphs(child, out);
  } else {
    const text = toString(asPlainText(node)).replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}

const plainTextCache = new Map<string, string[]>();

/**
 * A paper's abstract as plain-text paragraphs: its Markdown body parsed (so the
 * escapes the ingest step wrote come out as the characters they stand for) and
 * flattened, TeX kept readable as `$…$`, link text as written.
 */
export function abstractParagraphs(archive: Archive, paper: Paper): string[] {
  const key = `${paper.id}\n${paper.digest ?? ''}`;
  let text = plainTextCache.get(key);
  if (!text) {
    text = paragraphs(markdown.parse(paperBody(archive, paper)), []).map(xmlSafe);
    plainTextCache.set(key, text);
  }
  return text;
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
