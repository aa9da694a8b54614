/**
 * Everything the feeds share: which papers a feed carries, how a paper or a day
 * becomes an RSS item, and how the XML is made safe and valid (W3C Feed
 * Validation Service rules: atom:link rel="self", absolute URLs, RFC 822 dates,
 * dc:creator per author, no XML-invalid characters). The routes stay thin:
 * `src/pages/rss.xml.ts`, `src/pages/days/rss.xml.ts`, `src/pages/topics/[topic]/rss.xml.ts`,
 * and the feed list (`src/pages/feeds.astro`, `src/pages/feeds.opml.ts`).
 */
import { getRssString } from '@astrojs/rss';
import type { Root, RootContent } from 'mdast';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { SITE } from '../config.ts';
import type { Archive, Day, Paper, Topic } from '../data/archive.ts';
import { firstSeen } from '../data/archive.ts';
import { paths } from '../lib/paths.ts';
import { formatDay, plural } from './format.ts';
import { absoluteUrl } from './url.ts';

/** A paper feed carries the papers of the last this many days (calendar days, up to the newest digest)… */
export const FEED_WINDOW_DAYS = 7;
/** …or at least this many papers, whichever is more. */
export const FEED_MIN_ITEMS = 100;
/** The days feed carries the newest this many digests. */
export const DAYS_FEED_LENGTH = 14;

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  dc: 'http://purl.org/dc/elements/1.1/',
};

/** A feed of the site, as listed on `/feeds/` and in `/feeds.opml`. */
export interface FeedInfo {
  /** Stable key: `site`, `days`, or `topic:<slug>`. */
  id: string;
  /** Short name: `Newest papers`, a topic's name. */
  name: string;
  /** The channel title: the site's name and the short name. */
  title: string;
  description: string;
  /** Site path of the feed (without base). */
  path: string;
  /** Site path of the page the feed follows (without base). */
  pagePath: string;
}

/** The site's feeds: the newest papers, the daily digests, then one per topic (taxonomy order). */
export function listFeeds(archive: Archive): FeedInfo[] {
  return [
    {
      id: 'site',
      name: 'Newest papers',
      title: `${SITE.name}: newest papers`,
      description: `Every new paper, newest first: the last ${FEED_WINDOW_DAYS} days or at least ${FEED_MIN_ITEMS} papers.`,
      path: paths.siteFeed(),
      pagePath: paths.home(),
    },
    {
      id: 'days',
      name: 'Daily digests',
      title: `${SITE.name}: daily digests`,
      description: `One item a day, listing that day’s trending papers (the newest ${DAYS_FEED_LENGTH} days).`,
      path: paths.daysFeed(),
      pagePath: paths.days(),
    },
    ...[...archive.topics.values()].map(topicFeed),
  ];
}

/** The feed of one topic. */
export function topicFeed(topic: Topic): FeedInfo {
  return {
    id: `topic:${topic.id}`,
    name: topic.data.name,
    title: `${SITE.name}: ${topic.data.name}`,
    description: topic.data.description,
    path: paths.topicFeed(topic.id),
    pagePath: paths.topic(topic.id),
  };
}

// ---------------------------------------------------------------------------
// Which papers a feed carries

/** `date` minus `days` calendar days, as `YYYY-MM-DD`. */
function minusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/**
 * The papers a feed carries, from a list sorted newest first (by first day): those
 * first seen in the last `FEED_WINDOW_DAYS` calendar days up to `newestDay`, or the
 * newest `FEED_MIN_ITEMS`, whichever is more. Linear in the feed's length only.
 */
export function recentPapers(papers: readonly Paper[], newestDay: string | undefined): Paper[] {
  if (newestDay === undefined) return [];
  const since = minusDays(newestDay, FEED_WINDOW_DAYS - 1);
  let inWindow = 0;
  while (inWindow < papers.length && firstSeen(papers[inWindow] as Paper) >= since) inWindow++;
  return papers.slice(0, Math.max(inWindow, Math.min(FEED_MIN_ITEMS, papers.length)));
}

// ---------------------------------------------------------------------------
// Text

