/** `/topics/<slug>/rss.xml`: the newest papers of one topic. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { loadArchive, topicAliases } from '../../../data/archive.ts';
import { pagesToRender } from '../../../data/pages-to-render.ts';
import type { TopicFeedView } from '../../../data/views.ts';
import { topicFeedView } from '../../../data/views.ts';
import { paperItem } from '../../../feeds/items.ts';
import { rssResponse } from '../../../feeds/rss.ts';
import { paths } from '../../../lib/paths.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const topics = [...archive.topics.values()].map((topic) => [topic.id, topic] as const);
  // A renamed or merged topic's old feed keeps delivering: it carries the topic it became.
  const aliases = [...topicAliases(archive)].flatMap(([alias, target]) => {
    const topic = archive.topics.get(target);
    return topic ? [[alias, topic] as const] : [];
  });
  const feeds = [...topics, ...aliases].map(([slug, topic]) => {
    const { view, cacheKey } = topicFeedView(archive, topic);
    // The feed names the address it is read at (atom:link rel="self"), old or current.
    return { params: { topic: slug }, props: { view: { ...view, feed: { ...view.feed, path: paths.topicFeed(slug) } } }, cacheKey };
  });
  return pagesToRender(archive, 'topic-feeds', feeds, (feed) => paths.topicFeed(feed.params.topic));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => {
  const archive = await loadArchive();
  const { feed, papers } = props['view'] as TopicFeedView;
  return rssResponse(feed, papers.map((paper) => paperItem(archive, paper, site)), site);
};
