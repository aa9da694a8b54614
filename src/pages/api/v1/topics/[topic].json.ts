/** `/api/v1/topics/<slug>.json`: a topic and its papers, newest first (src/data/api.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { jsonResponse, topicFile } from '../../../../data/api.ts';
import { firstSeen, loadArchive, topicAliases } from '../../../../data/archive.ts';
import { pagesToRender } from '../../../../data/pages-to-render.ts';
import { viewKey } from '../../../../data/views.ts';
import { paths } from '../../../../lib/paths.ts';

export const getStaticPaths = (async () => {
  const archive = await loadArchive();
  // The file shows the topic's words and its papers' slugs and first days.
  // A renamed or merged topic's old file keeps answering, with the topic it became.
  const slugs = [...[...archive.topics.keys()].map((id) => [id, id] as const), ...topicAliases(archive)];
  const files = slugs.flatMap(([slug, id]) => {
    const topic = archive.topics.get(id);
    if (!topic) return [];
    const key = viewKey('api-topic', topic.digest, (archive.papersByTopic.get(id) ?? []).map((p) => `${p.id}:${firstSeen(p)}`));
    return [{ params: { topic: slug }, props: { topic: id }, cacheKey: key }];
  });
  return pagesToRender(archive, 'api-topics', files, (file) => paths.apiFile(`topics/${file.params.topic}.json`));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => jsonResponse(topicFile(await loadArchive(), (props as { topic: string }).topic, site));
