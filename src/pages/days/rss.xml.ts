/** `/days/rss.xml`: one item per day's digest, listing its papers. */
import type { APIRoute } from 'astro';
import { loadArchive } from '../../data/archive.ts';
import { DAYS_FEED_LENGTH, dayItem, feedResponse, listFeeds } from '../../utils/feeds.ts';

export const GET: APIRoute = async ({ site }) => {
  const archive = await loadArchive();
  const feed = listFeeds(archive).find((f) => f.id === 'days')!;
  const days = archive.days.slice(0, DAYS_FEED_LENGTH);
  return feedResponse({ ...feed, site, items: days.map((day) => dayItem(day, site)) });
};
