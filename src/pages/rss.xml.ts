/** `/rss.xml`: the newest papers, newest day first (the site feed every page links to). */
import type { APIRoute } from 'astro';
import { loadArchive } from '../data/archive.ts';
import { siteFeed } from '../feeds/site-feeds.ts';
import { recentPapers } from '../lib/feed-info.ts';
import { paperItem } from '../feeds/items.ts';
import { rssResponse } from '../feeds/rss.ts';

export const GET: APIRoute = async ({ site }) => {
  const archive = await loadArchive();
  const papers = recentPapers(archive.newest, archive.days[0]?.date);
  return rssResponse(siteFeed, papers.map((paper) => paperItem(archive, paper, site)), site);
};
