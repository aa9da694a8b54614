/** `/rss.xml`: the newest papers, newest day first (the site feed every page links to). */
import type { APIRoute } from 'astro';
import { loadArchive } from '../data/archive.ts';
import { feedResponse, listFeeds, paperItem, recentPapers } from '../utils/feeds.ts';

export const GET: APIRoute = async ({ site }) => {
  const archive = await loadArchive();
  const feed = listFeeds(archive).find((f) => f.id === 'site')!;
  const papers = recentPapers(archive.newest, archive.days[0]?.date);
  return feedResponse({ ...feed, site, items: papers.map((paper) => paperItem(archive, paper, site)) });
};
