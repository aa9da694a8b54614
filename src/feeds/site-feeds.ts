/**
 * The site's feeds (a topic's feed and which papers a paper feed carries: src/lib/feed-info.ts). Feed routes stay thin: `src/pages/rss.xml.ts`,
 * `src/pages/days/rss.xml.ts`, `src/pages/topics/[topic]/rss.xml.ts`, and the feed list
 * (`src/pages/feeds.astro`, `src/pages/feeds.opml.ts`).
 */
import { SITE } from '../config.ts';
import type { Archive } from '../data/archive.ts';
import type { FeedInfo } from '../lib/feed-info.ts';
import { FEED_MIN_ITEMS, FEED_WINDOW_DAYS, topicFeed } from '../lib/feed-info.ts';
import { paths } from '../lib/paths.ts';

/** The days feed carries the newest this many digests. */
export const DAYS_FEED_LENGTH = 14;
/** The weeks feed carries the newest this many weeks. */
export const WEEKS_FEED_LENGTH = 12;

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

/** The site's feeds: the newest papers, the daily and weekly digests, then one per topic (taxonomy order). */
export function listFeeds(archive: Archive): FeedInfo[] {
  return [siteFeed, daysFeed, weeksFeed, ...[...archive.topics.values()].map((topic) => topicFeed(topic, SITE.name))];
}
