/** `/feeds.opml`: every topic feed in one OPML 2.0 file, to subscribe to all topics in one step. */
import type { APIRoute } from 'astro';
import { loadArchive } from '../data/archive.ts';
import { opmlXml } from '../feeds/rss.ts';

export const GET: APIRoute = async ({ site }) => {
  const archive = await loadArchive();
  return new Response(opmlXml(archive, site), { headers: { 'Content-Type': 'text/x-opml; charset=utf-8' } });
};
