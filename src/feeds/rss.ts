/**
 * Feed documents: RSS 2.0 and OPML 2.0, serialised by fast-xml-builder (fast-xml-parser's builder), to the W3C Feed
 * Validation Service's rules (atom:link rel="self", absolute URLs, RFC 822 dates, one dc:creator
 * naming every author). Not through @astrojs/rss: it re-parses per-item extra XML, which turns an author named
 * `007` into the number 7, and writes `&amp;` where the RSS Best Practices Profile asks for `&#x26;`.
 */
import XMLBuilder from 'fast-xml-builder';
import { SITE } from '../config.ts';
import type { Archive } from '../data/archive.ts';
import { escapeXml, oneLine } from '../lib/text/xml.ts';
import { absoluteUrl } from '../lib/paths.ts';
import type { FeedInfo } from '../lib/feed-info.ts';
import { listFeeds } from './site-feeds.ts';
import type { FeedItem } from './items.ts';
import { byline } from '../utils/format.ts';

// `&`, `<` and `>` as hexadecimal character references, as the RSS Best Practices Profile asks
// (the form the most readers decode alike).
const escape = (_name: string, value: unknown) => escapeXml(String(value), 'numeric');
const OPTIONS = {
  ignoreAttributes: false,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: false,
  tagValueProcessor: escape,
  attributeValueProcessor: escape,
} as const;
const builder = new XMLBuilder(OPTIONS);
const prettyBuilder = new XMLBuilder({ ...OPTIONS, format: true, indentBy: '  ' });

const XML_DECLARATION = { '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' } };

/** `2026-11-24` → `Tue, 24 Nov 2026 00:00:00 GMT` (RFC 822). */
export function rfc822(date: string): string {
  return new Date(`${date}T00:00:00Z`).toUTCString();
}

/** The RSS 2.0 document of a feed and its items. */
export function rssXml(feed: FeedInfo, items: readonly FeedItem[], site: URL | undefined): string {
  // The newest item's day, not the build time: rebuilding the same archive changes no byte.
  const newest = items.reduce<string | undefined>((max, item) => (max === undefined || item.date > max ? item.date : max), undefined);
  return builder.build({
    ...XML_DECLARATION,
    rss: {
      '@_version': '2.0',
      '@_xmlns:atom': 'http://www.w3.org/2005/Atom',
      '@_xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      channel: {
        title: oneLine(feed.title),
        description: oneLine(feed.description) || SITE.description,
        link: absoluteUrl(feed.pagePath, site),
        language: SITE.locale,
        'atom:link': { '@_href': absoluteUrl(feed.path, site), '@_rel': 'self', '@_type': 'application/rss+xml' },
        ...(newest ? { lastBuildDate: rfc822(newest) } : {}),
        docs: 'https://www.rssboard.org/rss-specification',
        item: items.map((item) => ({
          title: item.title,
          link: item.link,
          guid: { '#text': item.link, '@_isPermaLink': 'true' },
          ...(item.description ? { description: item.description } : {}),
          pubDate: rfc822(item.date),
          ...(item.categories.length ? { category: item.categories } : {}),
          // One dc:creator naming every author: readers show one creator (feedparser's `author` is the last of several).
          ...(item.authors.length ? { 'dc:creator': byline(item.authors, Infinity) } : {}),
        })),
      },
    },
  }) as string;
}

/** A feed as an endpoint response. */
export function rssResponse(feed: FeedInfo, items: readonly FeedItem[], site: URL | undefined): Response {
  return new Response(rssXml(feed, items, site), { headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' } });
}

/**
 * OPML 2.0 listing every topic feed, so a reader subscribes to all topics in one
 * step. While the taxonomy is empty it lists the site feed instead (OPML needs at
 * least one outline).
 */
export function opmlXml(archive: Archive, site: URL | undefined): string {
  const feeds = listFeeds(archive);
  const topics = feeds.filter((f) => f.id.startsWith('topic:'));
  const listed = topics.length > 0 ? topics : feeds.filter((f) => f.id === 'site');
  const newest = archive.days[0]?.date;
  return prettyBuilder.build({
    ...XML_DECLARATION,
    opml: {
      '@_version': '2.0',
      head: {
        title: oneLine(`${SITE.name}: ${topics.length > 0 ? 'every topic' : 'newest papers'}`),
        ...(newest ? { dateCreated: rfc822(newest) } : {}),
        docs: 'http://opml.org/spec2.opml',
      },
      body: {
        outline: {
          '@_text': oneLine(topics.length > 0 ? `${SITE.name} topics` : SITE.name),
          outline: listed.map((feed) => ({
            '@_type': 'rss',
            '@_version': 'RSS2',
            '@_text': oneLine(feed.name),
            '@_title': oneLine(feed.title),
            '@_description': oneLine(feed.description),
            '@_xmlUrl': absoluteUrl(feed.path, site),
            '@_htmlUrl': absoluteUrl(feed.pagePath, site),
          })),
        },
      },
    },
  }) as string;
}
