/** What the site's feeds and the pages that list them share: a feed's description, a topic's feed, which papers a feed carries. */
import { paths } from './paths.ts';

/** A paper feed carries the papers of the last this many days (calendar days, up to the newest digest)… */
export const FEED_WINDOW_DAYS = 7;
/** …or at least this many papers, whichever is more. */
export const FEED_MIN_ITEMS = 100;

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

/** The feed of one topic, on the site named `siteName`. */
export function topicFeed(topic: { id: string; data: { name: string; description: string } }, siteName: string): FeedInfo {
  return {
    id: `topic:${topic.id}`,
    name: topic.data.name,
    title: `${siteName}: ${topic.data.name}`,
    description: topic.data.description,
    path: paths.topicFeed(topic.id),
    pagePath: paths.topic(topic.id),
  };
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
export function recentPapers<Paper extends { data: { days: readonly string[] } }>(papers: readonly Paper[], newestDay: string | undefined): Paper[] {
  if (newestDay === undefined) return [];
  const since = minusDays(newestDay, FEED_WINDOW_DAYS - 1);
  let inWindow = 0;
  while (inWindow < papers.length && ((papers[inWindow] as Paper).data.days[0] as string) >= since) inWindow++;
  return papers.slice(0, Math.max(inWindow, Math.min(FEED_MIN_ITEMS, papers.length)));
}