// XML 1.0 allows tab, LF, CR and U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF; with the `u`
// flag, lone surrogates are single code points and fall outside the allowed ranges.
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// C1 controls and DEL are legal XML but never meant in a title or an abstract.
const CONTROLS = /[\u007F-\u009F]/g;

/** Text safe to put in XML: no character XML 1.0 forbids, no control characters. */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '').replace(CONTROLS, '');
}

/** Text on one line: for titles, names and attributes. */
export function oneLine(text: string): string {
  return xmlSafe(text).replace(/\s+/g, ' ').trim();
}

/** Escapes text for XML or HTML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const markdown = unified().use(remarkParse).use(remarkMath);

function inlineText(node: RootContent): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'html':
      return node.value;
    case 'inlineMath':
      return `$${node.value}$`;
    case 'math':
      return `$$${node.value}$$`;
    case 'break':
      return '\n';
    case 'image':
      return node.alt ?? '';
    default:
      return 'children' in node ? (node.children as RootContent[]).map(inlineText).join('') : '';
  }
}

function blocks(node: Root | RootContent, out: string[]): string[] {
  if (node.type === 'root' || node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem') {
    for (const child of node.children) blocks(child, out);
  } else {
    const text = inlineText(node as RootContent).replace(/\s+/g, ' ').trim();
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
export function abstractParagraphs(paper: Paper): string[] {
  const key = `${paper.id}\n${paper.digest ?? ''}`;
  let paragraphs = plainTextCache.get(key);
  if (!paragraphs) {
    paragraphs = blocks(markdown.parse(paper.body ?? ''), []).map(xmlSafe);
    plainTextCache.set(key, paragraphs);
  }
  return paragraphs;
}

// ---------------------------------------------------------------------------
// Items

/** Longest abstract a feed item carries whole; real abstracts are far shorter (issue 7). */
export const FEED_ABSTRACT_MAX_CHARS = 5_000;

/**
 * The abstract's paragraphs, cut at a word boundary with `…` past FEED_ABSTRACT_MAX_CHARS, so a
 * pasted-in abstract of hundreds of KB keeps every feed small (the paper page has it whole).
 */
