/** `/weeks/rss.xml`: one item per week, the week's digest as its content. */
import type { APIRoute } from 'astro';
import { loadArchive } from '../../data/archive.ts';
import { loadPeriods } from '../../data/periods.ts';
import { WEEKS_FEED_LENGTH, weeksFeed } from '../../feeds/site-feeds.ts';
import { weekItem } from '../../feeds/items.ts';
import { rssResponse } from '../../feeds/rss.ts';

export const GET: APIRoute = async ({ site }) => {
  const weeks = (await loadPeriods(await loadArchive(), 'week')).slice(-WEEKS_FEED_LENGTH).reverse();
  return rssResponse(weeksFeed, weeks.map(({ view }) => weekItem(view(), site)), site);
};
