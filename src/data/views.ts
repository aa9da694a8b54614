/**
 * What each kind of page shows beyond its own entry, as plain data, and the cache key made
 * from exactly that data. A route passes the view to its template as a prop, so what a page
 * renders and what decides whether it must be rendered again cannot drift apart.
 */
import { SITE } from '../config.ts';
import type { MonthCount } from '../lib/charts/timeline.ts';
import type { FeedInfo } from '../lib/feed-info.ts';
import { recentPapers, topicFeed } from '../lib/feed-info.ts';
import { paths } from '../lib/paths.ts';
import type { Archive, Day, Paper, Topic } from './archive.ts';
import type { TopicLink } from '../lib/archive/paper-view.ts';
import { viewKey } from '../lib/archive/paper-view.ts';
import { adjacentDays, listedAs, relatedTopics, topicAliases, topicTimeline } from './archive.ts';
import { pagesToRender } from './pages-to-render.ts';

/** A day page's cache key: its papers as lists show them, their upvotes, and which days it links to. */
export function dayKey(archive: Archive, day: Day): string {
  const { older, newer } = adjacentDays(archive, day.date);
  return viewKey(older?.date, newer?.date, archive.taxonomyHash, day.papers.map(listedAs), day.upvotes);
}

/** A topic's archive, oldest first, in pages of `pageSize`: page k holds papers (k-1)·size … k·size−1. */
export function topicArchivePages(archive: Archive, topic: string, pageSize: number): Paper[][] {
  const oldestFirst = [...(archive.papersByTopic.get(topic) ?? [])].reverse();
  const pages: Paper[][] = [];
  for (let i = 0; i < oldestFirst.length; i += pageSize) pages.push(oldestFirst.slice(i, i + pageSize));
  return pages;
}

export interface TopicArchiveView {
  topic: TopicLink;
  /** 1-based, counted from the oldest papers. */
  page: number;
  /** This page's papers, newest first. */
  papers: Paper[];
  hasNewer: boolean;
}

/**
 * One page of a topic's archive. It shows nothing about the rest of the topic (no totals, no
 * "page k of n"), so a new day changes only the topic's newest page: the others never change.
 */
export function topicArchiveView(archive: Archive, topic: TopicLink, pages: Paper[][], index: number): { view: TopicArchiveView; cacheKey: string } {
  const view = { topic, page: index + 1, papers: [...(pages[index] ?? [])].reverse(), hasNewer: index + 1 < pages.length };
  return { view, cacheKey: viewKey(archive.taxonomyHash, topic, view.page, view.hasNewer, view.papers.map(listedAs)) };
}

export interface TopicFrontView {
  /** The newest papers, newest first: whole archive pages, so the page before them repeats none. */
  papers: Paper[];
  total: number;
  timeline: MonthCount[];
  oftenWith: { topic: TopicLink; shared: number }[];
  /** How many archive pages the topic has, and the one that goes on where this page stops. */
  archivePages: number;
  olderPage: number | undefined;
}

/**
 * A topic's front page: its newest papers, totals, chart and neighbours; rendered again on every
 * day that changes them. It shows the newest archive page, and the one before too while the newest
 * holds fewer than half a page (so 25 to 74 papers at 50 a page): its "older" link leads to a page
 * that starts where it stops, never to papers just read.
 */
export function topicFrontView(archive: Archive, topic: string, pageSize: number, archivePages: number): { view: TopicFrontView; cacheKey: string } {
  const all = archive.papersByTopic.get(topic) ?? [];
  const onNewestPage = all.length - (archivePages - 1) * pageSize;
  const pagesShown = archivePages > 1 && onNewestPage < pageSize / 2 ? 2 : 1;
  const view: TopicFrontView = {
    papers: all.slice(0, onNewestPage + (pagesShown - 1) * pageSize),
    total: all.length,
    timeline: topicTimeline(archive, topic),
    oftenWith: relatedTopics(archive, topic).map(({ topic: other, shared }) => ({ topic: { slug: other.id, name: other.data.name }, shared })),
    archivePages,
    olderPage: archivePages > pagesShown ? archivePages - pagesShown : undefined,
  };
  const { papers, ...rest } = view;
  return { view, cacheKey: viewKey(archive.taxonomyHash, topic, rest, papers.map(listedAs)) };
}

