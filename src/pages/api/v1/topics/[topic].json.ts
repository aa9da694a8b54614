/** `/api/v1/topics/<slug>.json`: a topic and its papers, newest first (src/data/api.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { jsonResponse, topicFile } from '../../../../data/api.ts';
import { firstSeen, loadArchive } from '../../../../data/archive.ts';
import { pagesToRender } from '../../../../data/pages.ts';
import { viewKey } from '../../../../data/views.ts';
import { paths } from '../../../../lib/paths.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  // The file shows the topic's words and its papers' slugs and first days.
  const files = [...archive.topics.values()].map((topic) => ({
    params: { topic: topic.id },
    props: { topic: topic.id },
    cacheKey: viewKey('api-topic', topic.digest, (archive.papersByTopic.get(topic.id) ?? []).map((p) => `${p.id}:${firstSeen(p)}`)),
  }));
  return pagesToRender(archive, 'api-topics', files, (file) => paths.apiFile(`topics/${file.params.topic}.json`));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => jsonResponse(topicFile(await loadArchive(), (props as { topic: string }).topic, site));
