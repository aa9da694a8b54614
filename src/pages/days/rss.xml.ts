/** `/days/rss.xml`: one item per day's digest, listing its papers. */
import type { APIRoute } from 'astro';
import { loadArchive } from '../../data/archive.ts';
import { DAYS_FEED_LENGTH, daysFeed } from '../../feeds/site-feeds.ts';
import { dayItem } from '../../feeds/items.ts';
import { rssResponse } from '../../feeds/rss.ts';

export const GET: APIRoute = async ({ site }) => {
  const archive = await loadArchive();
  const days = archive.days.slice(0, DAYS_FEED_LENGTH);
  return rssResponse(daysFeed, days.map((day) => dayItem(day, site)), site);
};