/** `/topics/<slug>/`: the topic's front page; `/topics/<slug>/<k>/`: page k of its archive, counted from the oldest; old slugs redirect. */
export async function topicPages(archive: Archive) {
  const pageCounts = new Map<string, number>();
  const pages = [...archive.topics.values()].flatMap((topic) => {
    const archivePages = topicArchivePages(archive, topic.id, SITE.pageSize);
    pageCounts.set(topic.id, archivePages.length);
    const front = topicFrontView(archive, topic.id, SITE.pageSize, archivePages.length);
    const link = { slug: topic.id, name: topic.data.name };
    return [
      { params: { topic: topic.id, page: undefined }, props: { topicSlug: topic.id, front: front.view }, cacheKey: front.cacheKey },
      ...archivePages.map((_, i) => {
        const { view, cacheKey } = topicArchiveView(archive, link, archivePages, i);
        return { params: { topic: topic.id, page: String(i + 1) }, props: { topicSlug: topic.id, archivePage: view }, cacheKey };
      }),
    ];
  });
  // A renamed or merged topic's old URLs lead to the topic it became: its front page, and each
  // page of its archive (it had no more pages than the topic that took its papers in has). A
  // redirect shows its target alone: kept like any page (1,800 of them at 75,000 paper-days).
  const redirects = [...topicAliases(archive)].flatMap(([alias, target]) =>
    [undefined, ...Array.from({ length: pageCounts.get(target) ?? 0 }, (_, i) => String(i + 1))].map((page) => ({ params: { topic: alias, page }, props: { redirectTo: target }, cacheKey: viewKey('redirect', target) })),
  );
  const all = [...pages, ...redirects];
  const path = (page: (typeof all)[number]) => (page.params.page ? paths.topicPage(page.params.topic, Number(page.params.page)) : paths.topic(page.params.topic));
  return pagesToRender(archive, 'topics', all, path);
}

export interface TopicFeedView {
  feed: FeedInfo;
  papers: Paper[];
}

/** A topic's feed: its newest papers, each as an item made from its whole entry and the topic names. */
export function topicFeedView(archive: Archive, topic: Topic): { view: TopicFeedView; cacheKey: string } {
  const view = { feed: topicFeed(topic, SITE.name), papers: recentPapers(archive.papersByTopic.get(topic.id) ?? [], archive.days[0]?.date) };
  return { view, cacheKey: viewKey(archive.taxonomyHash, view.feed, view.papers.map((paper) => paper.entryHash)) };
}

/** The topic feeds this build writes (src/data/pages-to-render.ts). */
export function topicFeedPages(archive: Archive) {
  const topics = [...archive.topics.values()].map((topic) => [topic.id, topic] as const);
  // A renamed or merged topic's old feed keeps delivering: it carries the topic it became.
  const aliases = [...topicAliases(archive)].flatMap(([alias, target]) => {
    const topic = archive.topics.get(target);
    return topic ? [[alias, topic] as const] : [];
  });
  const feeds = [...topics, ...aliases].map(([slug, topic]) => {
    const { view, cacheKey } = topicFeedView(archive, topic);
    // The feed names the address it is read at (atom:link rel="self"), old or current.
    return { params: { topic: slug }, props: { view: { ...view, feed: { ...view.feed, path: paths.topicFeed(slug) } } }, cacheKey };
  });
  return pagesToRender(archive, 'topic-feeds', feeds, (feed) => paths.topicFeed(feed.params.topic));
}
