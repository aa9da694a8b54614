/** `/topics/<slug>/rss.xml`: the newest papers of one topic. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { createHash } from 'node:crypto';
import type { Topic } from '../../../data/archive.ts';
import { loadArchive } from '../../../data/archive.ts';
import { feedResponse, paperItem, recentPapers, topicFeed } from '../../../utils/feeds.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  const newestDay = archive.days[0]?.date;
  return [...archive.topics.values()].map((topic) => {
    const papers = recentPapers(archive.papersByTopic.get(topic.id) ?? [], newestDay);
    // Everything the feed shows: a change to any of it re-renders the feed (topic names are categories).
    const shown = [topic.digest, ...papers.map((p) => `${p.id}:${p.digest}`), ...[...archive.topics.values()].map((t) => t.digest)];
    return {
      params: { topic: topic.id },
      props: { topic },
      cacheKey: createHash('sha1').update(shown.join('\n')).digest('hex'),
    };
  });
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => {
  const archive = await loadArchive();
  const topic = props['topic'] as Topic;
  const papers = recentPapers(archive.papersByTopic.get(topic.id) ?? [], archive.days[0]?.date);
  return feedResponse({ ...topicFeed(topic), site, items: papers.map((paper) => paperItem(archive, paper, site)) });
};
