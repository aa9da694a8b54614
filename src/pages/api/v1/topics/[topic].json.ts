/** `/api/v1/topics/<slug>.json`: a topic and its papers, newest first (src/data/api.ts). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { jsonResponse, topicFile, topicFilePages } from '../../../../data/api.ts';
import { loadArchive } from '../../../../data/archive.ts';

export const getStaticPaths = (async () => topicFilePages(await loadArchive())) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props, site }) => jsonResponse(topicFile(await loadArchive(), (props as { topic: string }).topic, site));
