/** `/watch/recent.json`: the recent days' papers, for watches (src/data/watch.ts). */
import type { APIRoute } from 'astro';
import { loadArchive } from '../../data/archive.ts';
import { recentPapers } from '../../data/watch.ts';

export const GET: APIRoute = async () => {
  const archive = await loadArchive();
  return new Response(JSON.stringify(recentPapers(archive)), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
