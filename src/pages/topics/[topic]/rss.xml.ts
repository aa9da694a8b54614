/** `/topics/<slug>/rss.xml`: the newest papers of one topic. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadArchive } from '../../../data/archive.ts';
import { pagesToRender } from '../../../data/pages.ts';
import type { TopicFeedView } from '../../../data/views.ts';
import { topicFeedView } from '../../../data/views.ts';
import { paperItem } from '../../../feeds/items.ts';
import { rssResponse } from '../../../feeds/rss.ts';
import { paths } from '../../../lib/paths.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const feeds = [...archive.topics.values()].map((topic) => {
    const { view, cacheKey } = topicFeedView(archive, topic);
    return { params: { topic: topic.id }, props: { view }, cacheKey };
  });
  return pagesToRender(archive, 'topic-feeds', feeds, (feed) => paths.topicFeed(feed.params.topic));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => {
  const archive = await loadArchive();
  const { feed, papers } = props['view'] as TopicFeedView;
  return rssResponse(feed, papers.map((paper) => paperItem(archive, paper, site)), site);
};
