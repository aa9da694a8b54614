/** `/topics/<slug>/rss.xml`: the newest papers of one topic. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadArchive } from '../../../data/archive.ts';
import type { TopicFeedView } from '../../../data/views.ts';
import { topicFeedPages } from '../../../data/views.ts';
import { paperItem } from '../../../feeds/items.ts';
import { rssResponse } from '../../../feeds/rss.ts';

export const getStaticPaths = (async () => topicFeedPages(await loadArchive())) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => {
  const archive = await loadArchive();
  const { feed, papers } = props['view'] as TopicFeedView;
  return rssResponse(feed, papers.map((paper) => paperItem(archive, paper, site)), site);
};