export function feedAbstract(paragraphs: readonly string[]): string[] {
  const kept: string[] = [];
  let room = FEED_ABSTRACT_MAX_CHARS;
  for (const paragraph of paragraphs) {
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
  /** One dc:creator each. */
  authors: string[];
}

/** A paper as an item: its first day, its abstract, its topics and authors. */
export function paperItem(archive: Archive, paper: Paper, site: URL | undefined): FeedItem {
  return {
    title: oneLine(paper.data.title),
    link: absoluteUrl(paths.paper(paper.id), site),
    date: firstSeen(paper),
    // The abstract is plain text: escaped as HTML, one <p> per paragraph, so that a reader
    // shows `<script>` or `a < b` in an abstract as the characters they are.
    description: feedAbstract(abstractParagraphs(paper))
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
  const fresh = day.papers.filter((p) => firstSeen(p) === day.date).length;
  const list = day.papers
    .map((p) => {
      const title = escapeXml(oneLine(p.data.title));
      const again = firstSeen(p) === day.date ? '' : ' <small>(seen before)</small>';
      return `<li><a href="${escapeXml(absoluteUrl(paths.paper(p.id), site))}">${title}</a>${again}</li>`;
    })
    .join('');
  return {
    title: `${formatDay(day.date)}: ${plural(day.papers.length, 'trending paper')}`,
    link: absoluteUrl(paths.day(day.date), site),
    date: day.date,
    description: `<p>${plural(day.papers.length, 'paper')} trended on ${formatDay(day.date)}, ${fresh} of them new.</p><ol>${list}</ol>`,
    categories: [],
    authors: [],
  };
}

// ---------------------------------------------------------------------------
// The document

export interface FeedOptions {
  /** The feed's own site path (without base), for atom:link rel="self". */
  path: string;
  title: string;
  description: string;
  /** Site path of the page the feed follows. */
  pagePath: string;
  items: FeedItem[];
  site: URL | undefined;
}

/**
 * Inserts the authors of each item as `dc:creator` elements. Done on the serialised
 * string, because @astrojs/rss re-parses `customData` and would turn a name like
 * `007` into the number 7. Escaped content never holds a literal `</item>`, so the
 * n-th one closes the n-th item.
 */
function addCreators(xml: string, items: readonly FeedItem[]): string {
  let index = 0;
  return xml.replace(/<\/item>/g, (end) => {
    const authors = items[index++]?.authors ?? [];
    return `${authors.map((a) => `<dc:creator>${escapeXml(a)}</dc:creator>`).join('')}${end}`;
  });
}

/**
 * `&`, `<` and `>` as hexadecimal character references, as the RSS Best Practices
 * Profile asks (the form the most readers decode alike); the XML means the same.
 */
function characterReferences(xml: string): string {
  return xml.replace(/&(amp|lt|gt);/g, (_, name: string) => (name === 'amp' ? '&#x26;' : name === 'lt' ? '&#x3C;' : '&#x3E;'));
}

/** The RSS 2.0 document of a feed. */
export async function feedXml(options: FeedOptions): Promise<string> {
  const { site, items } = options;
  const self = absoluteUrl(options.path, site);
  const newest = items.reduce<string | undefined>((max, item) => (max === undefined || item.date > max ? item.date : max), undefined);
  const channelExtras = [
    `<language>${SITE.locale}</language>`,
    `<atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`,
    // The newest item's day, not the build time: rebuilding the same archive changes no byte.
    newest ? `<lastBuildDate>${rfc822(newest)}</lastBuildDate>` : '',
    `<docs>https://www.rssboard.org/rss-specification</docs>`,
  ].join('');
  const xml = await getRssString({
    title: oneLine(options.title),
    description: oneLine(options.description) || SITE.description,
    site: absoluteUrl(options.pagePath, site),
    xmlns: NS,
    customData: channelExtras,
    items: items.map((item) => ({
      title: item.title,
      link: item.link,
      pubDate: utcMidnight(item.date),
      ...(item.description ? { description: item.description } : {}),
      ...(item.categories.length ? { categories: item.categories } : {}),
    })),
  });
  return characterReferences(addCreators(xml, items));
}

/** A feed as an endpoint response. */
export async function feedResponse(options: FeedOptions): Promise<Response> {
  return new Response(await feedXml(options), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
}

function utcMidnight(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** `2026-11-24` → `Tue, 24 Nov 2026 00:00:00 GMT` (RFC 822). */
export function rfc822(date: string): string {
  return utcMidnight(date).toUTCString();
}

// ---------------------------------------------------------------------------
// OPML

/**
 * OPML 2.0 listing every topic feed, so a reader subscribes to all topics in one
 * step. While the taxonomy is empty it lists the site feed instead (OPML needs at
 * least one outline).
 */
export function opmlXml(archive: Archive, site: URL | undefined): string {
  const feeds = listFeeds(archive);
  const topics = feeds.filter((f) => f.id.startsWith('topic:'));
  const listed = topics.length > 0 ? topics : feeds.filter((f) => f.id === 'site');
  const attr = (text: string) => escapeXml(oneLine(text));
  const outlines = listed.map(
    (feed) =>
      `      <outline type="rss" version="RSS2" text="${attr(feed.name)}" title="${attr(feed.title)}"` +
      ` description="${attr(feed.description)}" xmlUrl="${attr(absoluteUrl(feed.path, site))}" htmlUrl="${attr(absoluteUrl(feed.pagePath, site))}"/>`,
  );
  const newest = archive.days[0]?.date;
  const head = [`    <title>${attr(`${SITE.name}: ${topics.length > 0 ? 'every topic' : 'newest papers'}`)}</title>`];
  if (newest) head.push(`    <dateCreated>${rfc822(newest)}</dateCreated>`);
  head.push('    <docs>http://opml.org/spec2.opml</docs>');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    ...head,
    '  </head>',
    '  <body>',
    `    <outline text="${attr(topics.length > 0 ? `${SITE.name} topics` : SITE.name)}">`,
    ...outlines,
    '    </outline>',
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
