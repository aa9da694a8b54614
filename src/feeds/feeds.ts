/**
 * The site's feeds and what each carries. Feed routes stay thin: `src/pages/rss.xml.ts`,
 * `src/pages/days/rss.xml.ts`, `src/pages/topics/[topic]/rss.xml.ts`, and the feed list
 * (`src/pages/feeds.astro`, `src/pages/feeds.opml.ts`).
 */
import { SITE } from '../config.ts';
import type { Archive, Paper, Topic } from '../data/archive.ts';
import { firstSeen } from '../data/archive.ts';
import { paths } from '../lib/paths.ts';

/** A paper feed carries the papers of the last this many days (calendar days, up to the newest digest)… */
export const FEED_WINDOW_DAYS = 7;
/** …or at least this many papers, whichever is more. */
export const FEED_MIN_ITEMS = 100;
/** The days feed carries the newest this many digests. */
export const DAYS_FEED_LENGTH = 14;
/** The weeks feed carries the newest this many weeks. */
export const WEEKS_FEED_LENGTH = 12;

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

export const siteFeed: FeedInfo = {
  id: 'site',
  name: 'Newest papers',
  title: `${SITE.name}: newest papers`,
  description: `Every new paper, newest first: the last ${FEED_WINDOW_DAYS} days or at least ${FEED_MIN_ITEMS} papers.`,
  path: paths.siteFeed(),
  pagePath: paths.home(),
};

export const daysFeed: FeedInfo = {
  id: 'days',
  name: 'Daily digests',
  title: `${SITE.name}: daily digests`,
  description: `One item a day, listing that day’s trending papers (the newest ${DAYS_FEED_LENGTH} days).`,
  path: paths.daysFeed(),
  pagePath: paths.days(),
};

export const weeksFeed: FeedInfo = {
  id: 'weeks',
  name: 'Weekly digests',
  title: `${SITE.name}: weekly digests`,
  description: `One item a week: the week's papers ranked by days trended, and the subjects that rose (the newest ${WEEKS_FEED_LENGTH} weeks).`,
  path: paths.weeksFeed(),
  pagePath: paths.weeks(),
};

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

/** The site's feeds: the newest papers, the daily and weekly digests, then one per topic (taxonomy order). */
export function listFeeds(archive: Archive): FeedInfo[] {
  return [siteFeed, daysFeed, weeksFeed, ...[...archive.topics.values()].map(topicFeed)];
}

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
